/**
 * ESC/POS printers plugged into this PC: a USB printer through Linux's printer-class character
 * device (`/dev/usb/lp0`, the kernel's usblp driver) and a serial printer on a tty (`/dev/ttyS0`,
 * `/dev/ttyUSB0`). Both are a file: the job is written to it and the DLE EOT status answers are read
 * back from it. No native module: the device is opened non-blocking (O_RDWR | O_NONBLOCK |
 * O_NOCTTY) and read and written with short retries, so a printer that stops answering can never
 * hold a thread or the event loop — every wait is bounded by `timeoutMs` of no progress.
 *
 * Serial: the line is set raw, with its baud rate and flow control, by `stty -F` before opening
 * (coreutils; the settings stay on the port). The `serialport` package is not used: it is a native
 * dependency and stty does what is needed.
 *
 * USB: many USB printers answer DLE EOT through usblp's read side, some never do (no bulk-in
 * endpoint, or unidirectional mode). `status: 'optional'` (the USB default) waits once for an answer
 * and, if none comes, counts the job as printed when the kernel took every byte. usblp checks the
 * printer's port status itself (linux drivers/usb/class/usblp.c, usblp_wwait/usblp_check_status):
 * a printer that is out of paper or offline makes it hold the write — non-blocking, EAGAIN — so the
 * job stops at our no-progress bound (PRINTER_TIMEOUT); with the LPABORT flag set it refuses paper
 * out with ENOSPC (PRINTER_PAPER_OUT); a failed transfer is EIO (PRINTER_ERROR). Serial printers have
 * no such channel, so `status: 'required'` (the serial default): no answer is PRINTER_TIMEOUT.
 *
 * "Accepted" is as for TcpPrinter: ready before the job, every byte handed over, ready after it.
 * Calls to one device path run one after another.
 */
import { constants, promises as fsp } from 'node:fs';
import { run } from './command';
import { STATUS_OFFLINE_CAUSE, STATUS_PAPER_SENSOR, STATUS_PRINTER, statusRequest } from './escpos';
import { PrinterError, decodeStatus, isStatusByte, statusProblem, type PrinterStatus } from './printerStatus';
import { OneJobAtATime } from './oneJobAtATime';

export const DEFAULT_DEVICE_TIMEOUT_MS = 3000;
export const SERIAL_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
export type SerialBaudRate = (typeof SERIAL_BAUD_RATES)[number];

export interface DevicePrinterOptions {
  /** the device file: /dev/usb/lp0, /dev/ttyUSB0, … */
  readonly path: string;
  readonly kind: 'usb' | 'serial';
  /** serial only: the line speed (default 9600, what most ESC/POS printers ship with) */
  readonly baud?: SerialBaudRate;
  /** serial only: none (default), xonxoff, or rtscts (hardware) */
  readonly flowControl?: 'none' | 'xonxoff' | 'rtscts';
  /** bound on each wait without progress: opening, a status answer, the printer taking more bytes */
  readonly timeoutMs?: number;
  /** see the file comment; default 'optional' for usb, 'required' for serial */
  readonly status?: 'required' | 'optional';
  /** where `stty` is (default: on PATH); serial only */
  readonly sttyPath?: string;
}

const STATUS_QUERY = Uint8Array.from([
  ...statusRequest(STATUS_PRINTER),
  ...statusRequest(STATUS_OFFLINE_CAUSE),
  ...statusRequest(STATUS_PAPER_SENSOR),
]);

const POLL_MS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Jobs per device path, one at a time. */
const lines = new OneJobAtATime();

export class DevicePrinter {
  readonly path: string;
  readonly kind: 'usb' | 'serial';
  readonly timeoutMs: number;
  readonly #o: DevicePrinterOptions;
  /** USB: the device did not answer a status request once; do not wait for it again. */
  #silent = false;

  constructor(options: DevicePrinterOptions) {
    if (!options.path.startsWith('/')) throw new TypeError(`device path must be absolute: ${options.path}`);
    this.#o = options;
    this.path = options.path;
    this.kind = options.kind;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_DEVICE_TIMEOUT_MS;
  }

  /** for messages, logs and the print record */
  get address(): string {
    return this.kind === 'serial' ? `${this.path}@${this.#o.baud ?? 9600}` : this.path;
  }

  get #statusRequired(): boolean {
    return (this.#o.status ?? (this.kind === 'serial' ? 'required' : 'optional')) === 'required';
  }

