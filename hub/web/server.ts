import { existsSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { WebSocket, RawData } from 'ws';
import { shells } from '../../core/roles';
import { MAX_FRAME_BYTES, type ServerFrame } from '../../core/api/wire';
import { WS_PATH } from '../../core/api/paths';
import type { Hub } from '../hub';
import type { TransportInfo } from '../rpc/dispatch';
import { securityHeaders } from './csp';
import { hostNames } from './hostNames';
import { ConnectionCount, defaultTransportLimits, FrameWatch, MAX_PAYLOAD_BYTES, sourceAddress, type TransportLimits } from './transportLimits';
import { newConnection } from '../auth/connection';
import { watchAgentLiveness } from '../agent/liveness';
import { registerAgentPageRoute } from '../agent/pageRoute';
import { registerStandbyRoutes } from '../standby/routes';
import { registerUpdateRoute } from '../updates/updateRoute';

export interface WebServerOptions {
  hub: Hub;
  /** the built renderer (vite's output) */
  rendererDir: string;
  host: string;
  port: number;
  /** serve HTTPS with the office certificate (hub/lan/officeCertificate.ts): always when other PCs are served */
  tls?: { key: string; cert: string; authorityPem?: string | undefined } | undefined;
  /**
   * Browsers on this PC (loopback) are trusted as the PC itself; everything else must pair first.
   * `true`: loopback must pair too (an office that wants every screen paired, and the tests).
   */
  requirePairing?: boolean | undefined;
  /** connection caps and timeouts (docs/SECURITY.md § Transport limits); the defaults are production's, tests shorten them */
  limits?: Partial<TransportLimits> | undefined;
  /** this PC's interface addresses, served as its names when bound to every interface (default: os.networkInterfaces) */
  interfaceAddresses?: (() => string[]) | undefined;
}

export { WS_PATH };

/**
 * Web mode's server: the renderer's files for each shell's URL and the hub's contract over a
 * WebSocket. The same server lets a LAN browser (a waiting-room TV, a spare PC) be a screen.
 */
export async function createWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const { hub } = options;
  const limits: TransportLimits = { ...defaultTransportLimits, ...options.limits };
  // Node's own HTTP timeouts, checked often enough that a slow client is dropped near its deadline.
  const timeouts = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    requestTimeout: timeouts.requestTimeout,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    ...(options.tls
      ? { https: { key: options.tls.key, cert: options.tls.cert, minVersion: 'TLSv1.2' as const, handshakeTimeout: limits.headersTimeoutMs, ...timeouts } }
      : { http: timeouts }),
  });

  // TCP connections: at most so many per address (dropped as they connect) and in all.
  const tcp = new ConnectionCount(limits.maxConnectionsPerAddress, Number.POSITIVE_INFINITY);
  app.server.maxConnections = limits.maxConnections;
  app.server.on('connection', (socket: Socket) => {
    const place = tcp.take(sourceAddress(socket.remoteAddress));
    if (!place.ok) return void socket.destroy();
    socket.once('close', place.release);
  });

  const headers = securityHeaders();
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(headers);
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_PAYLOAD_BYTES, allowSynchronousEvents: true } });

  // Every request and upgrade must name the hub itself (DNS rebinding): 421 and nothing of the app otherwise.
  // (After the WebSocket plugin's own hook, which marks an upgrade so that a refused one's socket is closed.)
  const names = hostNames({ host: options.host, certPem: options.tls?.cert, interfaceAddresses: options.interfaceAddresses });
  const secure = options.tls !== undefined;
  const port = () => (app.server.address() as AddressInfo | null)?.port ?? options.port;
  app.addHook('onRequest', async (req, reply) => {
    if (!names.allows(req.headers.host, port(), secure)) {
      return reply.code(421).header('Connection', 'close').type('text/plain; charset=utf-8').send('misdirected request: this server answers to its own names only\n');
    }
  });

  const sockets = new ConnectionCount(limits.maxSocketsPerAddress, limits.maxSockets);
  app.register(async (scope) => {
    // WebSockets: at most so many per address (429) and in all (503), counted from the upgrade request on.
    scope.addHook('onRequest', async (req, reply) => {
      if (!req.ws) return;
      const place = sockets.take(sourceAddress(req.socket.remoteAddress));
      if (!place.ok) {
        return reply
          .code(place.full === 'address' ? 429 : 503)
          .header('Retry-After', '30')
          .send({ error: place.full === 'address' ? 'too many connections from this address' : 'too many connections' });
      }
      req.socket.once('close', place.release);
    });
    // Refuse pages of other origins (cross-site WebSocket hijacking); clients without an Origin
    // header (other programs on the LAN) pass to the session check.
    scope.addHook('preValidation', async (req, reply) => {
      const origin = req.headers.origin;
      if (origin && !sameOrigin(origin, req.headers.host)) {
        await reply.code(403).send({ error: 'cross-origin WebSocket refused' });
      }
    });
    scope.get(WS_PATH, { websocket: true }, (socket, req) =>
      serveSocket(hub, socket, req.socket, req.socket.remoteAddress, options.requirePairing === true || !isLoopback(req.socket.remoteAddress), limits),
    );
  });

  // workstations' agents PUT their scanned pages here (hub/agent/pageRoute.ts)
  await registerAgentPageRoute(app, () => hub.services.agents);
  // the standby pulls its copies here; a promoted one's fence notice arrives here (hub/standby/routes.ts)
  await registerStandbyRoutes(app, () => hub.services);
  // and fetch the app's updates here (hub/updates/updateRoute.ts)
  await registerUpdateRoute(app, () => hub.services.agents, () => hub.services.updates);

  const { rendererDir } = options;
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${rendererDir}/index.html missing): run npm run build`);
  }
  await app.register(fastifyStatic, {
    root: rendererDir,
    index: false,
    wildcard: true,
    setHeaders(res, file: string) {
      // Vite fingerprints everything under assets/; the HTML must always be fresh.
      res.header('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  for (const shell of shells) {
    app.get(`/${shell}`, (_req, reply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html'));
  }
  app.get('/', (_req, reply) => reply.redirect('/counter'));
  // The office authority, for a LAN browser to install (its fingerprint is on the manager's screen to compare).
  const authorityPem = options.tls?.authorityPem;
  if (authorityPem) {
    app.get('/office-ca.crt', (_req, reply) =>
      reply.header('Content-Type', 'application/x-x509-ca-cert').header('Content-Disposition', 'attachment; filename="daftaryar-office-ca.crt"').send(authorityPem),
    );
  }

  await app.listen({ host: options.host, port: options.port });
  return app;
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped form: this PC. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** How long a connection closed for misbehaving may take to answer the close before it is dropped. */
const CLOSE_GRACE_MS = 1000;

const LAN_IDENTITY_PROCS = new Set(['auth.device', 'auth.pair', 'setup.createOffice']);

/** One connection: frames in, results and events out. A bad frame gets an error, never a crash. */
function serveSocket(hub: Hub, socket: WebSocket, raw: Duplex, remoteAddress: string | undefined, lan: boolean, limits: TransportLimits): void {
  // one connection, one kind of caller (staff, or one kind of screen) for its whole life: hub/auth/connection.ts
  const transport: TransportInfo = { kind: 'ws', remoteAddress, connection: newConnection(), ...(lan ? { lan: { deviceId: null, kind: null } } : {}) };
  /** the hub's own PC, or a LAN device that proved itself */
  const proven = () => !transport.lan || transport.lan.deviceId !== null;
  let identityPending = 0;
  let closing = false;

  // ws holds a partial frame as long as the client likes: a message must arrive whole in time, and
  // a connection that proved nothing may announce only small ones (docs/SECURITY.md § Transport limits).
  const watch = new FrameWatch({
    timeoutMs: limits.frameTimeoutMs,
    maxMessageBytes: () => (proven() || identityPending > 0 ? Number.POSITIVE_INFINITY : limits.unprovenMaxFrameBytes),
    onStall: () => shut(1008, 'message not completed in time', true),
    onTooLarge: () => shut(1009, 'message too large for a connection that proved no device', true),
  });
  raw.on('data', (chunk: Buffer) => watch.push(chunk));

  // A LAN connection proves a device within its time, or is closed.
  let proofExpired = false;
  const proofTimer = transport.lan
    ? setTimeout(() => {
        proofExpired = true;
        if (!proven() && identityPending === 0) shut(4408, 'no device proven in time');
      }, limits.deviceProofTimeoutMs)
    : undefined;
  proofTimer?.unref();
  const afterIdentity = () => {
    if (proven()) return clearTimeout(proofTimer);
    watch.recheck(); // a large message behind a failed proof is no longer allowed
    if (proofExpired) shut(4408, 'no device proven in time');
  };

  /**
   * Closes the connection; it is dropped if it does not answer the close in time. Frames still arriving
   * are not served, and stay under the same limits meanwhile. `abusive`: nothing more is read at all.
   */
  function shut(code: number, reason: string, abusive = false): void {
    if (closing) {
      if (abusive) socket.terminate();
      return;
    }
    closing = true;
    clearTimeout(proofTimer);
    if (socket.readyState === socket.OPEN) socket.close(code, reason);
    if (abusive) {
      watch.stop();
      socket.pause();
    }
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
  }
  function send(frame: ServerFrame): void {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(frame));
    // answers piling up for a connection that proved nothing and does not read them: dropped at once
    if (!proven() && socket.bufferedAmount > limits.unprovenMaxQueuedBytes) {
      closing = true;
      socket.terminate();
    }
  }

  // a revoked device's connections close at once (its sessions already ended in the same change)
  const offRevoked = transport.lan
    ? hub.services.events.on('device.changed', ({ revoked }) => {
        if (transport.lan?.deviceId != null && revoked.includes(transport.lan.deviceId)) socket.close(4403, 'device revoked');
      })
    : () => {};
  const subscriptions = new Map<string, () => void>();
  /** the hub's own watch on an agent's connection, from its agent.job subscription on (hub/agent/liveness.ts) */
  let stopLiveness: (() => void) | undefined;
  const error = (id: number | null, code: 'MALFORMED_FRAME' | 'MESSAGE_TOO_LARGE', message: string) =>
    send({ t: 'res', id, ok: false, error: { code, message } });

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return;
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer | ArrayBuffer).byteLength;
    if (size > MAX_FRAME_BYTES) return error(null, 'MESSAGE_TOO_LARGE', `frames are limited to ${MAX_FRAME_BYTES} bytes`);
    if (isBinary) return error(null, 'MALFORMED_FRAME', 'binary frames are not accepted');
    let frame: unknown;
    try {
      frame = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    } catch {
      return error(null, 'MALFORMED_FRAME', 'frame is not JSON');
    }
    const kind = (frame as { t?: unknown } | null)?.t;
    // A LAN device proves itself first (auth.device / auth.pair); what arrives behind that frame
    // waits for its answer, so a subscription sent right after it is judged as the device's.
    if (transport.lan && kind === 'call' && LAN_IDENTITY_PROCS.has(String((frame as { proc?: unknown }).proc))) {
      identityPending++;
      const answered = hub.call(frame, transport).then((res) => {
        identityPending--;
        send(res);
        afterIdentity();
      });
      gate = gate.then(() => answered);
      return;
    }
    if (transport.lan) {
      gate = gate.then(() => handle(frame, kind));
      return;
    }
    handle(frame, kind);
  });

  let gate: Promise<void> = Promise.resolve();
  function handle(frame: unknown, kind: unknown): void {
    if (closing) return;
    if (kind === 'call') {
      void hub.call(frame, transport).then((res) => send(res));
    } else if (kind === 'sub') {
      const { answer, unsubscribe } = hub.subscribe(frame, transport, (event, payload) => send({ t: 'evt', event, payload }));
      if (answer.ok) {
        const event = (frame as { event: string }).event;
        subscriptions.get(event)?.();
        subscriptions.set(event, unsubscribe);
        if (event === 'agent.job' && !stopLiveness) {
          stopLiveness = watchAgentLiveness(socket, { everyMs: limits.agentPingEveryMs, timeoutMs: limits.agentPongTimeoutMs }, () =>
            hub.services.log.warn('a workstation agent stopped answering; its connection is dropped', { device: transport.connection.heldBy, address: remoteAddress }),
          );
        }
      }
      send(answer);
    } else if (kind === 'unsub') {
      const event = (frame as { event?: unknown }).event;
      if (typeof event === 'string') {
        subscriptions.get(event)?.();
        subscriptions.delete(event);
      }
    } else {
      error(null, 'MALFORMED_FRAME', 'unknown frame type');
    }
  }
  socket.on('close', () => {
    closing = true;
    watch.stop();
    clearTimeout(proofTimer);
    stopLiveness?.();
    offRevoked();
    for (const off of subscriptions.values()) off();
    subscriptions.clear();
  });
  socket.on('error', () => socket.terminate());
}
