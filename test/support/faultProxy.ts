/**
 * # Fault proxy: an office's WAN link, broken on purpose
 *
 * A TCP proxy on loopback that stands between an office (the client under test) and the central
 * server (the target), so the sync tests can break the link the way real office links break — at a
 * known moment, repeatably, without touching the network of the machine.
 *
 *     client ──► proxy.url (127.0.0.1:<port>) ──► target (127.0.0.1:<port>)
 *
 * | setting                | what it simulates in an office                                                  |
 * |------------------------|---------------------------------------------------------------------------------|
 * | `pass`                 | a working link; every byte is forwarded unchanged, both directions             |
 * | `latencyMs`            | a long or congested path (satellite, 3G backup, VPN hairpin): every chunk is    |
 * |                        | held this long in each direction, order kept — a round trip costs ≥ 2×latency   |
 * | `bandwidthBytesPerS`   | a thin uplink (ADSL upload, a shared 4G dongle): a token bucket per direction,  |
 * |                        | large writes are cut into slices so they trickle instead of bursting            |
 * | `blackhole`            | the link dies silently: a modem that hangs, a route that vanishes, a firewall   |
 * |                        | that drops packets. Connections are accepted and read but nothing is forwarded  |
 * |                        | or answered, so only the client's own timeout can notice. Switching to it also  |
 * |                        | freezes open connections; they stay frozen (their bytes were lost) until the    |
 * |                        | client gives up, `cutAll()` or `close()` — going back to `pass` helps only new  |
 * |                        | connections, as a client that reconnects after a timeout would see.             |
 * | `refuse`               | the server (or its port) is down: each new connection is reset at accept,       |
 * |                        | before anything is read — the client fails fast, knowing nothing was sent.      |
 * | `reset`                | a middlebox that kills connections (NAT table full, IPS, a crashing reverse    |
 * |                        | proxy): a connection is accepted, and reset as soon as the client sends its     |
 * |                        | first bytes. Nothing reaches the server, but the client cannot know that — the |
 * |                        | request was "sent".                                                              |
 * | `resetAfterBytes(n)`   | the link drops mid-upload (Wi-Fi roam, DSL resync): the next connection (or      |
 * |                        | every one, `persistent`) forwards exactly n bytes client→server, then both ends |
 * |                        | are reset. The server sees a truncated, aborted request.                         |
 * | `cutAll()`             | everything drops at once (power cut of the router, ISP failover): every open     |
 * |                        | connection is reset now, in-flight requests included.                            |
 *
 * Every reset is a real TCP RST (`socket.resetAndDestroy()`), so the client sees ECONNRESET, never a
 * clean end of stream. The proxy only talks to 127.0.0.0/8: any other target or listen address is
 * an error. `close()` stops listening, drops every connection and leaves no timer behind.
 *
 * ```ts
 * const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: central.port } });
 * proxy.set({ latencyMs: 200, bandwidthBytesPerS: 64_000 });
 * proxy.resetAfterBytes(100_000);   // the next upload dies after 100 kB
 * proxy.set({ mode: 'blackhole' }); // the link hangs
 * await proxy.close();
 * ```
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { listenOn } from '../../scripts/demo/listen';

export type FaultMode = 'pass' | 'blackhole' | 'refuse' | 'reset';

export interface FaultSettings {
  /** held in each direction, per chunk, order kept (default 0) */
  latencyMs: number;
  /** cap per direction and per connection; null = unlimited (default) */
  bandwidthBytesPerS: number | null;
  /** default 'pass' */
  mode: FaultMode;
}

export interface FaultProxyOptions {
  /** where connections are forwarded; must be an IPv4 address in 127.0.0.0/8 */
  target: { host: string; port: number };
  /** where the proxy listens, 127.0.0.1 unless given; must be in 127.0.0.0/8 */
  listenHost?: string;
  /** the port to listen on, an ephemeral one unless given */
  listenPort?: number;
}

export interface FaultProxyStats {
  /** connections accepted, refused and reset ones included */
  connections: number;
  /** connections open now */
  open: number;
  /** bytes forwarded client → server */
  bytesUp: number;
  /** bytes forwarded server → client */
  bytesDown: number;
  /** connections the proxy reset (refuse, reset, resetAfterBytes, cutAll) */
  resets: number;
}

export interface ResetAfterBytesOptions {
  /** every new connection, until `resetAfterBytes(null)`; default: only the next one */
  persistent?: boolean;
}

