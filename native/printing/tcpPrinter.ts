import net from 'node:net';
import { STATUS_OFFLINE_CAUSE, STATUS_PAPER_SENSOR, STATUS_PRINTER, statusRequest } from './escpos';
import { PrinterError, decodeStatus, isStatusByte, statusProblem, type PrinterStatus } from './printerStatus';
import { OneJobAtATime } from './oneJobAtATime';

/** The raw-printing port of network printers (HP JetDirect / "RAW 9100"), ESC/POS ones included. */
export const DEFAULT_PRINTER_PORT = 9100;
export const DEFAULT_PRINTER_TIMEOUT_MS = 3000;

export interface TcpPrinterOptions {
  host: string;
  port?: number;
  /** bound on each step: connecting, each status answer, handing over the job */
  timeoutMs?: number;
}

/** DLE EOT 1, 2, 4 in one write: the printer answers one byte each, in order. */
const STATUS_QUERY = Uint8Array.from([
  ...statusRequest(STATUS_PRINTER),
  ...statusRequest(STATUS_OFFLINE_CAUSE),
  ...statusRequest(STATUS_PAPER_SENSOR),
]);

/**
 * An ESC/POS printer on the network. Raw TCP has no acknowledgement of its own, so a job counts as
 * accepted when the printer (1) reported itself ready before it, (2) took every byte, and (3) still
 * reports itself ready after it — DLE EOT is answered as soon as it arrives, and it arrives after
 * the whole job. Every step is bounded by the timeout: a printer that takes the connection and then
 * says nothing fails with PRINTER_TIMEOUT instead of hanging the kiosk.
 *
 * Calls to one printer (same host and port) run one after another, across instances: a printer
 * serves one connection at a time, and two kiosk taps must not interleave.
 */
export class TcpPrinter {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;

  constructor(options: TcpPrinterOptions) {
    this.host = options.host;
    this.port = options.port ?? DEFAULT_PRINTER_PORT;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PRINTER_TIMEOUT_MS;
  }

  /** host:port, for messages and logs */
  get address(): string {
    return net.isIPv6(this.host) ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  /** Asks the printer how it is (online, cover, paper, near end, error). */
  status(): Promise<PrinterStatus> {
    return this.serialised(async () => {
      const link = await PrinterLink.open(this.host, this.port, this.address, this.timeoutMs);
      try {
        return await link.queryStatus();
      } finally {
        link.close();
      }
    });
  }

  /**
   * Sends one job. Resolves with the status after the job — check `nearEnd` for a warning — only
   * once the printer has accepted it; otherwise rejects with a {@link PrinterError} and the job
   * must not count as printed.
   */
  print(job: Uint8Array): Promise<PrinterStatus> {
    return this.serialised(async () => {
      const link = await PrinterLink.open(this.host, this.port, this.address, this.timeoutMs);
      try {
        refuseUnlessReady(await link.queryStatus(), this.address, 'cannot print');
        await link.write(job, 'take the job');
        const after = await link.queryStatus();
        refuseUnlessReady(after, this.address, 'stopped while taking the job');
        return after;
      } finally {
        link.close();
      }
    });
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    return lines.run(this.address, task);
  }
}

/** Jobs per printer address, one at a time: each starts where the last one ended. */
const lines = new OneJobAtATime();

function refuseUnlessReady(status: PrinterStatus, where: string, what: string): void {
  const problem = statusProblem(status);
  if (problem) throw new PrinterError(problem, `printer ${where} ${what}: ${problem}`, { status });
}

/** One connection to a printer, with bounded waits for its status answers. */
class PrinterLink {
  /** status bytes received and not yet read */
  private readonly answers: number[] = [];
  private failure: PrinterError | undefined;
  private wake: (() => void) | undefined;
  private closing = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly where: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      // Only bytes shaped like real-time status; XON/XOFF and the like are not answers.
      for (const b of chunk) if (isStatusByte(b)) this.answers.push(b);
      this.wake?.();
    });
    socket.on('error', (err) => this.fail(new PrinterError('PRINTER_UNREACHABLE', `connection to printer ${where} failed: ${err.message}`, { cause: err })));
    socket.on('close', () => this.fail(new PrinterError('PRINTER_UNREACHABLE', `printer ${where} closed the connection`)));
  }

  static open(host: string, port: number, where: string, timeoutMs: number): Promise<PrinterLink> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host, port });
      const give = (err: PrinterError) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      // A powered-off printer on the LAN often drops the SYN instead of refusing: bound the wait.
      const timer = setTimeout(() => give(new PrinterError('PRINTER_UNREACHABLE', `no connection to printer ${where} within ${timeoutMs} ms`)), timeoutMs);
      const onError = (err: Error) => give(new PrinterError('PRINTER_UNREACHABLE', `cannot connect to printer ${where}: ${err.message}`, { cause: err }));
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        socket.setNoDelay(true);
        resolve(new PrinterLink(socket, where, timeoutMs));
      });
    });
  }

  /** DLE EOT 1, 2, 4 and their three answers. */
  async queryStatus(): Promise<PrinterStatus> {
    // Anything unread is unsolicited (nothing was asked since): it must not pass for an answer.
    this.answers.length = 0;
    await this.write(STATUS_QUERY, 'take a status request');
    const [printer, offlineCause, paperSensor] = await this.read(3);
    return decodeStatus(printer!, offlineCause!, paperSensor!);
  }

  /** Resolves once the bytes are handed to the operating system for sending. */
  write(bytes: Uint8Array, what: string): Promise<void> {
    return this.within(`printer ${this.where} did not ${what} within ${this.timeoutMs} ms`, (done, failed) => {
      this.socket.write(bytes, (err) => (err ? failed(new PrinterError('PRINTER_UNREACHABLE', `sending to printer ${this.where} failed: ${err.message}`, { cause: err })) : done()));
    });
  }

  private async read(count: number): Promise<number[]> {
    await this.within(`printer ${this.where} did not answer a status request within ${this.timeoutMs} ms`, (done) => {
      const check = () => {
        if (this.answers.length >= count) done();
      };
      this.wake = check;
      check();
    });
    this.wake = undefined;
    return this.answers.splice(0, count);
  }

  /**
   * Runs `start` and waits for it to call `done`, at most `timeoutMs`; a connection failure in
   * the meantime ends the wait too. On timeout the connection is dropped.
   */
  private within(timeoutMessage: string, start: (done: () => void, failed: (err: PrinterError) => void) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      let settled = false;
      const settle = (err?: PrinterError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.onFailure = undefined;
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => {
        settle(new PrinterError('PRINTER_TIMEOUT', timeoutMessage));
        this.socket.destroy();
      }, this.timeoutMs);
      this.onFailure = settle;
      start(
        () => settle(),
        (err) => settle(err),
      );
    });
  }

  private onFailure: ((err: PrinterError) => void) | undefined;

  private fail(err: PrinterError): void {
    if (this.closing || this.failure) return;
    this.failure = err;
    this.onFailure?.(err);
  }

  /** Ends the connection politely; a printer that does not close its side is cut off after the timeout. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.wake = undefined;
    if (this.socket.destroyed) return;
    this.socket.end();
    const cutOff = setTimeout(() => this.socket.destroy(), this.timeoutMs);
    cutOff.unref();
    this.socket.once('close', () => clearTimeout(cutOff));
  }
}
