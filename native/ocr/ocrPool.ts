import { createRequire } from 'node:module';
import { access } from 'node:fs/promises';
import path from 'node:path';
// tesseract.js is loaded when the first OCR worker starts, not with the hub.
import type Tesseract from 'tesseract.js';
import type { OcrBox, OcrLine, OcrPage } from './types';

/**
 * OCR in the background: a small pool of tesseract.js workers (default one) that the counter never
 * waits for. Jobs queue in order; each worker takes the next when it is free. Workers start on the
 * first job, not at application start, and run at low OS priority on Linux (ocrWorker.cjs).
 *
 * Everything is loaded from npm packages on disk: the wasm core from `tesseract.js-core` (a plain
 * require in the worker), the Persian and English LSTM models from `@tesseract.js-data/fas|eng`.
 * The worker script refuses `fetch`, so a missing file is an error, never a download.
 */

export interface OcrPoolOptions {
  /** worker threads (each ≈ 100–150 MB with fas+eng); default 1 */
  readonly workers?: number;
  /** tesseract language string; default 'fas+eng' */
  readonly languages?: string;
  /**
   * The worker script. Default: ocrWorker.cjs beside this file. A packaged app (where this file is
   * bundled and the script is unpacked from asar) sets it explicitly.
   */
  readonly workerPath?: string;
  /** the `@tesseract.js-data` folder; default: resolved from node_modules */
  readonly dataScopeDir?: string;
  /**
   * A job running longer is failed (OcrTimeoutError) and its worker replaced, so a stuck or dead
   * worker thread never holds the queue. Counted from when the job starts, not from queueing.
   * Default 120 s (an A4 page takes about 1 s on an idle 2-core machine).
   */
  readonly jobTimeoutMs?: number;
}

export interface OcrPool {
  /**
   * Queues one page image (PNG, JPEG, TIFF, BMP…) for recognition. `widthPx`/`heightPx` are the
   * image's size, copied to the OcrPage for the boxes. Rejects with OcrCancelledError when the
   * signal aborts or the pool closes before it is done.
   */
  recognize(image: Buffer, size: OcrImageSize, signal?: AbortSignal): Promise<OcrPage>;
  /** jobs waiting, not counting those being recognised */
  readonly queued: number;
  /** rejects every queued and running job; the pool stays usable */
  cancelAll(): void;
  /** rejects what is left and terminates the workers */
  close(): Promise<void>;
}

export interface OcrImageSize {
  readonly widthPx: number;
  readonly heightPx: number;
  /** the scan resolution; tesseract guesses it from the image otherwise (and warns when it cannot) */
  readonly dpi?: number;
}

export class OcrCancelledError extends Error {
  readonly code = 'OCR_CANCELLED';
  constructor(message = 'OCR cancelled') {
    super(message);
    this.name = 'OcrCancelledError';
  }
}

export class OcrTimeoutError extends Error {
  readonly code = 'OCR_TIMEOUT';
  constructor(ms: number) {
    super(`OCR took longer than ${ms} ms`);
    this.name = 'OcrTimeoutError';
  }
}