/** The source is paused when this much is queued in a direction, resumed below the low mark. */
const HIGH_WATER = 512 * 1024;
const LOW_WATER = 128 * 1024;
/** The token bucket holds this much time's worth of bytes: the largest burst at a given rate. */
const BUCKET_SECONDS = 0.05;
const MAX_SLICE = 64 * 1024;

function isLoopbackV4(host: string): boolean {
  return net.isIPv4(host) && host.split('.')[0] === '127';
}

function checkPort(port: number, what: string, allowZero: boolean): void {
  if (!Number.isInteger(port) || port < (allowZero ? 0 : 1) || port > 65535) {
    throw new Error(`fault proxy: ${what} port ${String(port)} is not a valid port`);
  }
}

/** One direction of one connection: a queue of timestamped chunks, drained by `pump`. */
class Pipe {
  private readonly queue: { buf: Buffer; at: number }[] = [];
  private queued = 0;
  private ended = false;
  private finished = false;
  private timer: NodeJS.Timeout | undefined;
  private waitingDrain = false;
  private tokens = 0;
  private refilledAt = performance.now();
  private rate: number | null = null;

  constructor(
    private readonly conn: Connection,
    private readonly src: net.Socket,
    private readonly dst: net.Socket,
    readonly dir: 'up' | 'down',
  ) {}

  push(buf: Buffer): void {
    if (this.conn.swallowed || this.conn.dead) return;
    this.queue.push({ buf, at: performance.now() + this.conn.proxy.settings.latencyMs });
    this.queued += buf.length;
    if (this.queued > HIGH_WATER) this.src.pause();
    this.pump();
  }

  end(): void {
    this.ended = true;
    this.pump();
  }

  /** Drops everything queued and stops (blackhole, reset, close). */
  stop(): void {
    this.clearTimer();
    this.queue.length = 0;
    this.queued = 0;
    if (this.src.isPaused() && !this.src.destroyed) this.src.resume();
  }

  /** The settings changed: re-plan the wait. */
  kick(): void {
    this.clearTimer();
    this.pump();
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wait(ms: number): void {
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(1, Math.ceil(ms)),
    );
  }

  /** How many bytes the bucket lets through now (Infinity when unlimited). */
  private allowance(): number {
    const rate = this.conn.proxy.settings.bandwidthBytesPerS;
    const now = performance.now();
    if (rate === null) {
      this.rate = null;
      return Infinity;
    }
    const capacity = Math.max(1, Math.floor(rate * BUCKET_SECONDS));
    if (this.rate !== rate) {
      // a new cap starts with a full bucket of its own size, never more than what was saved
      this.tokens = this.rate === null ? capacity : Math.min(this.tokens, capacity);
      this.rate = rate;
    } else {
      this.tokens = Math.min(capacity, this.tokens + ((now - this.refilledAt) / 1000) * rate);
    }
    this.refilledAt = now;
    return this.tokens;
  }

  pump(): void {
    if (this.timer || this.waitingDrain || this.finished) return;
    const conn = this.conn;
    while (this.queue.length > 0) {
      if (conn.swallowed || conn.dead) return this.stop();
      const head = this.queue[0]!;
      const now = performance.now();
      if (head.at > now) return this.wait(head.at - now);

      let n = head.buf.length;
      const rate = conn.proxy.settings.bandwidthBytesPerS;
      const allowed = this.allowance();
      if (rate !== null) {
        const capacity = Math.max(1, Math.floor(rate * BUCKET_SECONDS));
        const want = Math.min(n, capacity, MAX_SLICE);
        if (allowed < want) return this.wait(((want - allowed) / rate) * 1000);
        n = want;
      }
      if (this.dir === 'up' && conn.upBudget !== null) {
        const left = conn.upBudget - conn.bytesUp;
        if (left <= 0) return conn.reset();
        n = Math.min(n, left);
      }

      const slice = n === head.buf.length ? head.buf : head.buf.subarray(0, n);
      if (n === head.buf.length) this.queue.shift();
      else head.buf = head.buf.subarray(n);
      this.queued -= n;
      if (rate !== null) this.tokens -= n;
      if (this.dst.destroyed || !this.dst.writable) return this.stop();

      const budgetSpent = this.dir === 'up' && conn.upBudget !== null && conn.bytesUp + n >= conn.upBudget;
      if (this.dir === 'up') {
        conn.bytesUp += n;
        conn.proxy.counters.bytesUp += n;
      } else {
        conn.proxy.counters.bytesDown += n;
      }
      if (budgetSpent) {
        // the n-th byte is on its way: reset once the kernel has taken it
        this.dst.write(slice, () => conn.reset());
        conn.stopForwarding();
        return;
      }
      const more = this.dst.write(slice);
      if (this.queued < LOW_WATER && this.src.isPaused() && !this.src.destroyed) this.src.resume();
      if (!more) {
        this.waitingDrain = true;
        this.dst.once('drain', () => {
          this.waitingDrain = false;
          this.pump();
        });
        return;
      }
    }
    if (this.src.isPaused() && !this.src.destroyed) this.src.resume();
    if (this.ended && !this.finished && !conn.swallowed && !conn.dead) {
      this.finished = true;
      if (!this.dst.destroyed) this.dst.end();
    }
  }
}

