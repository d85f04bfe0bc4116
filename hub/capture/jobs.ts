/**
 * Capture jobs: one is launched into a document (new or given) with its row and runs in the
 * background until its pages are stored, it fails or it is cancelled; jobs a crash ended are closed at
 * start, and a watched folder's originals they took are shredded.
 */
import { randomUUID } from 'node:crypto';
import type { DocumentType } from '../../core/api/capture';
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import type { RequestRow } from '../../db/requests';
import type { ColorMode, RawPage } from '../../native/capture/types';
import { shredConsumed } from '../../native/capture/folder';
import type { Staff } from '../request/requestService';
import { changed, nowIso, type CaptureDeps } from './context';
import { runJob } from './pipeline';
import type { WorkstationScanner } from './ports';

/** At start: jobs still `running` were ended by a crash; a watched folder's originals still in done/ are shredded. */
export function recoverAtStart(deps: Pick<CaptureDeps, 'db' | 'now' | 'log'>): void {
  c.interruptRunningJobs(deps.db, nowIso(deps));
  for (const folder of c.scannerFolders(deps.db)) {
    void shredConsumed(folder).then(
      (n) => n > 0 && deps.log.info('scan folder originals left by an interrupted job shredded', { files: n }),
      (err: unknown) => deps.log.warn('could not clear a scan folder’s done/', { error: err instanceof Error ? err.message : String(err) }),
    );
  }
}

export function documentFor(deps: Pick<CaptureDeps, 'db' | 'now'>, req: RequestRow, documentId: string | undefined, type: DocumentType, colorMode: ColorMode): { id: string; colorMode: ColorMode } {
  if (documentId !== undefined) {
    const doc = c.document(deps.db, documentId);
    if (!doc || doc.requestId !== req.id) throw new DomainError('UNKNOWN_DOCUMENT', 'no such document in this request');
    return { id: doc.id, colorMode: doc.colorMode };
  }
  const id = randomUUID();
  c.insertDocument(deps.db, { id, requestId: req.id, type, colorMode, at: nowIso(deps) });
  return { id, colorMode };
}

export function launchJob(
  deps: CaptureDeps,
  req: RequestRow,
  input: { counterId: number; documentType: DocumentType; documentId?: string | undefined; replacePageId?: string | undefined; colorMode: ColorMode },
  staff: Staff,
  what: { driver: string; deviceId: string; settings: unknown },
  pages: (signal: AbortSignal) => AsyncIterable<RawPage>,
  /** once the job is over (its pages stored, or it failed): what the driver consumed goes (a watched folder's originals) */
  release?: () => Promise<void>,
): { jobId: string; done: Promise<void> } {
  const { db, state } = deps;
  const jobId = randomUUID();
  const doc = db
    .transaction(() => {
      const d = documentFor(deps, req, input.documentId, input.documentType, input.colorMode);
      c.insertJob(db, { id: jobId, requestId: req.id, counterId: input.counterId, driver: what.driver, deviceId: what.deviceId, settings: what.settings, startedAt: nowIso(deps), startedBy: staff.userId });
      return d;
    })
    .immediate();
  const controller = new AbortController();
  const replace = input.replacePageId ?? null;
  const source = replace ? firstOnly(pages(controller.signal)) : pages(controller.signal);
  const done = runJob(deps, { jobId, requestId: req.id, counterId: input.counterId, doc: { ...doc, replace }, staff }, source, controller.signal)
    .finally(async () => {
      try {
        await release?.();
      } catch (err) {
        deps.log.warn('a scanner driver did not release what it took', { jobId, error: err instanceof Error ? err.message : String(err) });
      }
    })
    .finally(() => {
      state.running.delete(jobId);
      changed(deps, req.id, input.counterId, jobId);
    });
  state.running.set(jobId, { controller, counterId: input.counterId, requestId: req.id, done });
  changed(deps, req.id, input.counterId, jobId);
  return { jobId, done };
}

/**
 * The image workers start when a scan job opens, not when its first page arrives: a scanner takes
 * seconds to feed its first sheet, and a worker thread loading libvips takes about as long (in the
 * workstation bench, workers loaded from source at load 10, a workstation's first page waited 4.2 s
 * for them), which the first page would otherwise wait on. A hub that never scans still starts none.
 * A local job does it in `runJob` (pipeline.ts), a workstation's job when it opens (remoteJobs.ts).
 */
export function warmPipeline(deps: Pick<CaptureDeps, 'ports'>): void {
  deps.ports.pipeline();
}

export function cancel(deps: Pick<CaptureDeps, 'db' | 'requests' | 'state'>, jobId: string, staff: Staff, workstation: WorkstationScanner | null): { cancelled: boolean } {
  const job = c.job(deps.db, jobId);
  if (!job) throw new DomainError('UNKNOWN_CAPTURE_JOB', 'no such job');
  deps.requests.forChange(job.requestId, staff);
  const running = deps.state.running.get(jobId);
  // a workstation's job runs on its agent: told there, it ends once the agent reports
  if (!running) return (job.driver === 'workstation' ? workstation?.cancel(jobId) : null) ?? { cancelled: false };
  running.controller.abort();
  return { cancelled: true };
}

/** For tests and shutdown: waits for every running job to end. */
export async function idle(deps: Pick<CaptureDeps, 'state'>): Promise<void> {
  await Promise.allSettled([...deps.state.running.values()].map((j) => j.done));
}

/** The first page of a scan only (rescanning one page); stopping early lets the driver end its job. */
async function* firstOnly(pages: AsyncIterable<RawPage>): AsyncGenerator<RawPage> {
  for await (const page of pages) {
    yield page;
    return;
  }
}
