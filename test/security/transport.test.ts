import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { WS_PATH } from '../../core/api/paths';
import { createWebServer, type WebServerOptions } from '../../hub/web/server';
import { officeTls } from '../../hub/lan/officeCertificate';
import { connectPinned, pairWithHub } from '../../native/lan/hubClient';
import { setUpHub } from '../support/hub';

// The web server as a stranger on the LAN meets it, over real sockets (docs/SECURITY.md § Transport
// limits): the names it answers to (a page of another site, reached by DNS rebinding, gets nothing),
// and what a connection may hold before it proved anything — partial frames, idle sockets, slow
// headers, connections by the hundred, replies it never reads. Timeouts are shortened through
// createWebServer's `limits`, so nothing here sleeps for long.

let rendererDir: string;
let t: Awaited<ReturnType<typeof setUpHub>>;
let tlsOptions: NonNullable<WebServerOptions['tls']>;
const servers: FastifyInstance[] = [];
const sockets: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>دفتریار</title><script src="/assets/app-1234.js"></script>');
  writeFileSync(path.join(rendererDir, 'assets', 'app-1234.js'), 'console.log("the app")');
  t = await setUpHub();
  // the office certificate of a hub PC called hub-pc with a LAN address it is not bound to here
  const tls = await officeTls(t.db, new Date(), { dns: ['localhost', 'hub-pc', 'hub-pc.local'], ips: ['127.0.0.1', '192.0.2.10'] });
  tlsOptions = { key: tls.keyPem, cert: tls.certPem, authorityPem: tls.authority.pem };
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(() => {
  t.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** A server of its own; loopback trusted as the hub's PC unless `lan` (HTTPS, every connection must pair). */
async function serve(options: { lan?: boolean; limits?: WebServerOptions['limits'] } = {}) {
  const server = await createWebServer({
    hub: t.hub,
    rendererDir,
    host: '127.0.0.1',
    port: 0,
    ...(options.lan ? { tls: tlsOptions, requirePairing: true } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  servers.push(server);
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, scheme: options.lan ? 'https' : 'http', wsScheme: options.lan ? 'wss' : 'ws' };
}

/** A raw TCP (or TLS) connection that keeps everything it receives. */
async function raw(port: number, options: { tls?: boolean; localAddress?: string } = {}) {
  const socket: Socket = options.tls
    ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...(options.localAddress ? { localAddress: options.localAddress } : {}) })
    : netConnect({ host: '127.0.0.1', port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  sockets.push(socket);
  const chunks: Buffer[] = [];
  let isClosed = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void closed.then(() => (isClosed = true));
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => Buffer.concat(chunks),
    closed,
    isClosed: () => isClosed,
    /** resolves true when the server closed the connection within `ms` */
    closedWithin: (ms: number) => Promise.race([closed.then(() => true), sleep(ms).then(() => false)]),
    write: (data: string | Buffer) => new Promise<void>((resolve) => socket.write(data, () => resolve())),
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** One HTTP request over a raw connection: status and body (the server closes after it). */
async function request(port: number, pathName: string, host: string, options: { tls?: boolean; headers?: string; localAddress?: string } = {}) {
  const c = await raw(port, options);
  await c.write(`GET ${pathName} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${options.headers ?? ''}\r\n`);
  await c.closedWithin(3000);
  const text = c.received().toString('utf8');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text, body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

const WS_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const upgrade = (host: string, extra = '') =>
  `GET ${WS_PATH} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${WS_KEY}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;

/** The header of a masked client frame (RFC 6455 §5.2); the mask is zeros, so the payload goes as it is. */
function frameHeader(length: number, options: { opcode?: number; fin?: boolean } = {}): Buffer {
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.opcode ?? 1);
  const mask = Buffer.alloc(4);
  if (length < 126) return Buffer.concat([Buffer.from([first, 0x80 | length]), mask]);
  if (length < 65_536) {
    const b = Buffer.from([first, 0x80 | 126, 0, 0]);
    b.writeUInt16BE(length, 2);
    return Buffer.concat([b, mask]);
  }
  const b = Buffer.alloc(10);
  b[0] = first;
  b[1] = 0x80 | 127;
  b.writeBigUInt64BE(BigInt(length), 2);
  return Buffer.concat([b, mask]);
}
const frame = (text: string, options: { opcode?: number; fin?: boolean } = {}) => Buffer.concat([frameHeader(Buffer.byteLength(text), options), Buffer.from(text)]);

/** A raw connection upgraded to a WebSocket; `head` goes in the same write as the upgrade request. */
async function rawSocket(port: number, options: { tls?: boolean; localAddress?: string; head?: Buffer } = {}) {
  const c = await raw(port, options);
  await c.write(Buffer.concat([Buffer.from(upgrade(`127.0.0.1:${port}`)), options.head ?? Buffer.alloc(0)]));
  expect(await until(() => c.received().includes('\r\n\r\n') || c.isClosed(), 3000)).toBe(true);
  expect(c.received().toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
  return c;
}

/** The close code in the server's frames after the 101 response, if it sent a close frame. */
function closeCode(received: Buffer): number | null {
  let i = received.indexOf('\r\n\r\n') + 4;
  while (i + 2 <= received.length) {
    const opcode = received[i]! & 0x0f;
    let len = received[i + 1]! & 0x7f;
    let at = i + 2;
    if (len === 126) {
      len = received.readUInt16BE(at);
      at += 2;
    } else if (len === 127) {
      len = Number(received.readBigUInt64BE(at));
      at += 8;
    }
    if (opcode === 8) return len >= 2 ? received.readUInt16BE(at) : 1005;
    i = at + len;
  }
  return null;
}

/** A ws client; resolves once open, or rejects with the HTTP status that refused it. */
function wsOpen(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { rejectUnauthorized: false, ...options });
    sockets.push({ destroy: () => ws.terminate() });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

let callId = 1;
function wsCall(ws: WebSocket, proc: string, input: unknown = {}): Promise<any> {
  const id = callId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${proc}`)), 3000);
    const onMessage = (d: WebSocket.RawData) => {
      const f = JSON.parse(String(d));
      if (f.id !== id) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(f);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'call', id, proc, input }));
  });
}

