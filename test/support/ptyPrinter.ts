/**
 * A serial (or USB) ESC/POS printer for tests, on a real pseudo-terminal pair made by socat:
 *
 *   socat -d -d pty,raw,echo=0,link=<dir>/printer pty,raw,echo=0,link=<dir>/dev
 *
 * The driver under test opens `<dir>/dev` as it would /dev/ttyUSB0 or /dev/usb/lp0; this fake printer
 * holds `<dir>/printer`, keeps every byte that arrives and answers DLE EOT 1/2/3/4 from a settable
 * state, one byte each, as an Epson-compatible printer does (the same bits as fakePrinter.ts). It can
 * be silent (a printer that never answers, or a USB printer without a read channel).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import tty from 'node:tty';
import { DLE, EOT, READY, escPosStatusByte, type FakePrinterState } from './fakePrinter';

export type PtyPrinterState = FakePrinterState;

/** Why the socat tests cannot run here, or null when they can. */
export function socatMissing(): string | null {
  const r = spawnSync('socat', ['-V'], { encoding: 'utf8' });
  return r.error ? `socat is not installed (${r.error.message}); apt-get install socat` : null;
}

export class PtyPrinter {
  private socat: ChildProcess | undefined;
  private fd = -1;
  private stream: tty.ReadStream | undefined;
  private readonly chunks: Buffer[] = [];
  private state: PtyPrinterState = { ...READY };
  private afterNextJob: Partial<PtyPrinterState> | undefined;
  private scan = 0;
  private printed = false;
  silent = false;
  answered = 0;

  private constructor(
    /** the path the driver opens */
    readonly devicePath: string,
    private readonly printerPath: string,
  ) {}

  static async start(dir: string): Promise<PtyPrinter> {
    const p = new PtyPrinter(path.join(dir, 'dev'), path.join(dir, 'printer'));
    p.socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${p.printerPath}`, `pty,raw,echo=0,link=${p.devicePath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    p.socat.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
    const deadline = Date.now() + 5000;
    while (!log.includes('starting data transfer loop')) {
      if (Date.now() > deadline || p.socat.exitCode !== null) throw new Error(`socat did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    p.fd = fs.openSync(p.printerPath, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
    p.stream = new tty.ReadStream(p.fd);
    p.stream.on('data', (chunk: Buffer) => p.receive(chunk));
    p.stream.on('error', () => undefined);
    return p;
  }

  setState(patch: Partial<PtyPrinterState>): void {
    this.state = { ...this.state, ...patch };
  }

  /** Changes the state once bytes other than status requests have arrived (paper runs out mid-job). */
  setStateAfterNextJob(patch: Partial<PtyPrinterState>): void {
    this.afterNextJob = patch;
  }

  /** every byte received, status requests included */
  received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Waits (at most 3 s) until `count` bytes in all have arrived: a write returns before socat has passed the bytes on. */
  async waitForBytes(count: number): Promise<void> {
    const deadline = Date.now() + 3000;
    while (this.received().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  /** the bytes received with the DLE EOT n requests taken out: what was sent to print */
  printedBytes(): Buffer {
    const all = this.received();
    const out: number[] = [];
    for (let i = 0; i < all.length; i++) {
      if (all[i] === DLE && all[i + 1] === EOT && all[i + 2] !== undefined && all[i + 2]! >= 1 && all[i + 2]! <= 4) i += 2;
      else out.push(all[i]!);
    }
    return Buffer.from(out);
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    const answer: number[] = [];
    for (const b of chunk) {
      if (this.scan === 2) {
        this.scan = 0;
        if (this.printed && this.afterNextJob) {
          this.setState(this.afterNextJob);
          this.afterNextJob = undefined;
        }
        const byte = escPosStatusByte(this.state, b);
        if (byte !== undefined) answer.push(byte);
      } else if (this.scan === 1) {
        if (b === EOT) this.scan = 2;
        else {
          this.scan = b === DLE ? 1 : 0;
          this.printed = true;
        }
      } else if (b === DLE) this.scan = 1;
      else this.printed = true;
    }
    if (answer.length > 0 && !this.silent) {
      this.answered += answer.length;
      fs.writeSync(this.fd, Buffer.from(answer));
    }
  }


  async stop(): Promise<void> {
    this.stream?.destroy();
    const socat = this.socat;
    if (socat && socat.exitCode === null) {
      const exited = new Promise((r) => socat.once('exit', r));
      socat.kill('SIGTERM');
      await exited;
    }
  }
}
