/**
 * SANE through the real `scanimage` (`--batch … --batch-print`), in a private folder (mode 700) made
 * in `tmpDir`. Each page's name there is a FIFO (`pagePipes.ts`): scanimage writes the page into the
 * pipe, this process reads it into memory, and scanimage prints the name once the page is complete;
 * the page is then yielded. No page ever sits on disk, and at most `LOOKAHEAD` pages wait in memory
 * (scanimage waits for the caller beyond that), so a long ADF batch is never held whole. Where FIFOs
 * cannot be used (not Linux), scanimage writes each page as a file in the private folder, which is
 * read, deleted at once and yielded. An empty feeder after at least one page is the normal end of an
 * ADF batch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { PagePipes } from './pagePipes';
import {
  SANE_LIST_FORMAT,
  parseSaneDeviceList,
  parseSaneOptions,
  resolutionOffered,
  saneCapabilities,
  type SaneDeviceOptions,
} from './saneOptions';
import { ScannerError, scanSettingsSchema, type RawPage, type ScanSettings, type ScannerCapabilities, type ScannerDevice, type ScannerDriver, type ScannerErrorCode } from './types';

export interface SaneDriverOptions {
  /** path of scanimage (default `scanimage` on PATH) */
  readonly scanimagePath?: string;
  /** environment for scanimage, e.g. `SANE_CONFIG_DIR` (default: this process's) */
  readonly env?: NodeJS.ProcessEnv;
  /** bound on `-f` and `-A` (network backends can be slow to answer; default 20 s) */
  readonly queryTimeoutMs?: number;
  /** extra backend options appended to every scan, e.g. `--test-picture=Grid` */
  readonly extraScanArgs?: readonly string[];
  /** a scan that delivers no page for this long is stopped as TIMEOUT (a stalled device; default 120 s) */
  readonly pageTimeoutMs?: number;
  /** where the private batch folders are made (default the OS temp dir; the hub passes its own, inside the data folder) */
  readonly tmpDir?: string;
  /** called with the pid of each scan's scanimage (diagnostics, tests) */
  readonly onSpawn?: (pid: number) => void;
}

const DEFAULT_QUERY_TIMEOUT_MS = 20_000;
const DEFAULT_PAGE_TIMEOUT_MS = 120_000;
const MAX_STDERR_CHARS = 8_192;
/** pages scanimage may finish before the caller takes them (one waiting, one being scanned) */
const LOOKAHEAD = 2;
/** after SIGTERM, how long scanimage has to stop before SIGKILL */
const STOP_GRACE_MS = 3_000;

/**
 * scanimage's words for SANE statuses (sane_strstatus) and its exit codes (the SANE status number).
 * Text first: the exit code of a batch is the last status, which may be another one.
 */
const STATUS_TEXT: readonly { readonly re: RegExp; readonly code: ScannerErrorCode | 'EMPTY' }[] = [
  { re: /out of documents|no documents/i, code: 'EMPTY' },
  { re: /jammed/i, code: 'PAPER_JAM' },
  { re: /device busy/i, code: 'DEVICE_BUSY' },
  { re: /cover is open/i, code: 'COVER_OPEN' },
  { re: /open of device .* failed|no such device|invalid argument/i, code: 'DEVICE_NOT_FOUND' },
  { re: /error during device i\/o/i, code: 'DEVICE_GONE' },
  { re: /operation not supported/i, code: 'UNSUPPORTED' },
];
const STATUS_EXIT: Readonly<Record<number, ScannerErrorCode | 'EMPTY'>> = {
  3: 'DEVICE_BUSY',
  6: 'PAPER_JAM',
  7: 'EMPTY',
  8: 'COVER_OPEN',
  9: 'DEVICE_GONE',
};

function classify(stderr: string, exitCode: number | null): ScannerErrorCode | 'EMPTY' | null {
  for (const { re, code } of STATUS_TEXT) if (re.test(stderr)) return code;
  if (exitCode !== null && exitCode in STATUS_EXIT) return STATUS_EXIT[exitCode] ?? null;
  return null;
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly spawnError: NodeJS.ErrnoException | null;
}

