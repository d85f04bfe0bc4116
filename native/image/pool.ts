import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ScannerError, type RawPage } from '../capture/types';
import { ownBytes, type JobMessage, type ResultMessage } from './workerProtocol';
import type { PipelineOptions, ProcessedPage } from './types';

/**
 * Runs the image pipeline on worker threads, one per core by default, so the hub's event loop never
 * waits on libvips or on the JavaScript passes over the small copy.
 *
 * - At most `size` jobs run at once, one per worker. `process()` accepts any number of jobs (they
 *   wait in order); a scan should go through `processAll()`, which pulls the next page from the
 *   driver only when fewer than `maxInFlight` pages are pulled and not yet handed on — a 500-page
 *   ADF batch is never in memory at once.
 * - Page data goes to the worker as a transferred ArrayBuffer (copied once first only when the
 *   Buffer shares its memory); results come back transferred.
 * - A worker that dies (a crash in native code, out of memory) fails its job with an Error and is
 *   replaced; the other jobs go on.
 */

export interface ImagePoolOptions {
  /** worker threads; default os.availableParallelism() */
  readonly size?: number;
  /** pages pulled and not yet handed on in processAll(); default 2 × size */
  readonly maxInFlight?: number;
  /**
   * the worker's module; default: worker.ts beside this file when running from TypeScript source
   * (vitest, tsx), `imageWorker.js` / `imageWorker.cjs` beside the bundle otherwise (build-node.mjs)
   */
  readonly workerFile?: string;
}

interface Job {
  readonly id: number;
  readonly message: JobMessage;
  readonly resolve: (page: ProcessedPage) => void;
  readonly reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export class ImagePoolClosedError extends Error {
  constructor() {
    super('the image pool is closed');
    this.name = 'ImagePoolClosedError';
  }
}

export class ImagePool {
  readonly size: number;
  readonly maxInFlight: number;
  private readonly workerFile: string;
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** workers started in all, replacements included (for tests and logs) */
  workersStarted = 0;

  constructor(options: ImagePoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2 * this.size);
    this.workerFile = options.workerFile ?? defaultWorkerFile();
    for (let i = 0; i < this.size; i++) this.slots.push({ worker: this.spawn(), job: null });
  }

  /** jobs running on a worker now */
  get running(): number {
    return this.slots.filter((s) => s.job !== null).length;
  }

  /** jobs accepted and not yet started */
  get queued(): number {
    return this.waiting.length;
  }

  process(page: RawPage, options: PipelineOptions): Promise<ProcessedPage> {
    if (this.closed) return Promise.reject(new ImagePoolClosedError());
    const data = ownBytes(page.data);
    const id = this.nextId++;
    const message: JobMessage = {
      id,
      page: { index: page.index, data, mime: page.mime, dpi: page.dpi, ...(page.origin ? { origin: page.origin } : {}) },
      options,
    };
    return new Promise<ProcessedPage>((resolve, reject) => {
      this.waiting.push({ id, message, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Pages in, processed pages out, in the same order, with back-pressure: the source is read only
   * while fewer than `maxInFlight` pages are pulled and not yet yielded. Stops at the first failed
   * page (its error is thrown; pages already yielded are the caller's).
   */
  async *processAll(pages: AsyncIterable<RawPage> | Iterable<RawPage>, options: PipelineOptions): AsyncGenerator<ProcessedPage> {
    const window: Promise<ProcessedPage>[] = [];
    try {
      for await (const page of pages) {
        const job = this.process(page, options);
        job.catch(() => undefined); // observed when its turn comes; not an unhandled rejection meanwhile
        window.push(job);
        while (window.length >= this.maxInFlight) yield await window.shift()!;
      }
      while (window.length > 0) yield await window.shift()!;
    } finally {
      // Abandoned (error or the consumer stopped): let running jobs finish unobserved.
      for (const job of window) job.catch(() => undefined);
    }
  }

  /** Ends the workers. Jobs still waiting or running fail with ImagePoolClosedError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new ImagePoolClosedError());
    await Promise.all(
      this.slots.map(async (slot) => {
        const job = slot.job;
        slot.job = null;
        job?.reject(new ImagePoolClosedError());
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Worker {
    this.workersStarted++;
    const worker = this.workerFile.endsWith('.ts')
      ? // TypeScript source: register tsx's loader in the thread first, then load the worker.
        new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(this.workerFile).href)}); });`, { eval: true })
      : new Worker(this.workerFile);
    worker.on('message', (msg: ResultMessage) => this.onResult(worker, msg));
    worker.on('error', (err) => this.onDeath(worker, err));
    worker.on('exit', (code) => this.onDeath(worker, new Error(`image worker exited with code ${code}`)));
    return worker;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.waiting.length === 0) return;
      if (slot.job !== null) continue;
      const job = this.waiting.shift()!;
      slot.job = job;
      const data = job.message.page.data;
      slot.worker.postMessage(job.message, [data.buffer as ArrayBuffer]);
    }
  }

  private onResult(worker: Worker, msg: ResultMessage): void {
    const slot = this.slots.find((s) => s.worker === worker);
    const job = slot?.job;
    if (!slot || !job || job.id !== msg.id) return;
    slot.job = null;
    if (msg.ok) {
      const p = msg.page;
      job.resolve({ ...p, image: toBuffer(p.image), thumb: toBuffer(p.thumb), view: toBuffer(p.view) });
    } else {
      const { code, message } = msg.error;
      job.reject(code ? new ScannerError(code, message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message) : new Error(message));
    }
    this.dispatch();
  }

  /** A worker errored or exited: its job fails, a new worker takes its place. Called twice per death (error, then exit). */
  private onDeath(worker: Worker, err: Error): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (!slot) return;
    const job = slot.job;
    slot.job = null;
    job?.reject(new Error(`image worker died while processing page ${job.message.page.index}: ${err.message}`, { cause: err }));
    if (this.closed) return;
    worker.removeAllListeners();
    worker.on('error', () => undefined);
    void worker.terminate();
    slot.worker = this.spawn();
    this.dispatch();
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Where the worker module is. From TypeScript source (vitest, tsx): worker.ts beside this file.
 * From a bundle: the `imageWorker` entry build-node.mjs emits beside the bundle, with the bundle's
 * own extension (.js for the ES module build, .cjs for Electron's main).
 */
function defaultWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  return ext === '.ts' ? path.join(path.dirname(here), 'worker.ts') : path.join(path.dirname(here), `imageWorker${ext}`);
}
