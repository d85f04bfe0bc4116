import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { MAX_FRAME_BYTES } from '../../core/api/wire';
import { testHub } from '../../test/support/hub';
import { createWebServer, WS_PATH } from './server';

let server: FastifyInstance;
let t: ReturnType<typeof testHub>;
let base: string;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>دفتریار</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
  t = testHub({ clockIntervalMs: 50 });
  server = await createWebServer({ hub: t.hub, rendererDir, host: '127.0.0.1', port: 0 });
  const addr = server.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  base = `127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  await server.close();
  t.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** A WebSocket client that collects every frame it receives. */
async function connect(headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://${base}${WS_PATH}`, { headers });
  const frames: any[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    frames.push(JSON.parse(d.toString()));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = async (pred: (f: any) => boolean = () => true, timeoutMs = 3000): Promise<any> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = frames.findIndex(pred);
      if (i >= 0) return frames.splice(i, 1)[0];
      if (Date.now() > deadline) throw new Error('no matching frame');
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return { ws, next, send: (x: unknown) => ws.send(typeof x === 'string' ? x : JSON.stringify(x)) };
}

describe('web mode server', () => {
  it('serves each shell’s URL with the strict CSP and no caching of the HTML', async () => {
    for (const shell of ['counter', 'kiosk', 'board', 'manager', 'applicant']) {
      const res = await fetch(`http://${base}/${shell}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('دفتریار');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const asset = await fetch(`http://${base}/assets/app-1234.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('redirects / to the counter and answers 404 for unknown paths and traversal attempts', async () => {
    const root = await fetch(`http://${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/counter');
    expect((await fetch(`http://${base}/nope`)).status).toBe(404);
    expect((await fetch(`http://${base}/assets/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('answers a call over the WebSocket', async () => {
    const c = await connect();
    c.send({ t: 'call', id: 1, proc: 'health', input: {} });
    expect(await c.next((f) => f.id === 1)).toMatchObject({ t: 'res', ok: true, output: { status: 'ok', setUp: false } });
    c.ws.close();
  });

  it('answers garbage with a clear error and goes on serving the same connection', async () => {
    const c = await connect();
    c.send('{not json');
    expect(await c.next()).toMatchObject({ ok: false, id: null, error: { code: 'MALFORMED_FRAME' } });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next()).toMatchObject({ ok: false, error: { code: 'MALFORMED_FRAME' } });
    c.send({ t: 'shout' });
    expect(await c.next()).toMatchObject({ ok: false, error: { code: 'MALFORMED_FRAME' } });
    c.send('['.repeat(100_000) + ']'.repeat(100_000)); // deeply nested JSON
    expect(await c.next()).toMatchObject({ ok: false, error: { code: 'MALFORMED_FRAME' } });
    c.send({ t: 'call', id: 2, proc: 'health', input: {} });
    expect(await c.next((f) => f.id === 2)).toMatchObject({ ok: true });
    c.ws.close();
  });

  it('refuses a frame over the limit with MESSAGE_TOO_LARGE and keeps the connection', async () => {
    const c = await connect();
    c.send({ t: 'call', id: 3, proc: 'health', input: { pad: 'x'.repeat(MAX_FRAME_BYTES) } });
    expect(await c.next()).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LARGE' } });
    c.send({ t: 'call', id: 4, proc: 'health', input: {} });
    expect(await c.next((f) => f.id === 4)).toMatchObject({ ok: true });
    c.ws.close();
  });

  it('closes a connection that sends a frame beyond the hard limit (1009) and serves the next one', async () => {
    const c = await connect();
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    c.send('x'.repeat(3 * MAX_FRAME_BYTES));
    expect(await closed).toBe(1009);
    const d = await connect();
    d.send({ t: 'call', id: 5, proc: 'health', input: {} });
    expect(await d.next((f) => f.id === 5)).toMatchObject({ ok: true });
    d.ws.close();
  });

  it('refuses a WebSocket opened by a page of another origin', async () => {
    await expect(connect({ Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const same = await connect({ Origin: `http://${base}` });
    same.ws.close();
  });

  it('delivers clock events to subscribers, at once and then on every tick, until they unsubscribe', async () => {
    const c = await connect();
    c.send({ t: 'sub', id: 10, event: 'clock' });
    expect(await c.next((f) => f.id === 10)).toMatchObject({ ok: true });
    expect(await c.next((f) => f.t === 'evt')).toMatchObject({ event: 'clock', payload: { now: expect.any(String) } });
    expect(await c.next((f) => f.t === 'evt')).toMatchObject({ event: 'clock' });
    c.send({ t: 'unsub', id: 11, event: 'clock' });
    await new Promise((r) => setTimeout(r, 100));
    expect(t.hub.services.events.listenerCount('clock')).toBe(0);
    c.ws.close();
  });

  it('refuses a subscription to an unknown event', async () => {
    const c = await connect();
    c.send({ t: 'sub', id: 12, event: 'secrets' });
    expect(await c.next((f) => f.id === 12)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    c.ws.close();
  });

  it('drops a closed connection’s subscriptions', async () => {
    const before = t.hub.services.events.listenerCount('clock');
    const c = await connect();
    c.send({ t: 'sub', id: 13, event: 'clock' });
    await c.next((f) => f.id === 13);
    expect(t.hub.services.events.listenerCount('clock')).toBe(before + 1);
    c.ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(t.hub.services.events.listenerCount('clock')).toBe(before);
  });
});
