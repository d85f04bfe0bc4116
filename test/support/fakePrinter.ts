import net from 'node:net';
import { decodeRaster } from '../../native/printing/escpos';
import type { Raster } from '../../native/printing/raster';
import { listenOn } from '../../scripts/demo/listen';

/** What the fake printer reports about itself; see {@link FakeEscPosPrinter.setState}. */
export interface FakePrinterState {
  online: boolean;
  paperOut: boolean;
  nearEnd: boolean;
  coverOpen: boolean;
  /** a recoverable or unrecoverable error (cutter jam, head too hot) */
  error: boolean;
}

export const READY: FakePrinterState = { online: true, paperOut: false, nearEnd: false, coverOpen: false, error: false };

export const DLE = 0x10;
export const EOT = 0x04;

/** The one-byte answer to DLE EOT `n` (1–4) of a printer in `s`, with the bits described below; `undefined` for other `n`. */
export function escPosStatusByte(s: FakePrinterState, n: number): number | undefined {
  const offline = !s.online || s.coverOpen || s.paperOut || s.error;
  const FIXED = 0b0001_0010;
  switch (n) {
    case 1:
      return FIXED | (offline ? 1 << 3 : 0);
    case 2:
      return FIXED | (s.coverOpen ? 1 << 2 : 0) | (s.paperOut ? 1 << 5 : 0) | (s.error ? 1 << 6 : 0);
    case 3:
      return FIXED;
    case 4:
      return FIXED | (s.nearEnd ? (1 << 2) | (1 << 3) : 0) | (s.paperOut ? (1 << 5) | (1 << 6) : 0);
    default:
      return undefined;
  }
}

/**
 * A network ESC/POS printer on 127.0.0.1 (an ephemeral port), for tests. It keeps every byte it
 * receives, per connection, and answers the real-time status requests DLE EOT 1/2/3/4 with one byte
 * each, as an Epson-compatible printer does:
 *
 *   fixed bits of every answer: bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0  → 0x12 when all is well
 *   DLE EOT 1  bit 3 offline (cover open, paper out and errors take a printer offline too)
 *   DLE EOT 2  bit 2 cover open, bit 5 stopped at paper end, bit 6 error
 *   DLE EOT 3  error cause: always 0x12 here (no cutter or head errors are simulated)
 *   DLE EOT 4  bits 2–3 paper near end, bits 5–6 paper end
 *
 * Like many real printers it reacts to DLE EOT wherever the bytes appear, image data included
 * (the encoder keeps such patterns out of images; a test proves it by getting no extra answers).
 *
 * `jobs()` returns the bytes of each connection that carried more than status requests, exactly as
 * received — status requests included, which `decodeRaster` understands and skips.
 */
export class FakeEscPosPrinter {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly conns: { chunks: Buffer[]; printed: boolean }[] = [];
  private state: FakePrinterState = { ...READY };
  private afterNextJob: Partial<FakePrinterState> | undefined;
  private hanging = false;
  private answered = 0;
  /** the port it listens on (kept after `refuse()`, so a client can try it and be refused) */
  port = 0;

  /** `port`: a fixed one (the multi-host test's workstation printer); an ephemeral one by default */
  async start(port = 0): Promise<this> {
    const server = net.createServer((socket) => this.accept(socket));
    this.port = await listenOn(server, port);
    this.server = server;
    return this;
  }

  /** Stops listening and drops every connection. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Like a printer switched off: nothing listens on `port` any more, connections are refused. */
  refuse(): Promise<void> {
    return this.stop();
  }

  /** Hang: accept connections and read everything, but never answer. */
  hang(on = true): void {
    this.hanging = on;
  }

  setState(patch: Partial<FakePrinterState>): void {
    this.state = { ...this.state, ...patch };
  }

  /** Changes the state once the next job's bytes have arrived (paper runs out mid-ticket). */
  setStateAfterNextJob(patch: Partial<FakePrinterState>): void {
    this.afterNextJob = patch;
  }

  /** Every byte received, one array per connection, in connection order. */
  connections(): Uint8Array[] {
    return this.conns.map((c) => new Uint8Array(Buffer.concat(c.chunks)));
  }

  /** The connections that sent something to print (not just status requests), bytes as received. */
  jobs(): Uint8Array[] {
    return this.conns.filter((c) => c.printed).map((c) => new Uint8Array(Buffer.concat(c.chunks)));
  }

  /** The images of every job, decoded from the bytes. */
  printed(): Raster[] {
    return this.jobs().flatMap((job) => decodeRaster(job));
  }

  /** How many status bytes it has sent. */
  statusAnswers(): number {
    return this.answered;
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const conn = { chunks: [] as Buffer[], printed: false };
    this.conns.push(conn);
    // 0: ordinary data, 1: after DLE, 2: after DLE EOT (the next byte is n)
    let scan = 0;
    socket.on('data', (chunk: Buffer) => {
      conn.chunks.push(chunk);
      const answer: number[] = [];
      for (const b of chunk) {
        if (scan === 2) {
          scan = 0;
          if (conn.printed && this.afterNextJob) {
            this.setState(this.afterNextJob);
            this.afterNextJob = undefined;
          }
          const byte = escPosStatusByte(this.state, b);
          if (byte !== undefined) answer.push(byte);
        } else if (scan === 1) {
          if (b === EOT) scan = 2;
          else {
            scan = b === DLE ? 1 : 0;
            conn.printed = true;
          }
        } else if (b === DLE) scan = 1;
        else conn.printed = true;
      }
      if (answer.length > 0 && !this.hanging) {
        this.answered += answer.length;
        socket.write(Buffer.from(answer));
      }
    });
  }

}

/** A run of rows with ink: `top` inclusive, `bottom` exclusive, and the most black dots in one row. */
export interface InkBand {
  top: number;
  bottom: number;
  maxDots: number;
}

/** The horizontal bands of a printed image, separated by white rows — for finding lines on a ticket. */
export function inkBands(raster: Raster): InkBand[] {
  const bytesPerRow = raster.width / 8;
  const bands: InkBand[] = [];
  let current: InkBand | undefined;
  for (let y = 0; y < raster.height; y++) {
    let dots = 0;
    for (let i = y * bytesPerRow; i < (y + 1) * bytesPerRow; i++) {
      let b = raster.data[i]!;
      for (; b; b &= b - 1) dots++;
    }
    if (dots > 0) {
      current ??= { top: y, bottom: y, maxDots: 0 };
      current.bottom = y + 1;
      current.maxDots = Math.max(current.maxDots, dots);
    } else if (current) {
      bands.push(current);
      current = undefined;
    }
  }
  if (current) bands.push(current);
  return bands;
}

/**
 * Where the ticket's number is: between the first two dashed rules (bands a few dots high that
 * run across most of the paper).
 */
export function numberRegion(raster: Raster): { top: number; bottom: number } {
  const bands = inkBands(raster);
  const rules = bands.filter((b) => b.bottom - b.top <= 4 && b.maxDots > raster.width * 0.5);
  if (rules.length < 2) throw new Error('no ticket layout found: fewer than two rules');
  const inside = bands.slice(bands.indexOf(rules[0]!) + 1, bands.indexOf(rules[1]!));
  if (inside.length === 0) throw new Error('nothing between the rules');
  return { top: inside[0]!.top, bottom: inside[inside.length - 1]!.bottom };
}