function watchChild(child: ChildProcess): { stderr: () => string; finished: Promise<Finished> } {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-MAX_STDERR_CHARS);
  });
  const finished = new Promise<Finished>((resolve) => {
    let spawnError: NodeJS.ErrnoException | null = null;
    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
      // a child that never started emits no 'close'
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError });
    });
    child.once('close', (code, signal) => resolve({ code, signal, spawnError }));
  });
  return { stderr: () => stderr, finished };
}

function missing(err: NodeJS.ErrnoException | null, bin: string): ScannerError | null {
  if (err && (err.code === 'ENOENT' || err.code === 'EACCES')) {
    return new ScannerError('DRIVER_MISSING', `${bin} cannot be run (${err.code}); install sane-utils`, { cause: err });
  }
  return null;
}

export class SaneDriver implements ScannerDriver {
  readonly kind = 'sane' as const;
  readonly #bin: string;
  readonly #options: SaneDriverOptions;

  constructor(options: SaneDriverOptions = {}) {
    this.#options = options;
    this.#bin = options.scanimagePath ?? 'scanimage';
  }

  /** Runs scanimage to completion for a query (-f, -A); throws ScannerError on failure. */
  async #query(args: readonly string[], signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) throw new ScannerError('CANCELLED', 'cancelled');
    const child = spawn(this.#bin, args, {
      env: this.#options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: this.#options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
      signal,
    });
    let stdout = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (stdout.length < 1_000_000) stdout += chunk;
    });
    const { stderr, finished } = watchChild(child);
    const done = await finished;
    const notThere = missing(done.spawnError, this.#bin);
    if (notThere) throw notThere;
    if (signal?.aborted) throw new ScannerError('CANCELLED', 'cancelled');
    if (done.signal === 'SIGTERM' && done.code === null) {
      throw new ScannerError('TIMEOUT', `scanimage ${args[0] ?? ''} did not finish in time`);
    }
    if (done.code !== 0) {
      const code = classify(stderr(), done.code);
      throw new ScannerError(
        code === null || code === 'EMPTY' ? 'DEVICE_NOT_FOUND' : code,
        `scanimage exited ${String(done.code)}: ${lastLines(stderr())}`,
      );
    }
    return stdout;
  }

  async listDevices(signal?: AbortSignal): Promise<ScannerDevice[]> {
    return parseSaneDeviceList(await this.#query(['-f', SANE_LIST_FORMAT], signal));
  }

  async #deviceOptions(deviceId: string, signal?: AbortSignal): Promise<SaneDeviceOptions> {
    if (!deviceId || deviceId.startsWith('-')) throw new ScannerError('DEVICE_NOT_FOUND', `not a SANE device name: ${deviceId}`);
    return parseSaneOptions(await this.#query(['-d', deviceId, '-A'], signal));
  }

  async capabilities(deviceId: string, signal?: AbortSignal): Promise<ScannerCapabilities> {
    return saneCapabilities(await this.#deviceOptions(deviceId, signal));
  }

  /** The scanimage arguments for these settings on this device, or UNSUPPORTED. */
  static scanArgs(deviceId: string, settings: ScanSettings, options: SaneDeviceOptions, batchPattern: string): string[] {
    const args = ['-d', deviceId, `--batch=${batchPattern}`, '--batch-print', '--format=png'];
    if (options.sources.length > 0) {
      const source = options.sources.find((s) => s.kind === settings.source);
      if (!source) throw new ScannerError('UNSUPPORTED', `the device has no ${settings.source} source`);
      args.push(`--source=${source.name}`);
    } else if (settings.source !== 'flatbed') {
      throw new ScannerError('UNSUPPORTED', `the device has no ${settings.source} source`);
    }
    if (options.modes.length > 0) {
      const mode = options.modes.find((m) => m.kind === settings.colorMode);
      if (!mode) throw new ScannerError('UNSUPPORTED', `the device has no ${settings.colorMode} mode`);
      args.push(`--mode=${mode.name}`);
    }
    if (!resolutionOffered(options.resolution, settings.dpi)) {
      throw new ScannerError('UNSUPPORTED', `the device does not offer ${settings.dpi} dpi`);
    }
    if (options.resolution) args.push(`--resolution=${settings.dpi}`);
    // a flatbed scan is one page; a feeder runs until it is empty
    if (settings.source === 'flatbed') args.push('--batch-count=1');
    return args;
  }

  async *scan(deviceId: string, settingsIn: ScanSettings, signal?: AbortSignal): AsyncGenerator<RawPage> {
    const parsed = scanSettingsSchema.safeParse(settingsIn);
    if (!parsed.success) throw new ScannerError('UNSUPPORTED', `invalid settings: ${parsed.error.message}`);
    const settings = parsed.data;
    const deviceOptions = await this.#deviceOptions(deviceId, signal);
    if (signal?.aborted) throw new ScannerError('CANCELLED', 'cancelled');

    const dir = await mkdtemp(path.join(this.#options.tmpDir ?? os.tmpdir(), 'daftaryar-sane-'));
    const pageFile = (n: number) => path.join(dir, `p${String(n).padStart(4, '0')}.png`);
    let pipes: PagePipes | null = null;
    try {
      pipes = await PagePipes.make(pageFile);
      await pipes?.allow(LOOKAHEAD);
    } catch (err) {
      pipes?.close();
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const args = [
      ...SaneDriver.scanArgs(deviceId, settings, deviceOptions, path.join(dir, 'p%04d.png')),
      ...(this.#options.extraScanArgs ?? []),
    ];
    const child = spawn(this.#bin, args, { env: this.#options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const { stderr, finished } = watchChild(child);
    let cancelled = false;
    const onAbort = () => {
      cancelled = true;
      child.kill('SIGTERM');
    };
    // a device that stops delivering (a stalled USB scanner, a hung backend) must not hold the counter forever
    let stalled = false;
    let watchdog: NodeJS.Timeout | undefined;
    const rearm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        stalled = true;
        child.kill('SIGTERM');
      }, this.#options.pageTimeoutMs ?? DEFAULT_PAGE_TIMEOUT_MS);
    };
    rearm();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (child.pid !== undefined) this.#options.onSpawn?.(child.pid);

    let index = 0;
    try {
      if (child.stdout) {
        const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
        for await (const line of lines) {
          rearm();
          const file = line.trim();
          // only our own folder's files; scanimage prints nothing else on stdout with --batch-print
          if (path.dirname(file) !== dir) continue;
          let data = pipes ? await pipes.take(file) : null;
          if (!data) {
            data = await readFile(file);
            await unlink(file);
          }
          if (cancelled) break;
          // the caller's time with the page is not the device's: no stall is counted meanwhile
          clearTimeout(watchdog);
          yield { index, data, mime: 'image/png', dpi: settings.dpi };
          index += 1;
          await pipes?.allow(index + LOOKAHEAD);
          rearm();
        }
      }
      const done = await finished;
      clearTimeout(watchdog);
      const notThere = missing(done.spawnError, this.#bin);
      if (notThere) throw notThere;
      if (cancelled || signal?.aborted) throw new ScannerError('CANCELLED', `cancelled after ${index} page(s)`);
      if (stalled) throw new ScannerError('TIMEOUT', `no page from the scanner in time after ${index} page(s)`);
      if (done.signal !== null) {
        throw new ScannerError('DEVICE_GONE', `scanimage ended by ${done.signal} after ${index} page(s)`);
      }
      const code = classify(stderr(), done.code);
      if (code === 'EMPTY') {
        if (index === 0) throw new ScannerError('FEEDER_EMPTY', 'no paper in the feeder');
        return; // the feeder ran out: the batch is done
      }
      if (done.code === 0 && code === null) {
        if (index === 0) throw new ScannerError('BAD_DATA', 'scanimage finished without a page');
        return;
      }
      throw new ScannerError(
        code ?? (index > 0 ? 'DEVICE_GONE' : 'DEVICE_NOT_FOUND'),
        `scanimage exited ${String(done.code)} after ${index} page(s): ${lastLines(stderr())}`,
      );
    } finally {
      clearTimeout(watchdog);
      signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // scanimage waiting to open a page nobody will read may not stop on SIGTERM alone
        const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await finished;
        clearTimeout(grace);
      }
      pipes?.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
}
