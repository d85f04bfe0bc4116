import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultProxy, startFaultProxy } from './faultProxy';

// Real sockets on 127.0.0.1: an echo server and an HTTP server as targets, Node's own clients.

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Received {
  bytes: number;
  /** 'end' when the whole body came, 'aborted' when the connection died under it */
  outcome: Promise<'end' | 'aborted'>;
}

/** An HTTP target: GET / answers "ok", POST answers how many bytes it read, /slow never answers. */
class Target {
  server!: http.Server;
  port = 0;
  requests = 0;
  uploads: Received[] = [];

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.requests += 1;
      if (req.url === '/slow') return; // answered never; the test cuts it
      if (req.method === 'POST') {
        const got: Received = { bytes: 0, outcome: Promise.resolve('end') };
        got.outcome = new Promise((resolve) => {
          req.on('data', (c: Buffer) => (got.bytes += c.length));
          req.on('end', () => {
            resolve('end');
            res.end(String(got.bytes));
          });
          req.on('close', () => {
            if (!req.complete) resolve('aborted');
          });
          req.on('error', () => resolve('aborted'));
        });
        this.uploads.push(got);
        return;
      }
      res.end('ok');
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** One request on a fresh connection (no keep-alive pool), body given at once. */
function request(
  url: string,
  opts: { method?: string; path?: string; body?: Buffer } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${opts.path ?? '/'}`,
      { method: opts.method ?? 'GET', agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body) req.end(opts.body);
    else req.end();
  });
}

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? String(e);
  }
  throw new Error('expected the request to fail');
}

let target: Target;
let proxy: FaultProxy;

beforeEach(async () => {
  target = await new Target().start();
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: target.port } });
});

afterEach(async () => {
  await proxy.close();
  await target.stop();
});

/** Connects to `port` on 127.0.0.1, lets `send` write (and end), and resolves with all that comes back before the far end closes. */
function roundTrip(port: number, send: (c: net.Socket) => void): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    c.on('data', (b: Buffer) => chunks.push(b));
    c.on('end', () => resolve(Buffer.concat(chunks)));
    c.on('error', reject);
    send(c);
  });
}

describe('fault proxy', () => {
  it('refuses any target or listen address outside 127.0.0.0/8', async () => {
    for (const host of ['10.0.0.1', '192.168.1.10', '0.0.0.0', 'localhost', '::1', '::ffff:127.0.0.1', 'example.com']) {
      expect(() => new FaultProxy({ target: { host, port: 80 } }), host).toThrow(/loopback/);
    }
    expect(() => new FaultProxy({ target: { host: '127.0.0.1', port: 80 }, listenHost: '0.0.0.0' })).toThrow(/loopback/);
    expect(() => new FaultProxy({ target: { host: '127.0.0.1', port: 0 } })).toThrow(/port/);
    await expect(startFaultProxy({ target: { host: '8.8.8.8', port: 53 } })).rejects.toThrow(/loopback/);
    // another loopback address is fine
    expect(new FaultProxy({ target: { host: '127.0.0.2', port: 80 } }).target.host).toBe('127.0.0.2');
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
  });

  it('pass: 5 MB both ways arrive unchanged, and stats count them', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const p = await startFaultProxy({ target: { host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port } });
    try {
      const data = randomBytes(5 * 1024 * 1024);
      const back = await roundTrip(p.port, (c) => c.end(data));
      expect(back.length).toBe(data.length);
      expect(sha(back)).toBe(sha(data));
      expect(p.stats()).toMatchObject({ connections: 1, bytesUp: data.length, bytesDown: data.length, resets: 0 });
    } finally {
      await p.close();
      await new Promise<void>((r) => echo.close(() => r()));
    }
  });

  it('latency: a round trip costs at least the delay each way', async () => {
    await request(proxy.url); // warm up
    const t0 = performance.now();
    await request(proxy.url);
    const plain = performance.now() - t0;

    proxy.set({ latencyMs: 150 });
    const t1 = performance.now();
    const res = await request(proxy.url);
    const slow = performance.now() - t1;
    expect(res.body).toBe('ok');
    expect(slow).toBeGreaterThanOrEqual(300);
    expect(slow - plain).toBeGreaterThanOrEqual(150);
    expect(slow).toBeLessThan(2000);
  });

  it('bandwidth: 200 KB up at 100 KB/s takes about 2 s, in slices, all bytes arrive', async () => {
    proxy.set({ bandwidthBytesPerS: 100_000 });
    const body = randomBytes(200_000);
    const t0 = performance.now();
    const res = await request(proxy.url, { method: 'POST', body });
    const took = performance.now() - t0;
    expect(res.body).toBe('200000');
    expect(took).toBeGreaterThanOrEqual(1800);
    expect(took).toBeLessThan(3500);
    proxy.set({ bandwidthBytesPerS: null });
    const t1 = performance.now();
    await request(proxy.url, { method: 'POST', body });
    expect(performance.now() - t1).toBeLessThan(500);
  });

  it('bandwidth: one large write trickles through in slices, not in one burst', async () => {
    const seen: number[] = [];
    const sink = net.createServer((s) => s.on('data', (b: Buffer) => seen.push(b.length)));
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const p = await startFaultProxy({ target: { host: '127.0.0.1', port: (sink.address() as net.AddressInfo).port } });
    try {
      p.set({ bandwidthBytesPerS: 200_000 });
      const c = net.connect(p.port, '127.0.0.1');
      c.on('error', () => undefined);
      const t0 = performance.now();
      c.write(randomBytes(100_000));
      await sleep(250);
      const early = seen.reduce((a, b) => a + b, 0);
      const elapsed = performance.now() - t0;
      expect(early).toBeGreaterThan(0);
      // at most the 10 kB bucket plus 200 bytes a millisecond since the write
      expect(early).toBeLessThanOrEqual(10_000 + 200 * elapsed);
      expect(early).toBeLessThan(100_000);
      await expect.poll(() => seen.reduce((a, b) => a + b, 0), { timeout: 2000 }).toBe(100_000);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(440); // (100 kB − 10 kB burst) / 200 kB/s
      expect(Math.max(...seen)).toBeLessThan(50_000); // slices (10 kB), never the whole write
      c.destroy();
    } finally {
      await p.close();
      await new Promise<void>((r) => sink.close(() => r()));
    }
  });

  it('latency and bandwidth together keep every byte in order, both ways', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const p = await startFaultProxy({ target: { host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port } });
    try {
      p.set({ latencyMs: 20, bandwidthBytesPerS: 2_000_000 });
      const data = randomBytes(400_000);
      const back = await roundTrip(p.port, (c) => {
        // many small writes, changing the latency half way: order must hold
        for (let i = 0; i < data.length; i += 10_000) {
          c.write(data.subarray(i, i + 10_000));
          if (i === 200_000) p.set({ latencyMs: 0 });
        }
        c.end();
      });
      expect(sha(back)).toBe(sha(data));
    } finally {
      await p.close();
      await new Promise<void>((r) => echo.close(() => r()));
    }
  });

  it('blackhole: a request hangs until the client times out; back in pass, a new one goes through', async () => {
    proxy.set({ mode: 'blackhole' });
    const t0 = performance.now();
    const err = await fetch(proxy.url, { signal: AbortSignal.timeout(300) }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe('TimeoutError');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(target.requests).toBe(0);

    proxy.set({ mode: 'pass' });
    const res = await fetch(proxy.url, { signal: AbortSignal.timeout(2000), headers: { connection: 'close' } });
    expect(await res.text()).toBe('ok');
    expect(target.requests).toBe(1);
  });

  it('blackhole also freezes connections already open, both ways', async () => {
    const seen: Buffer[] = [];
    const echo = net.createServer((s) => {
      s.on('data', (b: Buffer) => seen.push(b));
      s.pipe(s);
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const p = await startFaultProxy({ target: { host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port } });
    try {
      const c = net.connect(p.port, '127.0.0.1');
      c.on('error', () => undefined);
      const got: Buffer[] = [];
      c.on('data', (b: Buffer) => got.push(b));
      c.write('hello');
      await expect.poll(() => Buffer.concat(got).toString()).toBe('hello');

      p.set({ mode: 'blackhole' });
      c.write('lost');
      await sleep(150);
      expect(Buffer.concat(got).toString()).toBe('hello');
      expect(Buffer.concat(seen).toString()).toBe('hello');
      expect(c.destroyed).toBe(false); // no FIN, no RST: a hang
      expect(p.stats().open).toBe(1);
      c.destroy();
    } finally {
      await p.close();
      await new Promise<void>((r) => echo.close(() => r()));
    }
  });

  it('refuse: a new connection is reset at once', async () => {
    proxy.set({ mode: 'refuse' });
    expect(await errorCode(request(proxy.url))).toBe('ECONNRESET');
    const err = await fetch(proxy.url).then(
      () => undefined,
      (e: unknown) => e as Error & { cause?: NodeJS.ErrnoException },
    );
    expect(err?.cause?.code).toBe('ECONNRESET');
    expect(target.requests).toBe(0);
    expect(proxy.stats()).toMatchObject({ connections: 2, resets: 2, open: 0, bytesUp: 0 });
  });

  it('reset: a connection is reset when its first bytes arrive; nothing reaches the server', async () => {
    proxy.set({ mode: 'reset' });
    expect(await errorCode(request(proxy.url))).toBe('ECONNRESET');
    expect(target.requests).toBe(0);
    expect(proxy.stats()).toMatchObject({ connections: 1, resets: 1, bytesUp: 0 });
    proxy.set({ mode: 'pass' });
    expect((await request(proxy.url)).body).toBe('ok');
  });

  it('resetAfterBytes: an upload of 1 MB is reset mid-stream, once; the server got a truncated, aborted body', async () => {
    const body = randomBytes(1024 * 1024);
    proxy.resetAfterBytes(300_000);
    expect(await errorCode(request(proxy.url, { method: 'POST', body }))).toBe('ECONNRESET');
    expect(target.uploads).toHaveLength(1);
    const cut = target.uploads[0]!;
    expect(await cut.outcome).toBe('aborted');
    expect(cut.bytes).toBeLessThan(300_000); // the headers took some of the 300 000 bytes
    expect(cut.bytes).toBeLessThan(body.length);
    expect(proxy.stats()).toMatchObject({ bytesUp: 300_000, resets: 1 });

    // one-shot: the next upload passes whole
    expect((await request(proxy.url, { method: 'POST', body })).body).toBe(String(body.length));
  });

  it('resetAfterBytes persistent: every new connection is cut until disarmed', async () => {
    const body = randomBytes(100_000);
    proxy.resetAfterBytes(10_000, { persistent: true });
    expect(await errorCode(request(proxy.url, { method: 'POST', body }))).toBe('ECONNRESET');
    expect(await errorCode(request(proxy.url, { method: 'POST', body }))).toBe('ECONNRESET');
    proxy.resetAfterBytes(null);
    expect((await request(proxy.url, { method: 'POST', body })).body).toBe('100000');
    expect(proxy.stats().resets).toBe(2);
  });

  it('cutAll: an in-flight slow request is reset now', async () => {
    const pending = errorCode(request(proxy.url, { path: '/slow' }));
    await expect.poll(() => target.requests).toBe(1);
    const t0 = performance.now();
    expect(proxy.cutAll()).toBe(1);
    expect(await pending).toBe('ECONNRESET');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(proxy.stats()).toMatchObject({ connections: 1, resets: 1, open: 0 });
  });

  it('stats count connections, bytes both ways and resets', async () => {
    await request(proxy.url);
    await request(proxy.url);
    const s = proxy.stats();
    expect(s.connections).toBe(2);
    expect(s.bytesUp).toBeGreaterThan(0);
    expect(s.bytesDown).toBeGreaterThan(0);
    expect(s.resets).toBe(0);
    await expect.poll(() => proxy.stats().open).toBe(0);
  });

  it('target down: the client gets a reset, not a hang', async () => {
    const port = target.port;
    await target.stop();
    target = await new Target().start(); // afterEach stops this one
    const p = await startFaultProxy({ target: { host: '127.0.0.1', port } });
    try {
      expect(await errorCode(request(p.url))).toBe('ECONNRESET');
    } finally {
      await p.close();
    }
  });

  it('close drops open connections and stops listening', async () => {
    proxy.set({ latencyMs: 10_000 }); // a timer waiting in a pipe
    const pending = errorCode(request(proxy.url));
    await expect.poll(() => proxy.stats().open).toBe(1);
    await proxy.close();
    expect(await pending).toMatch(/ECONNRESET|socket hang up/);
    expect(await errorCode(request(proxy.url))).toBe('ECONNREFUSED');
    await proxy.close(); // twice is fine
  });

  it('rejects nonsense settings', () => {
    expect(() => proxy.set({ latencyMs: -1 })).toThrow();
    expect(() => proxy.set({ bandwidthBytesPerS: 0 })).toThrow();
    expect(() => proxy.resetAfterBytes(1.5)).toThrow();
    expect(proxy.get()).toEqual({ latencyMs: 0, bandwidthBytesPerS: null, mode: 'pass' });
  });
});