/** A client connection and, unless it is swallowed or refused, its connection to the target. */
class Connection {
  swallowed = false;
  dead = false;
  bytesUp = 0;
  /** reset once this many bytes have gone up (resetAfterBytes) */
  upBudget: number | null = null;
  readonly upstream: net.Socket | undefined;
  private readonly up: Pipe | undefined;
  private readonly down: Pipe | undefined;

  constructor(
    readonly proxy: FaultProxy,
    readonly client: net.Socket,
    kind: 'pass' | 'blackhole' | 'reset',
  ) {
    client.on('error', () => {
      // the client reset or broke its connection: pass it on like an RST would travel
      if (this.upstream && !this.upstream.destroyed) this.upstream.resetAndDestroy();
      this.finish();
    });
    client.on('close', () => {
      if (this.dead || this.swallowed) this.upstream?.destroy();
      if (this.upstream === undefined || this.upstream.destroyed) this.finish();
    });

    if (kind === 'blackhole') {
      this.swallowed = true;
      client.on('data', () => undefined);
      return;
    }
    if (kind === 'reset') {
      client.once('data', () => this.proxy.resetConnection(this));
      return;
    }

    const { host, port } = proxy.target;
    const upstream = net.connect({ host, port, allowHalfOpen: true });
    this.upstream = upstream;
    this.up = new Pipe(this, client, upstream, 'up');
    this.down = new Pipe(this, upstream, client, 'down');
    const up = this.up;
    const down = this.down;
    client.on('data', (b: Buffer) => up.push(b));
    client.on('end', () => up.end());
    upstream.on('data', (b: Buffer) => down.push(b));
    upstream.on('end', () => down.end());
    upstream.on('error', () => {
      // target down or it reset the connection: the client gets a reset too
      if (!this.dead && !this.swallowed && !client.destroyed) client.resetAndDestroy();
      this.finish();
    });
    upstream.on('close', () => {
      if (client.destroyed) this.finish();
    });
  }

  /** Blackhole an open connection: keep reading both sides, forward nothing, answer nothing. */
  swallow(): void {
    if (this.dead || this.swallowed) return;
    this.swallowed = true;
    this.up?.stop();
    this.down?.stop();
    // keep reading so the sender's writes keep "succeeding", as into a dead route
    this.client.on('data', () => undefined);
    this.upstream?.on('data', () => undefined);
  }

  /** Nothing more goes through (the connection is about to be reset). */
  stopForwarding(): void {
    this.dead = true;
    this.up?.stop();
    this.down?.stop();
  }

  kick(): void {
    this.up?.kick();
    this.down?.kick();
  }

  reset(): void {
    this.proxy.resetConnection(this);
  }

  /** RST both ends. */
  resetSockets(): void {
    this.stopForwarding();
    if (!this.client.destroyed) this.client.resetAndDestroy();
    if (this.upstream && !this.upstream.destroyed) this.upstream.resetAndDestroy();
    this.finish();
  }

  destroy(): void {
    this.stopForwarding();
    this.client.destroy();
    this.upstream?.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.client.destroyed && (this.upstream === undefined || this.upstream.destroyed)) {
      this.up?.clearTimer();
      this.down?.clearTimer();
      this.proxy.forget(this);
    }
  }
}

/** See the top of this file. Create it with {@link startFaultProxy}. */
export class FaultProxy {
  readonly target: { host: string; port: number };
  readonly listenHost: string;
  private readonly listenPort: number;
  private server: net.Server | undefined;
  private readonly conns = new Set<Connection>();
  private resetRule: { bytes: number; persistent: boolean } | null = null;
  private closed = false;
  /** @internal */
  settings: FaultSettings = { latencyMs: 0, bandwidthBytesPerS: null, mode: 'pass' };
  /** @internal */
  readonly counters = { connections: 0, bytesUp: 0, bytesDown: 0, resets: 0 };
  /** the port it listens on, once started */
  port = 0;

