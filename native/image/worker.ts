import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { ScannerError, type RawPageMime } from '../capture/types';
import { processPage } from './pipeline';
import { ownBytes, type JobMessage, type ResultMessage } from './workerProtocol';

/**
 * The pool's worker thread: one page at a time through the pipeline. libvips gets one thread here —
 * the pool already runs one worker per core, and more threads would only fight over the same cores.
 */
sharp.concurrency(1);
// libvips' operation cache keeps recent images for reuse; pages never repeat, so it would only hold memory.
sharp.cache(false);

const port = parentPort;
if (!port) throw new Error('native/image/worker.ts runs as a worker thread of ImagePool');

port.on('message', (job: JobMessage) => {
  void run(job).then(({ message, transfer }) => port.postMessage(message, transfer));
});

async function run(job: JobMessage): Promise<{ message: ResultMessage; transfer: ArrayBuffer[] }> {
  try {
    const data = Buffer.from(job.page.data.buffer, job.page.data.byteOffset, job.page.data.byteLength);
    const page = await processPage({ ...job.page, data, mime: job.page.mime as RawPageMime }, job.options);
    const image = ownBytes(page.image);
    const thumb = ownBytes(page.thumb);
    const view = ownBytes(page.view);
    return {
      message: { id: job.id, ok: true, page: { ...page, image, thumb, view } },
      transfer: [image.buffer as ArrayBuffer, thumb.buffer as ArrayBuffer, view.buffer as ArrayBuffer],
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof ScannerError ? err.code : undefined;
    return { message: { id: job.id, ok: false, error: code ? { message, code } : { message } }, transfer: [] };
  }
}
