/**
 * A job's pages from the driver through the image pipeline into the store: up to IN_FLIGHT at once,
 * each committed (and shown) as soon as it and every page before it are stored; a failure keeps the
 * pages before it. A page that came with its small images (RawPage.preview) skips the pipeline here:
 * it is stored as delivered and committed provisional, its heavy steps queued (processing.ts).
 */
import { randomUUID } from 'node:crypto';
import type { CaptureErrorCode } from '../../core/api/capture';
import * as c from '../../db/capture';
import type { ColorMode, RawPage } from '../../native/capture/types';
import type { Staff } from '../request/requestService';
import { captureCode } from './captureCode';
import { changed, nowIso, type CaptureDeps } from './context';
import { kickOcr } from './ocr';
import { storeAll } from './pageFiles';
import { kickProcessing } from './processing';
import type { CapturePorts } from './ports';

/** How many pages go through the pipeline at once for one job (ordered; more only queues in the pool). */
const IN_FLIGHT = 2;

export interface JobTarget {
  jobId: string;
  requestId: string;
  counterId: number;
  doc: { id: string; colorMode: ColorMode; replace: string | null };
  staff: Staff;
}

/** Runs the job to its end and records how it went. */
export async function runJob(deps: CaptureDeps, job: JobTarget, pages: AsyncIterable<RawPage>, signal: AbortSignal): Promise<void> {
  const { jobId, requestId, counterId } = job;
  const pipeline = deps.ports.pipeline();
  const queue: { commit: (() => unknown) | null; failed: unknown; done: boolean; settled: Promise<void> }[] = [];
  let firstError: unknown = null;
  /** Commits the finished pages at the head of the queue, in order. */
  const drain = () => {
    let any = false;
    while (queue.length && queue[0]!.commit) {
      queue.shift()!.commit!();
      any = true;
    }
    while (queue.length && queue[0]!.failed !== null) {
      firstError ??= queue[0]!.failed;
      queue.shift();
    }
    if (any) {
      changed(deps, requestId, counterId, jobId);
      kickProcessing(deps);
    }
  };
  const enqueue = (raw: RawPage) => {
    const entry: (typeof queue)[number] = { commit: null, failed: null, done: false, settled: Promise.resolve() };
    entry.settled = processPage(deps, job, raw, pipeline).then(
      (commit) => {
        entry.done = true;
        entry.commit = commit;
        if (firstError === null) drain();
      },
      (err: unknown) => {
        entry.done = true;
        entry.failed = err ?? new Error('pipeline failed');
        firstError ??= entry.failed;
      },
    );
    queue.push(entry);
  };
  let outcome: { status: 'done' | 'failed' | 'cancelled'; code: CaptureErrorCode | null } = { status: 'done', code: null };
  try {
    for await (const raw of pages) {
      if (signal.aborted || firstError !== null) break;
      enqueue(raw);
      // back-pressure: at most IN_FLIGHT pages processing (finished ones wait only for an earlier page)
      for (;;) {
        const busy = queue.filter((e) => !e.done);
        if (busy.length < IN_FLIGHT || firstError !== null) break;
        await Promise.race(busy.map((e) => e.settled));
      }
    }
    await Promise.all(queue.map((e) => e.settled));
    if (firstError !== null) throw firstError;
    if (signal.aborted) outcome = { status: 'cancelled', code: 'CANCELLED' };
  } catch (err) {
    // Pages processed before the failure are still committed, in order; the failed one and later are not.
    await Promise.allSettled(queue.map((e) => e.settled));
    while (queue.length && queue[0]!.commit) queue.shift()!.commit!();
    queue.length = 0;
    const code = signal.aborted ? 'CANCELLED' : captureCode(err);
    outcome = { status: code === 'CANCELLED' ? 'cancelled' : 'failed', code };
    if (outcome.status === 'failed') deps.log.warn('capture job failed', { jobId, code, error: err instanceof Error ? err.message : String(err) });
  }
  c.endJob(deps.db, jobId, outcome.status, outcome.code, nowIso(deps));
  c.dropEmptyDocuments(deps.db, requestId, nowIso(deps));
  kickProcessing(deps);
  kickOcr(deps);
}

/** The page's stored image and its facts: processed now, or (with the driver's small images) as delivered, provisional. */
async function stored(deps: CaptureDeps, job: JobTarget, raw: RawPage, pipeline: ReturnType<CapturePorts['pipeline']>): Promise<c.PageImageFacts & { blank: boolean; processing: boolean }> {
  if (raw.preview) {
    const [sha, thumb, view] = await storeAll(deps, { image: raw.data, thumb: raw.preview.thumb, view: raw.preview.view });
    return { sha256: sha, mime: raw.mime, bytes: raw.data.length, widthPx: raw.preview.widthPx, heightPx: raw.preview.heightPx, dpi: raw.dpi > 0 ? raw.dpi : 300, thumbSha256: thumb, viewSha256: view, deskewDeg: 0, inkRatio: 0, blank: false, processing: true };
  }
  const out = await pipeline.process(raw, { colorMode: job.doc.colorMode });
  const [sha, thumb, view] = await storeAll(deps, out);
  return { sha256: sha, mime: out.mime, bytes: out.image.length, widthPx: out.widthPx, heightPx: out.heightPx, dpi: out.dpi, thumbSha256: thumb, viewSha256: view, deskewDeg: out.deskewDeg, inkRatio: out.inkRatio, blank: out.blank, processing: false };
}

/** Pipeline (or not: provisional) + store; resolves to the commit of the page row (run in order by the caller), which returns the page's id. */
export async function processPage(deps: CaptureDeps, job: JobTarget, raw: RawPage, pipeline: ReturnType<CapturePorts['pipeline']>): Promise<() => string> {
  const { db } = deps;
  const { jobId, doc } = job;
  const out = await stored(deps, job, raw, pipeline);
  const origin = raw.origin ? `${raw.origin.fileName}#${raw.origin.pageOfFile + 1}` : null;
  const replace = doc.replace;
  if (replace) {
    // the rescanned page takes the old one's place: same row, number and document; new image, match and OCR anew
    return () =>
      db.transaction(() => {
        c.replacePageImage(db, replace, out);
        c.countJobPage(db, jobId);
        return replace;
      })();
  }
  const pageId = randomUUID();
  return () =>
    db.transaction(() => {
      c.insertPage(db, {
        id: pageId,
        requestId: job.requestId,
        documentId: doc.id,
        jobId,
        ...out,
        source: raw.origin ? 'file' : 'scanner',
        origin,
        capturedAt: nowIso(deps),
        capturedBy: job.staff.userId,
      });
      return pageId;
    })();
}