  /** How the printer is. PRINTER_TIMEOUT when it does not answer (a USB printer that never reports status). */
  status(): Promise<PrinterStatus> {
    return this.#serialised(async () => {
      const link = await this.#open();
      try {
        const s = await link.queryStatus(this.timeoutMs);
        if (!s) throw new PrinterError('PRINTER_TIMEOUT', `printer ${this.address} did not answer a status request within ${this.timeoutMs} ms`);
        return s;
      } finally {
        await link.close();
      }
    });
  }

  /**
   * Sends one job. Resolves with the status after it, or null for a USB printer that does not
   * report status (the kernel took every byte without refusing); rejects with a PrinterError and
   * the job must not count as printed.
   */
  print(job: Uint8Array): Promise<PrinterStatus | null> {
    return this.#serialised(async () => {
      const link = await this.#open();
      try {
        const before = await this.#optionalStatus(link);
        if (before) refuseUnlessReady(before, this.address, 'cannot print');
        await link.write(job, this.timeoutMs);
        const after = await this.#optionalStatus(link);
        if (after) refuseUnlessReady(after, this.address, 'stopped while taking the job');
        return after;
      } finally {
        await link.close();
      }
    });
  }

  async #optionalStatus(link: DeviceLink): Promise<PrinterStatus | null> {
    if (!this.#statusRequired && this.#silent) return null;
    const s = await link.queryStatus(this.timeoutMs);
    if (s) return s;
    if (this.#statusRequired) throw new PrinterError('PRINTER_TIMEOUT', `printer ${this.address} did not answer a status request within ${this.timeoutMs} ms`);
    this.#silent = true;
    return null;
  }

  async #open(): Promise<DeviceLink> {
    if (this.kind === 'serial') await this.#configureLine();
    return DeviceLink.open(this.path, this.address, this.timeoutMs);
  }

  /** stty -F <path> <baud> raw -echo [flow control]: the tty passes bytes untouched at the printer's speed. */
  async #configureLine(): Promise<void> {
    const flow = this.#o.flowControl ?? 'none';
    const args = ['-F', this.path, String(this.#o.baud ?? 9600), 'raw', '-echo', flow === 'xonxoff' ? 'ixon' : '-ixon', flow === 'xonxoff' ? 'ixoff' : '-ixoff'];
    if (flow === 'rtscts') args.push('crtscts');
    const result = await run(this.#o.sttyPath ?? 'stty', args, this.timeoutMs);
    if (result.code !== 0) {
      const text = result.stderr.trim();
      throw new PrinterError('PRINTER_UNREACHABLE', `cannot set up serial port ${this.path}: ${text || `stty exited with ${result.code}`}`);
    }
  }

  #serialised<T>(task: () => Promise<T>): Promise<T> {
    return lines.run(this.path, task);
  }
}

function refuseUnlessReady(status: PrinterStatus, where: string, what: string): void {
  const problem = statusProblem(status);
  if (problem) throw new PrinterError(problem, `printer ${where} ${what}: ${problem}`, { status });
}

/** errno of a failed open/read/write → the printer's code */
function deviceError(err: unknown, where: string, doing: string): PrinterError {
  const code = (err as NodeJS.ErrnoException).code;
  const msg = `${doing} ${where} failed: ${(err as Error).message}`;
  // usblp: ENOSPC when the printer reports paper out (LPABORT set), EIO when a transfer failed
  if (code === 'ENOSPC') return new PrinterError('PRINTER_PAPER_OUT', msg, { cause: err });
  if (code === 'EIO') return new PrinterError('PRINTER_ERROR', msg, { cause: err });
  return new PrinterError('PRINTER_UNREACHABLE', msg, { cause: err });
}

/** One open device file, non-blocking, with bounded reads and writes. */
class DeviceLink {
  private constructor(
    private readonly fh: fsp.FileHandle,
    private readonly where: string,
  ) {}

  static async open(path: string, where: string, timeoutMs: number): Promise<DeviceLink> {
    const flags = constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const fh = await fsp.open(path, flags);
        const st = await fh.stat();
        if (!st.isCharacterDevice() && !st.isFIFO()) {
          await fh.close();
          throw new PrinterError('PRINTER_UNREACHABLE', `${path} is not a device`);
        }
        return new DeviceLink(fh, where);
      } catch (err) {
        if (err instanceof PrinterError) throw err;
        // EBUSY: another program (or a kiosk's earlier job in another process) has it; wait a little
        if ((err as NodeJS.ErrnoException).code === 'EBUSY' && Date.now() < deadline) {
          await sleep(50);
          continue;
        }
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new PrinterError('PRINTER_UNREACHABLE', `no printer at ${path} (unplugged, or another port)`, { cause: err });
        if (code === 'EACCES' || code === 'EPERM')
          throw new PrinterError('PRINTER_UNREACHABLE', `no permission to open ${path} (the user must be in the lp or dialout group)`, { cause: err });
        throw deviceError(err, where, 'opening');
      }
    }
  }

  /** Discards anything unread: it was not asked for since. */
  private async drainInput(): Promise<void> {
    const buf = Buffer.alloc(256);
    for (let i = 0; i < 64; i++) {
      const n = await this.readSome(buf);
      if (n === 0) return;
    }
  }

  /** One non-blocking read: 0 when nothing is there. */
  private async readSome(buf: Buffer): Promise<number> {
    try {
      const { bytesRead } = await this.fh.read(buf, 0, buf.length, null);
      return bytesRead;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
      throw deviceError(err, this.where, 'reading from');
    }
  }

  /** DLE EOT 1, 2, 4 and their three answers; null when the device says nothing within the bound. */
  async queryStatus(timeoutMs: number): Promise<PrinterStatus | null> {
    await this.drainInput();
    await this.write(STATUS_QUERY, timeoutMs);
    const answers: number[] = [];
    const buf = Buffer.alloc(64);
    const deadline = Date.now() + timeoutMs;
    while (answers.length < 3) {
      const n = await this.readSome(buf);
      for (const b of buf.subarray(0, n)) if (isStatusByte(b)) answers.push(b);
      if (answers.length >= 3) break;
      if (Date.now() >= deadline) return null;
      if (n === 0) await sleep(POLL_MS);
    }
    return decodeStatus(answers[0]!, answers[1]!, answers[2]!);
  }

  /** Writes every byte; PRINTER_TIMEOUT when the device takes nothing for `timeoutMs`. */
  async write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    let offset = 0;
    let lastProgress = Date.now();
    while (offset < bytes.length) {
      let n = 0;
      try {
        ({ bytesWritten: n } = await this.fh.write(bytes, offset, bytes.length - offset, null));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw deviceError(err, this.where, 'writing to');
      }
      if (n > 0) {
        offset += n;
        lastProgress = Date.now();
        continue;
      }
      if (Date.now() - lastProgress >= timeoutMs) {
        throw new PrinterError('PRINTER_TIMEOUT', `printer ${this.where} took no more bytes for ${timeoutMs} ms (${offset} of ${bytes.length} sent)`);
      }
      await sleep(POLL_MS);
    }
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}
