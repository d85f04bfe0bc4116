/**
 * What the screens read of a request's capture: the counter's view (documents, pages, jobs, page
 * figures, digest, last review), the applicant's page list, and the OCR text search.
 */
import type { CaptureErrorCode, CaptureView, DocumentType } from '../../core/api/capture';
import { captureErrorCodes } from '../../core/api/capture';
import * as c from '../../db/capture';
import type { Staff } from '../request/requestService';
import type { CaptureDeps } from './context';
import { digest, pageFigures } from './review';

export function view(deps: Pick<CaptureDeps, 'db' | 'requests'>, requestId: string, staff: Staff | null): CaptureView {
  const { db } = deps;
  const req = staff ? deps.requests.forChange(requestId, staff) : deps.requests.get(requestId);
  const docs = c.documents(db, req.id);
  const pages = c.pages(db, req.id);
  let n = 0;
  const byDoc = new Map(docs.map((d) => [d.id, [] as CaptureView['documents'][number]['pages']]));
  for (const p of pages) {
    byDoc.get(p.documentId)?.push({
      id: p.id,
      documentId: p.documentId,
      number: ++n,
      sha256: p.sha256,
      widthPx: p.widthPx,
      heightPx: p.heightPx,
      dpi: p.dpi,
      bytes: p.bytes,
      deskewDeg: Math.round(p.deskewDeg * 100) / 100,
      blank: p.blank === 1,
      blankKept: p.blankKept === 1,
      matched: p.matchedAt !== null,
      ocr: p.ocrStatus,
      source: p.source,
      ...(p.processing === 1 ? { processing: true } : {}),
    });
  }
  const review = c.lastReview(db, req.id);
  return {
    requestId: req.id,
    documents: docs.map((d) => ({ id: d.id, type: d.type as DocumentType, colorMode: d.colorMode, pages: byDoc.get(d.id) ?? [] })),
    jobs: c.recentJobs(db, req.id).map((j) => ({
      id: j.id,
      driver: j.driver,
      status: j.status,
      errorCode: (captureErrorCodes as readonly string[]).includes(j.errorCode ?? '') ? (j.errorCode as CaptureErrorCode) : null,
      pages: j.pages,
      startedAt: j.startedAt,
      endedAt: j.endedAt,
    })),
    ...pageFigures(req),
    digest: digest(deps, req.id),
    review,
  };
}

/** The pages the applicant's screen shows for the request (ids and document types only). */
export function applicantPages(deps: Pick<CaptureDeps, 'db'>, requestId: string): { digest: string; pages: { id: string; number: number; documentType: DocumentType }[] } {
  const docs = new Map(c.documents(deps.db, requestId).map((d) => [d.id, d.type as DocumentType]));
  return {
    digest: digest(deps, requestId),
    pages: c.pages(deps.db, requestId).map((p, i) => ({ id: p.id, number: i + 1, documentType: docs.get(p.documentId) ?? 'other' })),
  };
}

export function search(deps: Pick<CaptureDeps, 'db' | 'requests'>, query: string): { hits: { requestId: string; requestNumber: string; pageId: string; pageNumber: number; snippet: string }[] } {
  const { db } = deps;
  const hits = c.searchText(db, query);
  // a request's page order, read once however many of its pages matched
  const order = new Map<string, string[]>();
  const pageIds = (requestId: string) => order.get(requestId) ?? order.set(requestId, c.pages(db, requestId).map((p) => p.id)).get(requestId)!;
  return {
    hits: hits.flatMap((h) => {
      const req = deps.requests.get(h.requestId);
      const n = pageIds(h.requestId).indexOf(h.pageId);
      return n < 0 ? [] : [{ requestId: h.requestId, requestNumber: `${req.year}/${req.number}`, pageId: h.pageId, pageNumber: n + 1, snippet: h.snippet }];
    }),
  };
}
