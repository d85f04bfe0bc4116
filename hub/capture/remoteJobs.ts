/**
 * Scan jobs whose pages a workstation's device agent scans (hub/agent, docs/WORKSTATIONS.md): the
 * same checks, document and job row as a local scan, the same pipeline and store for each page; the
 * pages arrive later, across reconnections and restarts, and each commits with the agent's record.
 */
import { randomUUID } from 'node:crypto';
import type { DocumentType } from '../../core/api/capture';
import { captureErrorCodes } from '../../core/api/capture';
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import type { ColorMode, RawPage, ScanSettings } from '../../native/capture/types';
import type { Staff } from '../request/requestService';
import { changed, editable, nowIso, refuseWhileRunning, type CaptureDeps } from './context';
import { kickProcessing, refuseWhileProcessing } from './processing';
import { documentFor, warmPipeline } from './jobs';
import { kickOcr } from './ocr';
import { processPage } from './pipeline';

/** Where a workstation's scan job puts its pages (kept with the agent's job, so it outlives a restart). */
export interface RemoteTarget {
  jobId: string;
  requestId: string;
  counterId: number;
  documentId: string;
  colorMode: ColorMode;
  /** rescanning one page: the page the first page replaces */
  replace: string | null;
  staff: Staff;
}

/** Opens the job; `also` runs in the same transaction (the agent's job row). */
export function openRemoteJob(
  deps: CaptureDeps,
  input: { requestId: string; counterId: number; documentType: DocumentType; documentId?: string | undefined; replacePageId?: string | undefined; colorMode: ColorMode },
  staff: Staff,
  what: { driver: string; deviceId: string; settings: ScanSettings },
  also: (target: RemoteTarget) => void,
): RemoteTarget {
  const { db } = deps;
  const req = editable(deps, input.requestId, staff);
  refuseWhileRunning(deps, input.counterId, req.id);
  let replace: c.PageRow | null = null;
  if (input.replacePageId !== undefined) {
    refuseWhileProcessing(deps, req.id);
    replace = c.page(db, input.replacePageId);
    if (!replace || replace.requestId !== req.id) throw new DomainError('UNKNOWN_PAGE', 'no such page in this request');
  }
  const jobId = randomUUID();
  const target = db
    .transaction(() => {
      const d = documentFor(deps, req, replace ? replace.documentId : input.documentId, input.documentType, input.colorMode);
      c.insertJob(db, { id: jobId, requestId: req.id, counterId: input.counterId, driver: what.driver, deviceId: what.deviceId, settings: what.settings, startedAt: nowIso(deps), startedBy: staff.userId });
      const t: RemoteTarget = { jobId, requestId: req.id, counterId: input.counterId, documentId: d.id, colorMode: d.colorMode, replace: replace?.id ?? null, staff };
      also(t);
      return t;
    })
    .immediate();
  warmPipeline(deps);
  changed(deps, req.id, input.counterId, jobId);
  return target;
}

/** The pipeline and the store's files for a workstation's page; the returned commit adds its row (in the job's order). */
export function prepareRemotePage(deps: CaptureDeps, target: RemoteTarget, raw: RawPage): Promise<() => string> {
  const job = { jobId: target.jobId, requestId: target.requestId, counterId: target.counterId, doc: { id: target.documentId, colorMode: target.colorMode, replace: target.replace }, staff: target.staff };
  return processPage(deps, job, raw, deps.ports.pipeline());
}

/** Commits a prepared page with what `also` writes (the agent's page number), in one transaction; returns the page's id. */
export function commitRemotePage(deps: CaptureDeps, target: RemoteTarget, commit: () => string, also: (pageId: string) => void): string {
  const pageId = deps.db.transaction(() => {
    const id = commit();
    also(id);
    return id;
  })();
  changed(deps, target.requestId, target.counterId, target.jobId);
  kickProcessing(deps);
  kickOcr(deps);
  return pageId;
}

/** The workstation's job is over: its pages are kept, whatever the outcome. */
export function endRemoteJob(deps: CaptureDeps, target: Pick<RemoteTarget, 'jobId' | 'requestId' | 'counterId'>, status: 'done' | 'failed' | 'cancelled', code: string | null): void {
  const known = code === null ? null : (captureErrorCodes as readonly string[]).includes(code) ? code : 'BAD_DATA';
  deps.db.transaction(() => {
    c.endJob(deps.db, target.jobId, status, known as Parameters<typeof c.endJob>[3], nowIso(deps));
    c.dropEmptyDocuments(deps.db, target.requestId, nowIso(deps));
  })();
  changed(deps, target.requestId, target.counterId, target.jobId);
}