describe('DNS rebinding: only the hub’s own names are served', () => {
  it('DNS rebinding: GET /counter with a foreign Host is refused with 421 and nothing of the app', async () => {
    const { port } = await serve();
    for (const p of ['/counter', '/applicant', '/', '/nope']) {
      const res = await request(port, p, `evil.example:${port}`);
      expect(res.status, p).toBe(421);
      expect(res.body).not.toContain('دفتریار');
      expect(res.body).not.toContain('app-1234');
    }
  });

  it('DNS rebinding: GET /assets/… with a foreign Host is refused with 421', async () => {
    const { port } = await serve();
    const res = await request(port, '/assets/app-1234.js', `evil.example:${port}`);
    expect(res.status).toBe(421);
    expect(res.body).not.toContain('the app');
  });

  it('DNS rebinding: the WebSocket upgrade with a foreign Host and its matching Origin is refused, so loopback trust opens nothing', async () => {
    const { port } = await serve();
    const evil = `evil.example:${port}`;
    await expect(wsOpen(`ws://127.0.0.1:${port}${WS_PATH}`, { headers: { Host: evil, Origin: `http://${evil}` } })).rejects.toThrow(/421/);
    // the probe's path, by hand: no 101, no frame read
    const c = await raw(port);
    await c.write(Buffer.concat([Buffer.from(upgrade(evil, `Origin: http://${evil}\r\n`)), frame(JSON.stringify({ t: 'call', id: 1, proc: 'auth.deviceLogin', input: { role: 'applicant' } }))]));
    await c.closedWithin(3000);
    expect(c.received().toString('latin1')).toMatch(/^HTTP\/1\.1 421/);
    expect(c.received().toString('latin1')).not.toContain('"ok":true');
  });

  it('a Host with the hub’s name but another port is refused too', async () => {
    const { port } = await serve();
    expect((await request(port, '/counter', `127.0.0.1:${port + 1}`)).status).toBe(421);
    expect((await request(port, '/counter', '127.0.0.1')).status).toBe(421); // port 80 implied
    expect((await request(port, '/counter', `localhost:${port}@evil.example`)).status).not.toBe(200);
  });

  it('the hub’s own names still work: localhost, 127.0.0.0/8, [::1], with the server’s port', async () => {
    const { port } = await serve();
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.5:${port}`, `[::1]:${port}`]) {
      const res = await request(port, '/counter', host);
      expect(res.status, host).toBe(200);
      expect(res.body).toContain('دفتریار');
    }
    expect((await request(port, '/assets/app-1234.js', `localhost:${port}`)).status).toBe(200);
    const ws = await wsOpen(`ws://127.0.0.1:${port}${WS_PATH}`, { headers: { Host: `localhost:${port}`, Origin: `http://localhost:${port}` } });
    expect(await wsCall(ws, 'health')).toMatchObject({ ok: true });
  });

  it('an allowed Host with a foreign Origin is still refused (403)', async () => {
    const { port } = await serve();
    await expect(wsOpen(`ws://127.0.0.1:${port}${WS_PATH}`, { headers: { Origin: `http://evil.example:${port}` } })).rejects.toThrow(/403/);
    await expect(wsOpen(`ws://127.0.0.1:${port}${WS_PATH}`, { headers: { Origin: `http://localhost:${port}` } })).rejects.toThrow(/403/);
  });

  it('over HTTPS, the names of the office certificate are served and no other', async () => {
    const { port } = await serve({ lan: true });
    for (const host of [`hub-pc.local:${port}`, `hub-pc:${port}`, `192.0.2.10:${port}`, `127.0.0.1:${port}`]) {
      expect((await request(port, '/counter', host, { tls: true })).status, host).toBe(200);
    }
    expect((await request(port, '/counter', `evil.example:${port}`, { tls: true })).status).toBe(421);
    expect((await request(port, '/office-ca.crt', `evil.example:${port}`, { tls: true })).status).toBe(421);
    await expect(wsOpen(`wss://127.0.0.1:${port}${WS_PATH}`, { headers: { Host: `evil.example:${port}`, Origin: `https://evil.example:${port}` } })).rejects.toThrow(/421/);
    const ws = await wsOpen(`wss://127.0.0.1:${port}${WS_PATH}`, { headers: { Host: `hub-pc.local:${port}`, Origin: `https://hub-pc.local:${port}` } });
    expect(await wsCall(ws, 'health')).toMatchObject({ ok: true });
  });
});