interface Job {
  readonly image: Buffer;
  readonly size: OcrImageSize;
  readonly resolve: (page: OcrPage) => void;
  readonly reject: (err: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface Slot {
  worker: Promise<Tesseract.Worker> | null;
  job: Job | null;
}

/** the model flavour in each @tesseract.js-data package: LSTM only, integer weights (ocrWorker.cjs too) */
const MODEL_DIR = '4.0.0_best_int';

function moduleDir(): string {
  // `import.meta` is avoided: the file is bundled to CommonJS for Electron, where esbuild empties it.
  return typeof __dirname === 'string' ? __dirname : path.join(process.cwd(), 'native', 'ocr');
}

function defaultDataScopeDir(): string {
  const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
  const fas = createRequire(from).resolve('@tesseract.js-data/fas/package.json');
  return path.dirname(path.dirname(fas));
}

export function createOcrPool(options: OcrPoolOptions = {}): OcrPool {
  const size = Math.max(1, Math.floor(options.workers ?? 1));
  const languages = options.languages ?? 'fas+eng';
  const workerPath = options.workerPath ?? path.join(moduleDir(), 'ocrWorker.cjs');
  const jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, job: null }));
  const queue: Job[] = [];
  let closed = false;

  async function startWorker(): Promise<Tesseract.Worker> {
    const scope = options.dataScopeDir ?? defaultDataScopeDir();
    // tesseract.js 7 never settles createWorker when a language fails to load (the error only reaches
    // errorHandler, and the thread cannot be terminated without the handle): check the files first.
    for (const code of languages.split('+')) {
      const file = path.join(scope, code, MODEL_DIR, `${code}.traineddata.gz`);
      await access(file).catch((err: unknown) => {
        throw new Error(`OCR language "${code}" is not installed (${file}): add @tesseract.js-data/${code}`, { cause: err });
      });
    }
    const { createWorker, OEM } = (await import('tesseract.js')).default;
    return new Promise<Tesseract.Worker>((resolve, reject) => {
      createWorker(languages, OEM.LSTM_ONLY, {
        workerPath,
        langPath: scope,
        gzip: true,
        cacheMethod: 'none',
        // Worker errors arrive here (without it tesseract.js throws them on the event loop). Before
        // the worker is ready this is the only news of a failed start; later ones reject their job too.
        errorHandler: (err: unknown) => reject(new Error(`OCR worker: ${String(err)}`)),
      }).then(resolve, reject);
    });
  }

  /** A running job cannot be interrupted inside tesseract: its worker is terminated and restarted later. */
  function dropWorker(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = null;
    worker?.then((w) => w.terminate()).catch(() => undefined);
  }

  function pump(): void {
    for (const slot of slots) {
      if (slot.job || queue.length === 0 || closed) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker ??= startWorker();
      const worker = slot.worker;
      const timer = setTimeout(() => stop(job, new OcrTimeoutError(jobTimeoutMs)), jobTimeoutMs);
      timer.unref();
      worker
        .then(async (w) => {
          // Scans are dark print on light paper: tesseract's retry of each doubtful line as white-on-black
          // (tessedit_do_invert, on by default) costs ~40 % of a page's time and finds nothing here.
          await w.setParameters({ tessedit_do_invert: '0', ...(job.size.dpi ? { user_defined_dpi: String(Math.round(job.size.dpi)) } : {}) });
          // blocks only: the page text is built from its lines (no second pass over the result)
          return w.recognize(job.image, {}, { blocks: true, text: false });
        })
        .then(
          (result) => finish(slot, job, () => job.resolve(toOcrPage(result.data, job.size))),
          (err: unknown) => {
            // A worker that failed (to start or mid-page) is replaced for the next job.
            if (slot.worker === worker && slot.job === job) dropWorker(slot);
            // tesseract.js rejects with the worker's message string
            finish(slot, job, () => job.reject(err instanceof Error ? err : new Error(`OCR failed: ${String(err)}`)));
          },
        )
        .finally(() => clearTimeout(timer));
    }
  }

  function finish(slot: Slot, job: Job, settle: () => void): void {
    if (slot.job !== job) return; // cancelled while running: already rejected
    slot.job = null;
    job.signal?.removeEventListener('abort', job.onAbort);
    settle();
    pump();
  }

  /** Takes a job out, queued or running (its worker is replaced), and rejects it with `error`. */
  function stop(job: Job, error: Error): void {
    job.signal?.removeEventListener('abort', job.onAbort);
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
    const slot = slots.find((s) => s.job === job);
    if (i < 0 && !slot) return; // already settled
    if (slot) {
      slot.job = null;
      dropWorker(slot);
    }
    job.reject(error);
    pump();
  }

  function all(): Job[] {
    return [...queue, ...slots.flatMap((s) => (s.job ? [s.job] : []))];
  }

  return {
    recognize(image, size, signal) {
      if (closed) return Promise.reject(new OcrCancelledError('OCR pool closed'));
      if (signal?.aborted) return Promise.reject(new OcrCancelledError());
      return new Promise<OcrPage>((resolve, reject) => {
        const job: Job = { image, size, resolve, reject, signal, onAbort: () => stop(job, new OcrCancelledError()) };
        signal?.addEventListener('abort', job.onAbort, { once: true });
        queue.push(job);
        pump();
      });
    },
    get queued() {
      return queue.length;
    },
    cancelAll() {
      for (const job of all()) stop(job, new OcrCancelledError());
    },
    async close() {
      if (closed) return;
      for (const job of all()) stop(job, new OcrCancelledError('OCR pool closed'));
      closed = true;
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          slot.worker = null;
          if (worker) await worker.then((w) => w.terminate()).catch(() => undefined);
        }),
      );
    },
  };
}

/**
 * tesseract wraps Latin runs of a right-to-left line in LRM…RLM. Direction marks are dropped from
 * the text we index and lay into the PDF (the PDF writer runs the bidi algorithm itself); ZWNJ
 * (U+200C, «می‌شود») is part of Persian spelling and stays.
 */
const DIRECTION_MARKS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;
const clean = (s: string) => s.replace(DIRECTION_MARKS, '').replace(/\s+/g, ' ').trim();

const box = (b: Tesseract.Bbox, widthPx: number, heightPx: number): OcrBox => ({
  x0: Math.max(0, Math.min(widthPx, b.x0)),
  y0: Math.max(0, Math.min(heightPx, b.y0)),
  x1: Math.max(0, Math.min(widthPx, b.x1)),
  y1: Math.max(0, Math.min(heightPx, b.y1)),
});

/**
 * tesseract's blocks → paragraphs → lines → words, flattened to lines. tesseract already gives
 * each line's text and its words in reading (logical) order, right-to-left lines included; empty
 * words (noise tesseract could not read) are dropped.
 */
export function toOcrPage(page: Tesseract.Page, size: OcrImageSize): OcrPage {
  const { widthPx, heightPx } = size;
  const lines: OcrLine[] = [];
  let confidenceSum = 0;
  let wordCount = 0;
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words = line.words
          .map((w) => ({ ...w, text: clean(w.text) }))
          .filter((w) => w.text !== '')
          .map((w) => ({ text: w.text, bbox: box(w.bbox, widthPx, heightPx), confidence: w.confidence }));
        if (words.length === 0) continue;
        for (const w of words) confidenceSum += w.confidence;
        wordCount += words.length;
        lines.push({ text: clean(line.text), bbox: box(line.bbox, widthPx, heightPx), words });
      }
    }
  }
  return {
    text: lines.map((l) => l.text).join('\n'),
    lines,
    confidence: wordCount === 0 ? 0 : confidenceSum / wordCount,
    widthPx,
    heightPx,
  };
}
