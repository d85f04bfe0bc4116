/**
 * What one connection to the web server may hold, and for how long (docs/SECURITY.md § Transport
 * limits). Every PC of the LAN can reach the server before it has paired, so nothing it can do
 * before proving a device may tie up the hub's memory, sockets or file descriptors for long.
 */
import { MAX_FRAME_BYTES } from '../../core/api/wire';
import { AGENT_LIVENESS } from '../agent/liveness';

export interface TransportLimits {
  /** WebSockets open at once from one address (an office of ~30 screens has a handful per PC); more: 429 */
  maxSocketsPerAddress: number;
  /** WebSockets open at once in all; more: 503 */
  maxSockets: number;
  /** TCP connections at once from one address (HTTP and WebSocket); more are dropped when they connect */
  maxConnectionsPerAddress: number;
  /** TCP connections at once in all (Node's `server.maxConnections`) */
  maxConnections: number;
  /** once the first byte of a WebSocket message has arrived, the whole message (every fragment) must within this; else 1008 and closed */
  frameTimeoutMs: number;
  /** a LAN connection must prove a device (`auth.device`, `auth.pair`) within this; else 4408 and closed */
  deviceProofTimeoutMs: number;
  /** the largest message a LAN connection may announce before it proved a device; larger: 1009 and closed */
  unprovenMaxFrameBytes: number;
  /** answers waiting for a LAN connection that proved no device and does not read them; beyond this it is dropped */
  unprovenMaxQueuedBytes: number;
  /** the HTTP request line and headers must arrive within this (and the TLS handshake); else 408 and closed */
  headersTimeoutMs: number;
  /** a whole HTTP request within this */
  requestTimeoutMs: number;
  /** an idle keep-alive HTTP connection is closed after this */
  keepAliveTimeoutMs: number;
  /** a workstation agent's connection is pinged this long after its last ping was answered (hub/agent/liveness.ts) */
  agentPingEveryMs: number;
  /** nothing from the agent this long after a ping: its connection is dropped and the agent counts as away */
  agentPongTimeoutMs: number;
}

export const defaultTransportLimits: Readonly<TransportLimits> = Object.freeze({
  maxSocketsPerAddress: 32,
  maxSockets: 256,
  maxConnectionsPerAddress: 64,
  maxConnections: 512,
  frameTimeoutMs: 20_000,
  deviceProofTimeoutMs: 30_000,
  unprovenMaxFrameBytes: 16 * 1024,
  unprovenMaxQueuedBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 10_000,
  agentPingEveryMs: AGENT_LIVENESS.everyMs,
  agentPongTimeoutMs: AGENT_LIVENESS.timeoutMs,
});

/** ws's own hard limit on a message (it closes with 1009 beyond it): twice the contract's frame limit. */
export const MAX_PAYLOAD_BYTES = 2 * MAX_FRAME_BYTES;

export interface FrameWatchOptions {
  timeoutMs: number;
  /** the largest message the connection may announce now */
  maxMessageBytes: () => number;
  /** a message did not arrive whole in time */
  onStall: () => void;
  /** a message announced more than `maxMessageBytes()` */
  onTooLarge: () => void;
}

/**
 * Follows the frames a WebSocket client sends (RFC 6455 §5.2) on the raw socket, beside ws's own
 * parser, for what ws does not bound: how long a message may take to arrive — ws holds a partial
 * frame, and the fragments of a message, for as long as the client likes — and how large a message
 * a connection may announce before it is trusted. It reads headers only; payloads are skipped.
 */
export class FrameWatch {
  private readonly header = Buffer.alloc(14);
  private headerLength = 0;
  private headerNeeded = 2;
  /** payload bytes of the current frame still to come */
  private remaining = 0;
  /** a data frame without FIN was seen: the message goes on in continuation frames */
  private messageOpen = false;
  /** payload bytes the open message announced so far */
  private messageBytes = 0;
  private unitStartedAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: FrameWatchOptions) {}

  /** bytes of the message under way (announced), 0 between messages */
  get pendingMessageBytes(): number {
    return this.messageOpen || this.remaining > 0 || this.headerLength > 0 ? this.messageBytes : 0;
  }

  push(chunk: Buffer): void {
    if (this.stopped) return;
    const now = performance.now();
    let i = 0;
    while (i < chunk.length && !this.stopped) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.frameDone();
        continue;
      }
      if (this.headerLength === 0 && !this.messageOpen) this.unitStartedAt = now; // a message (or a control frame) begins
      this.header[this.headerLength++] = chunk[i++]!;
      if (this.headerLength === 2) {
        const len7 = this.header[1]! & 0x7f;
        this.headerNeeded = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (this.header[1]! & 0x80 ? 4 : 0);
      }
      if (this.headerLength >= 2 && this.headerLength === this.headerNeeded) this.headerDone();
    }
    if (this.stopped) return;
    const open = this.messageOpen || this.remaining > 0 || this.headerLength > 0;
    if (open && !this.timer) {
      this.timer = setTimeout(() => this.stall(), Math.max(0, this.unitStartedAt + this.options.timeoutMs - now));
      this.timer.unref?.();
    }
  }

  /** Checks the message under way against the limit again (it may have dropped since its header). */
  recheck(): void {
    if (!this.stopped && this.pendingMessageBytes > this.options.maxMessageBytes()) this.tooLarge();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private headerDone(): void {
    const h = this.header;
    const opcode = h[0]! & 0x0f;
    const len7 = h[1]! & 0x7f;
    const length = len7 === 126 ? h.readUInt16BE(2) : len7 === 127 ? Number(h.readBigUInt64BE(2)) : len7;
    this.headerLength = 0;
    this.headerNeeded = 2;
    const control = (opcode & 0x08) !== 0;
    if (!control) {
      if (opcode !== 0) this.messageBytes = 0; // a new message; 0 continues the open one
      this.messageBytes += length;
      if (this.messageBytes > this.options.maxMessageBytes()) return this.tooLarge();
      this.messageOpen = (h[0]! & 0x80) === 0;
    }
    this.remaining = length;
    if (length === 0) this.frameDone();
  }

  private frameDone(): void {
    if (this.messageOpen) return;
    this.messageBytes = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private stall(): void {
    this.stop();
    this.options.onStall();
  }

  private tooLarge(): void {
    this.stop();
    this.options.onTooLarge();
  }
}

/** WebSockets and TCP connections per source address and in all. */
export class ConnectionCount {
  private readonly byAddress = new Map<string, number>();
  private all = 0;

  constructor(
    private readonly perAddress: number,
    private readonly total: number,
  ) {}

  /** Takes a place for `address`, or says which cap is full; `release` gives it back once. */
  take(address: string): { ok: true; release: () => void } | { ok: false; full: 'address' | 'total' } {
    const mine = this.byAddress.get(address) ?? 0;
    if (mine >= this.perAddress) return { ok: false, full: 'address' };
    if (this.all >= this.total) return { ok: false, full: 'total' };
    this.byAddress.set(address, mine + 1);
    this.all++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.all--;
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left > 0) this.byAddress.set(address, left);
        else this.byAddress.delete(address);
      },
    };
  }
}

/** One key per machine: an IPv4-mapped IPv6 address is the IPv4 one. */
export function sourceAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
