/**
 * Provisional pages (db/migrations/0030; docs/WORKSTATIONS.md § Bench): a page whose driver made its
 * thumbnail and view in its own decode (native/image/preview.ts) — a workstation's agent, or the hub's
 * own folder driver — is committed at once, in order, with the original as the driver delivered it
 * (sealed in the page store) and those small images, and shown. Its heavy steps (deskew, crop, blank
 * detection, the cleaned image) run here afterwards on the image workers, oldest page first; when they
 * finish the row takes the cleaned image and the screens are told again. The database is the queue:
 * a hub restarted (or killed) in between finds its provisional pages at start and runs them again.
 *
 * While a page of a request is provisional, its page edits, a rescan, «پایان اسکن», the applicant's
 * confirmation and the PDF wait (`refuseWhileProcessing`, PAGES_PROCESSING): they would act on an
 * image about to change, and a blank page is only known once its steps ran.
 */
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import { ScannerError, type RawPage } from '../../native/capture/types';
import { changed, type CaptureDeps } from './context';
import { kickOcr } from './ocr';
import { readStored, storeAll } from './pageFiles';

/** provisional pages processed at once (the image pool queues any more; two keep both its workers busy) */
const AT_ONCE = 2;
/** a step that failed for a reason other than the image (the store, the disk) is tried again after this */
const RETRY_MS = 5000;

type Deps = Pick<CaptureDeps, 'db' | 'now' | 'log' | 'events' | 'requests' | 'store' | 'ports' | 'state'>;

/** Refuses a change to a request while one of its pages is still being processed. */
export function refuseWhileProcessing(deps: Pick<CaptureDeps, 'db'>, requestId: string): void {
  if (c.requestProcessing(deps.db, requestId)) throw new DomainError('PAGES_PROCESSING', 'a page of this request is still being processed');
}

/** Starts the heavy steps of provisional pages, up to AT_ONCE, oldest first (also at the hub's start). */
export function kickProcessing(deps: Deps): void {
  const { state } = deps;
  if (state.processingStopped) return;
  const waiting = c.processingPages(deps.db).filter((p) => !state.processing.has(p.id) && !state.processingRetry.has(p.id));
  for (const p of waiting) {
    if (state.processing.size >= AT_ONCE) return;
    const done = processOne(deps, p.id).finally(() => {
      state.processing.delete(p.id);
      kickProcessing(deps);
    });
    state.processing.set(p.id, done);
  }
}

async function processOne(deps: Deps, pageId: string): Promise<void> {
  const { db } = deps;
  const p = c.processingPage(db, pageId);
  if (!p) return;
  const started = Date.now();
  try {
    const original = await readStored(deps, p.sha256);
    let out;
    try {
      out = await deps.ports.pipeline().process({ index: 0, data: original, mime: p.mime as RawPage['mime'], dpi: p.dpi }, { colorMode: p.colorMode });
    } catch (err) {
      if (!(err instanceof ScannerError) && (err as { code?: unknown }).code === undefined) throw err;
      // the image itself failed its steps (its preview was made, so this is rare): the page stays as
      // delivered — the original and its small images — and is no longer in process
      deps.log.warn('a page’s processing failed; it is kept as scanned', { pageId, error: err instanceof Error ? err.message : String(err) });
      if (deps.state.processingStopped) return;
      c.finishProcessing(db, pageId, p.sha256, { sha256: p.sha256, mime: p.mime, bytes: p.bytes, widthPx: p.widthPx, heightPx: p.heightPx, thumbSha256: p.thumbSha256, viewSha256: p.viewSha256, deskewDeg: 0, inkRatio: 1, blank: false });
      changed(deps, p.requestId, null, null);
      return;
    }
    const [sha, thumb, view] = await storeAll(deps, out);
    if (deps.state.processingStopped) return;
    const finished = c.finishProcessing(db, pageId, p.sha256, { sha256: sha, mime: out.mime, bytes: out.image.length, widthPx: out.widthPx, heightPx: out.heightPx, thumbSha256: thumb, viewSha256: view, deskewDeg: out.deskewDeg, inkRatio: out.inkRatio, blank: out.blank });
    deps.log.info('page processed', { pageId, ms: Date.now() - started, finished });
    changed(deps, p.requestId, null, null);
    kickOcr(deps);
  } catch (err) {
    deps.log.warn('a page’s processing could not be stored; it is tried again', { pageId, error: err instanceof Error ? err.message : String(err) });
    deps.state.processingRetry.add(pageId);
    setTimeout(() => {
      deps.state.processingRetry.delete(pageId);
      kickProcessing(deps);
    }, RETRY_MS).unref();
  }
}

/** For tests and shutdown: resolves when no page is provisional (or, `stop`, when the steps running now ended). */
export async function processingIdle(deps: Deps, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    kickProcessing(deps);
    const running = [...deps.state.processing.values()];
    if (running.length === 0 && (deps.state.processingStopped || c.processingPages(deps.db).length === 0)) return;
    if (Date.now() > until) throw new Error('page processing did not finish in time');
    await Promise.race([Promise.allSettled(running), new Promise((r) => setTimeout(r, 50))]);
  }
}

/** At close: no step starts again; the ones running end (their pages resume at the next start). */
export async function stopProcessing(deps: Deps): Promise<void> {
  deps.state.processingStopped = true;
  await Promise.allSettled([...deps.state.processing.values()]);
}
