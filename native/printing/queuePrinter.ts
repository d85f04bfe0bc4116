/**
 * Printing through the operating system's print queue.
 *
 * Linux (CUPS): `lp -h <server> -d <queue> -o raw -t <title> -` for ESC/POS tickets and receipts
 * (the bytes go to the printer untouched), and `lp -d <queue> -o media=A5|A4 -` for PDF documents
 * (A5/A4 receipts, reports) on a normal queue whose driver turns the PDF into what the printer
 * speaks. The job goes on stdin: nothing is written to a temporary file. `lp` answers "request id is
 * <queue>-<n>"; `waitForJob` then polls `lpstat -W completed -o <queue>` until the job is done, and
 * reports a queue that stopped (the backend failed: printer off, unreachable) as PRINTER_OFFLINE.
 * Tested against a real cupsd the test starts on 127.0.0.1 (test/support/cupsServer.ts).
 *
 * Windows: a printer by its name, the bytes sent with the RAW datatype through the spooler's
 * OpenPrinter / StartDocPrinter / WritePrinter (winspool.drv) from a PowerShell script; the job goes
 * in as base64 on stdin and the printer's name in an environment variable, so neither is ever parsed
 * as code. This path is only unit-tested here, through a fake spawner (no Windows in CI): the
 * script's text is checked, not run. A PDF on Windows goes the same RAW way to a printer that reads
 * PDF itself, wrapped in PJL (`pjlPdfJob`); also only unit-tested here.
 */
import { run, type Spawner } from './command';
import { PrinterError } from './printerStatus';

export const DEFAULT_QUEUE_TIMEOUT_MS = 10_000;

export interface QueuePrinterOptions {
  /** the CUPS queue, or the Windows printer's name */
  readonly queue: string;
  /** CUPS only: host:port of the scheduler (default: the client's own, CUPS_SERVER or the local one) */
  readonly server?: string;
  readonly platform?: 'linux' | 'win32';
  /** bound on each command (default 10 s) */
  readonly timeoutMs?: number;
  /** for tests of the Windows path */
  readonly spawner?: Spawner;
  readonly lpPath?: string;
  readonly lpstatPath?: string;
}

export interface QueuedJob {
  /** CUPS: "<queue>-<n>"; Windows: the spooler's job id */
  readonly id: string;
}