  constructor(options: FaultProxyOptions) {
    const { host, port } = options.target;
    if (!isLoopbackV4(host)) {
      throw new Error(`fault proxy: target ${host} is not a loopback IPv4 address (127.0.0.0/8)`);
    }
    checkPort(port, 'target', false);
    const listenHost = options.listenHost ?? '127.0.0.1';
    if (!isLoopbackV4(listenHost)) {
      throw new Error(`fault proxy: listen address ${listenHost} is not a loopback IPv4 address (127.0.0.0/8)`);
    }
    const listenPort = options.listenPort ?? 0;
    checkPort(listenPort, 'listen', true);
    this.target = { host, port };
    this.listenHost = listenHost;
    this.listenPort = listenPort;
  }

  /** `http://<listenHost>:<port>` */
  get url(): string {
    return `http://${this.listenHost}:${this.port}`;
  }

  async start(): Promise<this> {
    if (this.server) throw new Error('fault proxy: already started');
    const server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    this.port = await listenOn(server, this.listenPort, this.listenHost);
    server.on('error', () => undefined);
    this.server = server;
    return this;
  }

  /** Changes the link; given fields only. Latency and bandwidth apply to open connections too. */
  set(patch: Partial<FaultSettings>): void {
    if (patch.latencyMs !== undefined && !(Number.isFinite(patch.latencyMs) && patch.latencyMs >= 0)) {
      throw new Error(`fault proxy: latencyMs must be a finite number ≥ 0, not ${String(patch.latencyMs)}`);
    }
    const bw = patch.bandwidthBytesPerS;
    if (bw !== undefined && bw !== null && !(Number.isFinite(bw) && bw > 0)) {
      throw new Error(`fault proxy: bandwidthBytesPerS must be > 0 or null, not ${String(bw)}`);
    }
    if (patch.mode !== undefined && !['pass', 'blackhole', 'refuse', 'reset'].includes(patch.mode)) {
      throw new Error(`fault proxy: unknown mode ${String(patch.mode)}`);
    }
    const next: FaultSettings = { ...this.settings };
    if (patch.latencyMs !== undefined) next.latencyMs = patch.latencyMs;
    if (bw !== undefined) next.bandwidthBytesPerS = bw;
    if (patch.mode !== undefined) next.mode = patch.mode;
    this.settings = next;
    if (next.mode === 'blackhole') for (const c of this.conns) c.swallow();
    for (const c of this.conns) c.kick();
  }

  /** The current settings. */
  get(): FaultSettings {
    return { ...this.settings };
  }

  /**
   * The next new connection (every new one with `persistent`) is reset once `bytes` bytes have gone
   * client → server; `null` disarms. Connections open now are not affected.
   */
  resetAfterBytes(bytes: number | null, options: ResetAfterBytesOptions = {}): void {
    if (bytes === null) {
      this.resetRule = null;
      return;
    }
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new Error(`fault proxy: resetAfterBytes needs an integer ≥ 0, not ${String(bytes)}`);
    }
    this.resetRule = { bytes, persistent: options.persistent ?? false };
  }

  /** Resets every open connection now; returns how many. */
  cutAll(): number {
    const open = [...this.conns];
    for (const c of open) this.resetConnection(c);
    return open.length;
  }

  stats(): FaultProxyStats {
    return { ...this.counters, open: this.conns.size };
  }

  /** Stops listening and drops every connection. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    for (const c of [...this.conns]) c.destroy();
    this.conns.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** @internal */
  resetConnection(conn: Connection): void {
    if (!this.conns.has(conn)) return;
    this.counters.resets += 1;
    conn.resetSockets();
  }

  /** @internal */
  forget(conn: Connection): void {
    this.conns.delete(conn);
  }

  private accept(socket: net.Socket): void {
    socket.on('error', () => undefined);
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.counters.connections += 1;
    const mode = this.settings.mode;
    if (mode === 'refuse') {
      this.counters.resets += 1;
      socket.resetAndDestroy();
      return;
    }
    const conn = new Connection(this, socket, mode);
    this.conns.add(conn);
    if (mode === 'pass' && this.resetRule) {
      conn.upBudget = this.resetRule.bytes;
      if (!this.resetRule.persistent) this.resetRule = null;
    }
  }
}

/** Starts a fault proxy in `pass` mode on an ephemeral port of 127.0.0.1 (see the top of this file). */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  return new FaultProxy(options).start();
}