describe('partial frames and idle sockets', () => {
  it('partial frames: a frame announcing 2 MB whose bytes are dribbled is closed within the frame timeout', async () => {
    const { port } = await serve({ limits: { frameTimeoutMs: 400 } });
    const c = await rawSocket(port, { head: frameHeader(2_000_000) }); // in the same packet as the upgrade
    const started = Date.now();
    const dribble = setInterval(() => c.socket.write('x'), 50);
    try {
      expect(await c.closedWithin(3000)).toBe(true);
    } finally {
      clearInterval(dribble);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(closeCode(c.received())).toBe(1008);
    // the server goes on serving
    const ws = await wsOpen(`ws://127.0.0.1:${port}${WS_PATH}`);
    expect(await wsCall(ws, 'health')).toMatchObject({ ok: true });
  });

  it('partial frames: a message sent in fragments must also arrive whole within the timeout', async () => {
    const { port } = await serve({ limits: { frameTimeoutMs: 400 } });
    const c = await rawSocket(port);
    await c.write(frame('{"t":"call",', { fin: false }));
    const dribble = setInterval(() => c.socket.write(frame(' ', { opcode: 0, fin: false })), 50);
    try {
      expect(await c.closedWithin(3000)).toBe(true);
    } finally {
      clearInterval(dribble);
    }
    expect(closeCode(c.received())).toBe(1008);
  });

  it('partial frames: frames streamed steadily across packet boundaries for longer than the timeout are not cut', async () => {
    const { port } = await serve({ limits: { frameTimeoutMs: 300 } });
    const c = await rawSocket(port);
    const calls = Array.from({ length: 40 }, (_, i) => frame(JSON.stringify({ t: 'call', id: 100 + i, proc: 'health', input: {} })));
    const stream = Buffer.concat(calls);
    // every write ends in the middle of a frame; the whole takes ~1 s
    const step = Math.ceil(stream.length / 50);
    for (let at = 0; at < stream.length; at += step) {
      await c.write(stream.subarray(at, at + step));
      await sleep(20);
    }
    expect(await until(() => (c.received().toString('latin1').match(/"ok":true/g) ?? []).length === 40, 3000)).toBe(true);
    expect(c.isClosed()).toBe(false);
  });

  it('partial frames: a LAN connection that proved no device may not announce a large frame (1009 at once)', async () => {
    const { port } = await serve({ lan: true });
    const c = await rawSocket(port, { tls: true, head: frameHeader(100_000) });
    expect(await c.closedWithin(2000)).toBe(true);
    expect(closeCode(c.received())).toBe(1009);
  });

  it('idle sockets: a LAN connection that proves no device in time is closed (4408); a paired one stays', async () => {
    const { port } = await serve({ lan: true, limits: { deviceProofTimeoutMs: 500 } });
    const url = `wss://127.0.0.1:${port}${WS_PATH}`;
    const idle = await wsOpen(url);
    const code = new Promise<number>((r) => idle.once('close', (c) => r(c)));
    expect(await Promise.race([code, sleep(3000).then(() => 0)])).toBe(4408);

    const { code: pairingCode } = await t.ok('device.issueCode', { kind: 'counter', name: 'باجه ۳' }, t.managerSession);
    const paired = await pairWithHub({ url, code: pairingCode });
    const conn = await connectPinned(paired);
    await sleep(900);
    expect(await conn.call('health', {})).toMatchObject({ ok: true });
    conn.close();
  });

  it('idle sockets: HTTP headers must arrive within the headers timeout; a WebSocket outlives it', async () => {
    const { port } = await serve({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
    const ws = await wsOpen(`ws://127.0.0.1:${port}${WS_PATH}`);
    const c = await raw(port);
    await c.write(`GET /counter HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    const dribble = setInterval(() => c.socket.write('a'), 50);
    try {
      expect(await c.closedWithin(2500)).toBe(true);
    } finally {
      clearInterval(dribble);
    }
    expect(c.received().toString('latin1')).toMatch(/^HTTP\/1\.1 408/);
    expect(c.received().toString('utf8')).not.toContain('دفتریار');
    const silent = await raw(port); // connects and says nothing
    expect(await silent.closedWithin(2500)).toBe(true);
    expect(await wsCall(ws, 'health')).toMatchObject({ ok: true });
    expect((await request(port, '/counter', `127.0.0.1:${port}`)).status).toBe(200);
  });

  it('unread replies: a LAN connection that proved no device and does not read is closed past its queue limit', async () => {
    const { server, port } = await serve({ lan: true, limits: { unprovenMaxQueuedBytes: 64 * 1024 } });
    const c = await rawSocket(port, { tls: true });
    c.socket.pause(); // reads nothing more
    const tiny = frame('x'); // each answered with a MALFORMED_FRAME error ten times its size
    const burst = Buffer.concat(Array.from({ length: 10_000 }, () => tiny));
    const clients = (server as unknown as { websocketServer: { clients: Set<unknown> } }).websocketServer.clients;
    let sent = 0;
    while (clients.size > 0 && sent < 60) {
      c.socket.write(burst);
      sent++;
      await sleep(30);
    }
    expect(await until(() => clients.size === 0, 5000)).toBe(true);
  });
});

describe('connection caps', () => {
  it('connection caps: WebSockets over the per-address cap are refused (429) and over the total (503); those open keep working', async () => {
    const { port } = await serve({ limits: { maxSocketsPerAddress: 3, maxSockets: 5 } });
    const url = `ws://127.0.0.1:${port}${WS_PATH}`;
    const first = [await wsOpen(url), await wsOpen(url), await wsOpen(url)];
    await expect(wsOpen(url)).rejects.toThrow(/429/);
    const other = [await wsOpen(url, { localAddress: '127.0.0.2' }), await wsOpen(url, { localAddress: '127.0.0.2' })];
    await expect(wsOpen(url, { localAddress: '127.0.0.3' })).rejects.toThrow(/503/);
    for (const ws of [...first, ...other]) expect(await wsCall(ws, 'health')).toMatchObject({ ok: true });
    // a slot freed is a slot again
    const gone = new Promise((r) => first[0]!.once('close', r));
    first[0]!.close();
    await gone;
    let again: WebSocket | undefined;
    for (let i = 0; i < 20 && !again; i++) again = await wsOpen(url).catch(() => sleep(50).then(() => undefined));
    expect(await wsCall(again!, 'health')).toMatchObject({ ok: true });
  });

  it('connection caps: TCP connections over the per-address cap are dropped at once, others still served', async () => {
    const { port } = await serve({ limits: { maxConnectionsPerAddress: 4 } });
    const held = [await raw(port), await raw(port), await raw(port), await raw(port)];
    const extra = await raw(port);
    expect(await extra.closedWithin(1500)).toBe(true);
    expect((await request(port, '/counter', `127.0.0.1:${port}`, { localAddress: '127.0.0.2' })).status).toBe(200);
    for (const h of held) expect(h.isClosed()).toBe(false);
    held[0]!.socket.destroy();
    await sleep(100);
    expect((await request(port, '/counter', `127.0.0.1:${port}`)).status).toBe(200);
  });
});
