import { existsSync } from 'node:fs';
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
import { newConnection } from '../auth/connection';

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
}

export { WS_PATH };

/**
 * Web mode's server: the renderer's files for each shell's URL and the hub's contract over a
 * WebSocket. The same server lets a LAN browser (a waiting-room TV, a spare PC) be a screen.
 */
export async function createWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const { hub } = options;
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, ...(options.tls ? { https: { key: options.tls.key, cert: options.tls.cert, minVersion: 'TLSv1.2' as const } } : {}) });
  const headers = securityHeaders();
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(headers);
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 2 * MAX_FRAME_BYTES } });

  // WebSocket: refuse pages of other origins (cross-site WebSocket hijacking); clients
  // without an Origin header (other programs on the LAN) pass to the session check.
  app.register(async (scope) => {
    scope.addHook('preValidation', async (req, reply) => {
      const origin = req.headers.origin;
      if (origin && !sameOrigin(origin, req.headers.host)) {
        await reply.code(403).send({ error: 'cross-origin WebSocket refused' });
      }
    });
    scope.get(WS_PATH, { websocket: true }, (socket, req) => serveSocket(hub, socket, req.socket.remoteAddress, options.requirePairing === true || !isLoopback(req.socket.remoteAddress)));
  });

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

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

const LAN_IDENTITY_PROCS = new Set(['auth.device', 'auth.pair']);

/** One connection: frames in, results and events out. A bad frame gets an error, never a crash. */
function serveSocket(hub: Hub, socket: WebSocket, remoteAddress: string | undefined, lan: boolean): void {
  // one connection, one kind of caller (staff, or one kind of screen) for its whole life: hub/auth/connection.ts
  const transport: TransportInfo = { kind: 'ws', remoteAddress, connection: newConnection(), ...(lan ? { lan: { deviceId: null, kind: null } } : {}) };
  // a revoked device's connections close at once (its sessions already ended in the same change)
  const offRevoked = transport.lan
    ? hub.services.events.on('device.changed', ({ revoked }) => {
        if (transport.lan?.deviceId != null && revoked.includes(transport.lan.deviceId)) socket.close(4403, 'device revoked');
      })
    : () => {};
  const subscriptions = new Map<string, () => void>();
  const error = (id: number | null, code: 'MALFORMED_FRAME' | 'MESSAGE_TOO_LARGE', message: string) =>
    send(socket, { t: 'res', id, ok: false, error: { code, message } });

  socket.on('message', (data: RawData, isBinary: boolean) => {
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
      const answered = hub.call(frame, transport).then((res) => send(socket, res));
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
    if (kind === 'call') {
      void hub.call(frame, transport).then((res) => send(socket, res));
    } else if (kind === 'sub') {
      const { answer, unsubscribe } = hub.subscribe(frame, transport, (event, payload) => send(socket, { t: 'evt', event, payload }));
      if (answer.ok) {
        const event = (frame as { event: string }).event;
        subscriptions.get(event)?.();
        subscriptions.set(event, unsubscribe);
      }
      send(socket, answer);
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
    offRevoked();
    for (const off of subscriptions.values()) off();
    subscriptions.clear();
  });
  socket.on('error', () => socket.terminate());
}
