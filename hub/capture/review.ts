/**
 * The steps after capture: the clerk finishes (pages there, blanks decided, as many as paid), the
 * applicant confirms or objects on their own screen for the page list they were shown (its digest), and
 * the clerk matches each page with its paper original.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../../core/errors';
import { defaultServiceCatalogue, type ServiceCode } from '../../core/fees/services';
import type { RequestDetails } from '../../core/api/request';
import * as c from '../../db/capture';
import type { RequestRow } from '../../db/requests';
import type { Staff } from '../request/requestService';
import { changed, nowIso, type CaptureDeps } from './context';
import { refuseWhileProcessing } from './processing';

/** The order of the pages the applicant is shown, as one hash: what their confirmation refers to. */
export function digest(deps: Pick<CaptureDeps, 'db'>, requestId: string): string {
  const docs = new Map(c.documents(deps.db, requestId).map((d) => [d.id, d.type]));
  const list = c.pages(deps.db, requestId).map((p) => `${docs.get(p.documentId)}:${p.sha256}`);
  return createHash('sha256').update(JSON.stringify(list)).digest('hex');
}

export function pageFigures(req: RequestRow): { pagesPaid: number; pagesIncluded: number; chargesExtraPages: boolean } {
  const service = defaultServiceCatalogue[req.service as ServiceCode];
  const details = req.details as RequestDetails | null;
  return {
    pagesPaid: details?.pages ?? service.includedPages,
    pagesIncluded: service.includedPages,
    chargesExtraPages: service.chargesExtraPages,
  };
}

/** Checks what the applicant is about to see: pages there, blanks decided, the page count as paid. */
function checkComplete(deps: Pick<CaptureDeps, 'db' | 'state'>, req: RequestRow): void {
  if ([...deps.state.running.values()].some((j) => j.requestId === req.id)) throw new DomainError('CAPTURE_RUNNING', 'a scan is still running');
  // blank pages are known, and the pages final, only once every page's steps ran
  refuseWhileProcessing(deps, req.id);
  const pages = c.pages(deps.db, req.id);
  if (pages.length === 0) throw new DomainError('CAPTURE_NO_PAGES', 'no pages captured');
  const undecided = pages.map((p, i) => ({ p, n: i + 1 })).filter(({ p }) => p.blank && !p.blankKept);
  if (undecided.length) {
    throw new DomainError('CAPTURE_BLANK_UNDECIDED', 'blank pages to decide', { fields: undecided.map(({ n }) => ({ path: `pages.${n}`, reason: 'blank' })) });
  }
  const { pagesPaid, pagesIncluded, chargesExtraPages } = pageFigures(req);
  // ماده ۳۸ ذ: never a rial above tariff — the pages charged must be the pages sent, no more, no fewer.
  if (chargesExtraPages && Math.max(0, pages.length - pagesIncluded) !== Math.max(0, pagesPaid - pagesIncluded)) {
    throw new DomainError('CAPTURE_PAGES_NOT_AS_PAID', `captured ${pages.length}, paid for ${pagesPaid}`, { ref: `${pages.length}/${pagesPaid}` });
  }
}

export function finish(deps: CaptureDeps, requestId: string, staff: Staff): void {
  const req = deps.requests.forChange(requestId, staff);
  checkComplete(deps, req);
  deps.requests.step(req, { type: 'documentsCaptured' }, staff);
  deps.requests.changed(req.id);
  changed(deps, req.id, req.counterId, null);
}

/**
 * The applicant's answer on their own screen (ماده ۴ «به رؤیت متقاضی»): it counts only for the page
 * list they were shown (the digest), and only while the request waits for it at that counter.
 */
export function review(deps: CaptureDeps, req: RequestRow, input: { outcome: 'confirmed' | 'objected'; digest: string; reason?: string | undefined }): void {
  const { db, requests } = deps;
  if (req.status !== 'documentsCaptured') throw new DomainError('REQUEST_OUT_OF_ORDER', 'nothing to review');
  if (input.digest !== digest(deps, req.id)) throw new DomainError('REVIEW_OUTDATED', 'the pages changed since they were shown');
  const at = nowIso(deps);
  const count = c.pages(db, req.id).length;
  if (input.outcome === 'confirmed') checkComplete(deps, req);
  const reason = input.outcome === 'objected' ? (input.reason?.trim() || 'اشکال در اسناد') : null;
  const record = () => c.insertReview(db, { requestId: req.id, counterId: req.counterId, outcome: input.outcome, reason, pages: count, digest: input.digest, at });
  if (input.outcome === 'confirmed') requests.step(req, { type: 'applicantConfirmed' }, null, record);
  else requests.step(req, { type: 'applicantObjected', reason: reason! }, null, record);
  requests.changed(req.id);
  changed(deps, req.id, req.counterId, null);
}

/** One page checked against its paper; a mismatch sends the request back to capture. Returns the request's id. */
export function match(deps: CaptureDeps, input: { pageId: string; matches: true } | { pageId: string; matches: false; reason: string }, staff: Staff): string {
  const { db, requests } = deps;
  const page = c.page(db, input.pageId);
  if (!page) throw new DomainError('UNKNOWN_PAGE', 'no such page');
  const req = requests.forChange(page.requestId, staff);
  if (req.status !== 'applicantConfirmed') throw new DomainError('REQUEST_OUT_OF_ORDER', 'matching comes after the applicant confirmed');
  if (input.matches) {
    c.setMatched(db, page.id, nowIso(deps), staff.userId);
  } else {
    // A page that does not match its paper sends the request back to capture, and to the applicant again.
    requests.step(req, { type: 'originalsMismatched', reason: input.reason }, staff, () => c.clearMatches(db, req.id));
    requests.changed(req.id);
  }
  changed(deps, req.id, req.counterId, null);
  return req.id;
}

export function matchDone(deps: CaptureDeps, requestId: string, staff: Staff): void {
  const { requests } = deps;
  const req = requests.forChange(requestId, staff);
  const pages = c.pages(deps.db, req.id);
  const open = pages.map((p, i) => ({ p, n: i + 1 })).filter(({ p }) => p.matchedAt === null);
  if (req.status === 'applicantConfirmed' && (pages.length === 0 || open.length)) {
    throw new DomainError('ORIGINALS_NOT_ALL_MATCHED', 'pages left to check', { fields: open.map(({ n }) => ({ path: `pages.${n}`, reason: 'unmatched' })) });
  }
  requests.step(req, { type: 'originalsMatched' }, staff);
  requests.changed(req.id);
  changed(deps, req.id, req.counterId, null);
}