const QUEUE_NAME = /^(?!-)[^\s/#\\"'\x00-\x1f\x7f]{1,127}$/;
const WINDOWS_PRINTER_NAME = /^[^\x00-\x1f\x7f]{1,220}$/;

export class QueuePrinter {
  readonly queue: string;
  readonly platform: 'linux' | 'win32';
  readonly #o: QueuePrinterOptions;
  readonly #spawn: Spawner;

  constructor(options: QueuePrinterOptions) {
    this.platform = options.platform ?? (process.platform === 'win32' ? 'win32' : 'linux');
    const ok = this.platform === 'win32' ? WINDOWS_PRINTER_NAME : QUEUE_NAME;
    if (!ok.test(options.queue)) throw new TypeError(`not a printer queue name: ${JSON.stringify(options.queue)}`);
    this.queue = options.queue;
    this.#o = options;
    this.#spawn = options.spawner ?? run;
  }

  get address(): string {
    return this.platform === 'win32' ? `windows:${this.queue}` : `cups:${this.#o.server ? `${this.#o.server}/` : ''}${this.queue}`;
  }

  get #timeoutMs(): number {
    return this.#o.timeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS;
  }

  /** lp and lpstat in the C locale: their answers are parsed ("request id is", "disabled") */
  #cEnv(): NodeJS.ProcessEnv {
    return { ...process.env, LANG: 'C', LC_ALL: 'C' };
  }

  #server(): string[] {
    return this.#o.server ? ['-h', this.#o.server] : [];
  }

  /** ESC/POS (or any printer language) bytes, untouched by drivers. Resolves once the queue took the job. */
  async printRaw(job: Uint8Array, title = 'Daftaryar'): Promise<QueuedJob> {
    if (this.platform === 'win32') return this.#windowsRaw(job, title);
    return this.#lp(['-o', 'raw'], job, title);
  }

  /**
   * A PDF document on paper of `media` size. CUPS: a normal queue whose driver turns the PDF into what
   * the printer speaks (`lp -o media=…`). Windows: the printer must read PDF itself ("PDF direct
   * print", as most office laser printers do): the PDF goes to it RAW through the spooler, wrapped in
   * PJL that names the paper and the language (`pjlPdfJob`); no PDF reader on the PC is involved.
   */
  async printPdf(pdf: Uint8Array, media: 'A4' | 'A5', title = 'Daftaryar'): Promise<QueuedJob> {
    if (!isPdf(pdf)) throw new TypeError('printPdf takes a PDF document');
    if (this.platform === 'win32') return this.#windowsRaw(pjlPdfJob(pdf, media, safeTitle(title)), title);
    return this.#lp(['-o', `media=${media}`], pdf, title);
  }

  async #lp(options: string[], data: Uint8Array, title: string): Promise<QueuedJob> {
    const args = [...this.#server(), '-d', this.queue, ...options, '-t', safeTitle(title), '-'];
    const r = await this.#spawn(this.#o.lpPath ?? 'lp', args, this.#timeoutMs, data, this.#cEnv());
    if (r.code === 0) {
      const m = /request id is (\S+)/.exec(r.stdout);
      if (m) return { id: m[1]! };
      throw new PrinterError('PRINTER_ERROR', `lp took the job to ${this.address} but gave no request id: ${r.stdout.trim()}`);
    }
    throw cupsError(r.stderr || r.stdout, this.address, r.code);
  }

  /**
   * Waits until CUPS has finished `job` (handed every byte to the printer). A queue that stops on
   * the way (its backend failed) is PRINTER_OFFLINE; still not done after `timeoutMs`, PRINTER_TIMEOUT.
   */
  async waitForJob(job: QueuedJob, timeoutMs = 30_000, pollMs = 250): Promise<void> {
    if (this.platform === 'win32') return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = await this.#spawn(this.#o.lpstatPath ?? 'lpstat', [...this.#server(), '-W', 'completed', '-o', this.queue], this.#timeoutMs);
      if (done.code !== 0) throw cupsError(done.stderr, this.address, done.code);
      if (done.stdout.split('\n').some((l) => l.split(/\s+/)[0] === job.id)) return;
      const state = await this.#spawn(this.#o.lpstatPath ?? 'lpstat', [...this.#server(), '-p', this.queue], this.#timeoutMs, undefined, this.#cEnv());
      if (/\bdisabled\b/.test(state.stdout)) {
        const why = state.stdout.split('\n').slice(1).join(' ').trim();
        throw new PrinterError('PRINTER_OFFLINE', `queue ${this.address} stopped with job ${job.id} not printed${why ? `: ${why}` : ''}`);
      }
      if (Date.now() >= deadline) throw new PrinterError('PRINTER_TIMEOUT', `job ${job.id} on ${this.address} not printed within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  async #windowsRaw(job: Uint8Array, title: string): Promise<QueuedJob> {
    const env = { ...process.env, DAFTARYAR_PRINTER: this.queue, DAFTARYAR_JOB_TITLE: safeTitle(title) };
    const r = await this.#spawn(
      'powershell.exe',
      ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', WINDOWS_RAW_SCRIPT],
      this.#timeoutMs,
      Buffer.from(Buffer.from(job).toString('base64'), 'ascii'),
      env,
    );
    const m = /^job (\d+)$/m.exec(r.stdout);
    if (r.code === 0 && m) return { id: m[1]! };
    const win32 = /win32 (\d+)/.exec(r.stdout + r.stderr);
    const code = win32 ? Number(win32[1]) : undefined;
    // 1801 ERROR_INVALID_PRINTER_NAME, 2 file not found (no such port)
    if (code === 1801 || code === 2) throw new PrinterError('PRINTER_UNREACHABLE', `Windows has no printer named ${JSON.stringify(this.queue)}`);
    // 5 ERROR_ACCESS_DENIED, 1722 RPC server unavailable (spooler stopped)
    if (code === 1722) throw new PrinterError('PRINTER_UNREACHABLE', 'the Windows print spooler is not running');
    if (r.code === -1 && /did not finish/.test(r.stderr)) throw new PrinterError('PRINTER_TIMEOUT', `the Windows spooler did not take the job within ${this.#timeoutMs} ms`);
    throw new PrinterError('PRINTER_ERROR', `Windows did not take the job for ${JSON.stringify(this.queue)}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
  }
}

const UEL = '\x1b%-12345X';

/**
 * A PDF for a printer that reads PDF itself, sent RAW: HP's PJL job language (Printer Job Language
 * Technical Reference) around it — Universal Exit Language, the job's name, the paper, `ENTER
 * LANGUAGE=PDF`, the document, then the end of the job. The same wrapping cups-filters' generic PDF
 * driver puts around a PDF on Linux.
 */
export function pjlPdfJob(pdf: Uint8Array, media: 'A4' | 'A5', title: string): Uint8Array {
  const name = title.replace(/["\x00-\x1f\x7f-\uffff]/g, '?').slice(0, 80);
  const head = `${UEL}@PJL JOB NAME="${name}"\r\n@PJL SET PAPER=${media}\r\n@PJL ENTER LANGUAGE=PDF\r\n`;
  const tail = `${UEL}@PJL EOJ NAME="${name}"\r\n${UEL}`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(pdf), Buffer.from(tail, 'latin1')]);
}

function isPdf(b: Uint8Array): boolean {
  return b.length > 5 && Buffer.from(b.subarray(0, 5)).toString('latin1') === '%PDF-';
}

/** A job title without control characters, short (it shows in the queue and on banner pages). */
function safeTitle(t: string): string {
  return t.replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 100) || 'Daftaryar';
}

function cupsError(text: string, where: string, code: number): PrinterError {
  const t = text.trim();
  if (code === -1 && /ENOENT|not found/i.test(t)) return new PrinterError('PRINTER_UNREACHABLE', `the CUPS client (lp/lpstat) is not installed: ${t}`);
  if (code === -1) return new PrinterError('PRINTER_TIMEOUT', `CUPS did not answer for ${where}: ${t}`);
  if (/does not exist|not found|Unknown destination/i.test(t)) return new PrinterError('PRINTER_UNREACHABLE', `no print queue ${where}: ${t}`);
  if (/not accepting jobs|disabled|paused/i.test(t)) return new PrinterError('PRINTER_OFFLINE', `queue ${where} is not accepting jobs: ${t}`);
  if (/scheduler is not running|Unable to connect|connection refused|Bad file descriptor/i.test(t)) return new PrinterError('PRINTER_UNREACHABLE', `the print service is not running for ${where}: ${t}`);
  return new PrinterError('PRINTER_ERROR', `printing to ${where} failed: ${t || `exit ${code}`}`);
}

/**
 * Sends stdin (base64) to the printer named in $env:DAFTARYAR_PRINTER with the RAW datatype, and
 * prints "job <id>"; on failure prints "win32 <error code>" and exits 2.
 */
export const WINDOWS_RAW_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
Add-Type -Language CSharp -TypeDefinition @'
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
public static class DaftaryarRawPrint {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public class DocInfo1 { public string DocName; public string OutputFile; public string Datatype; }
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern bool OpenPrinterW(string name, out IntPtr handle, IntPtr defaults);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool ClosePrinter(IntPtr handle);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern int StartDocPrinterW(IntPtr handle, int level, [In] DocInfo1 info);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool EndDocPrinter(IntPtr handle);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool StartPagePrinter(IntPtr handle);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool EndPagePrinter(IntPtr handle);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool WritePrinter(IntPtr handle, byte[] bytes, int count, out int written);
  static Exception Fail() { return new Win32Exception(Marshal.GetLastWin32Error()); }
  public static int Send(string printer, string title, byte[] data) {
    IntPtr h;
    if (!OpenPrinterW(printer, out h, IntPtr.Zero)) throw Fail();
    try {
      int job = StartDocPrinterW(h, 1, new DocInfo1 { DocName = title, Datatype = "RAW" });
      if (job == 0) throw Fail();
      if (!StartPagePrinter(h)) throw Fail();
      int sent = 0;
      while (sent < data.Length) {
        byte[] part = new byte[Math.Min(65536, data.Length - sent)];
        Array.Copy(data, sent, part, 0, part.Length);
        int n;
        if (!WritePrinter(h, part, part.Length, out n) || n == 0) throw Fail();
        sent += n;
      }
      EndPagePrinter(h);
      if (!EndDocPrinter(h)) throw Fail();
      return job;
    } finally { ClosePrinter(h); }
  }
}
'@
try {
  $data = [Convert]::FromBase64String([Console]::In.ReadToEnd())
  $job = [DaftaryarRawPrint]::Send($env:DAFTARYAR_PRINTER, $env:DAFTARYAR_JOB_TITLE, $data)
  Write-Output "job $job"
} catch {
  $e = $_.Exception
  while ($e.InnerException) { $e = $e.InnerException }
  if ($e -is [System.ComponentModel.Win32Exception]) { Write-Output "win32 $($e.NativeErrorCode)" }
  Write-Output $e.Message
  exit 2
}
`;
