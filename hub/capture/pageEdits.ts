/**
 * The clerk's page tools while pages may change: rotate, delete and its undo, keep a blank page, move a
 * page, split a document at a page, and a document's type or colour.
 */
import { randomUUID } from 'node:crypto';
import type { DocumentType } from '../../core/api/capture';
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import type { RequestRow } from '../../db/requests';
import type { ColorMode, RawPage } from '../../native/capture/types';
import type { Staff } from '../request/requestService';
import { changed, editable, nowIso, type CaptureDeps } from './context';
import { kickOcr } from './ocr';
import { readStored, storeAll } from './pageFiles';
import { refuseWhileProcessing } from './processing';

function pageForChange(deps: CaptureDeps, pageId: string, staff: Staff): { page: c.PageRow; req: RequestRow } {
  const page = c.page(deps.db, pageId);
  if (!page) throw new DomainError('UNKNOWN_PAGE', 'no such page');
  const req = editable(deps, page.requestId, staff);
  // rotating, deleting, moving or splitting waits for the request's provisional pages to be processed
  refuseWhileProcessing(deps, req.id);
  return { page, req };
}

export async function editPage(deps: CaptureDeps, pageId: string, action: 'rotateLeft' | 'rotateRight' | 'rotate180' | 'delete' | 'keepBlank', staff: Staff): Promise<void> {
  const { db } = deps;
  const { page, req } = pageForChange(deps, pageId, staff);
  if (action === 'delete') {
    db.transaction(() => {
      c.deletePage(db, page.id, nowIso(deps), staff.userId);
      c.dropEmptyDocuments(db, req.id, nowIso(deps));
    })();
  } else if (action === 'keepBlank') {
    c.keepBlankPage(db, page.id);
  } else {
    const degrees = action === 'rotateLeft' ? 270 : action === 'rotateRight' ? 90 : 180;
    const doc = c.document(db, page.documentId)!;
    const stored = await readStored(deps, page.sha256);
    const out = await deps.ports.pipeline().process(
      { index: 0, data: stored, mime: page.mime as RawPage['mime'], dpi: page.dpi },
      { colorMode: doc.colorMode, deskew: false, crop: false, rotate: degrees },
    );
    const [sha, thumb, view] = await storeAll(deps, out);
    c.replacePageImage(db, page.id, { sha256: sha, mime: out.mime, bytes: out.image.length, widthPx: out.widthPx, heightPx: out.heightPx, dpi: out.dpi, thumbSha256: thumb, viewSha256: view, deskewDeg: page.deskewDeg, inkRatio: page.inkRatio, blank: page.blank === 1 });
    if (page.blankKept) c.keepBlankPage(db, page.id);
    kickOcr(deps);
  }
  changed(deps, req.id, req.counterId, null);
}

/** Undo of a delete: the page comes back where it was. Returns the request's id. */
export function restorePage(deps: CaptureDeps, pageId: string, staff: Staff): string {
  const page = c.deletedPage(deps.db, pageId);
  if (!page) throw new DomainError('UNKNOWN_PAGE', 'no such deleted page');
  const req = editable(deps, page.requestId, staff);
  if (page.purgedAt) throw new DomainError('PAGE_PURGED', 'retention removed this page');
  deps.db.transaction(() => c.restorePage(deps.db, page.id))();
  kickOcr(deps);
  changed(deps, req.id, req.counterId, null);
  return req.id;
}

export function movePage(deps: CaptureDeps, input: { pageId: string; documentId: string; position: number }, staff: Staff): void {
  const { db } = deps;
  const { page, req } = pageForChange(deps, input.pageId, staff);
  const doc = c.document(db, input.documentId);
  if (!doc || doc.requestId !== page.requestId) throw new DomainError('UNKNOWN_DOCUMENT', 'no such document in this request');
  db.transaction(() => {
    c.movePage(db, page.id, doc.id, input.position);
    c.dropEmptyDocuments(db, req.id, nowIso(deps));
  })();
  changed(deps, req.id, req.counterId, null);
}

/** A new document of the given type begins at the page, right after the one it was in. */
export function split(deps: CaptureDeps, input: { pageId: string; documentType: DocumentType }, staff: Staff): void {
  const { db } = deps;
  const { page, req } = pageForChange(deps, input.pageId, staff);
  const from = c.document(db, page.documentId)!;
  db.transaction(() => {
    const id = randomUUID();
    c.insertDocument(db, { id, requestId: req.id, type: input.documentType, colorMode: from.colorMode, at: nowIso(deps), after: from.position });
    c.splitAt(db, page.id, id);
    c.dropEmptyDocuments(db, req.id, nowIso(deps));
  })();
  changed(deps, req.id, req.counterId, null);
}

/** A document's type or colour mode. Returns the request's id. */
export function setDocument(deps: CaptureDeps, input: { documentId: string; type?: DocumentType | undefined; colorMode?: ColorMode | undefined }, staff: Staff): string {
  const doc = c.document(deps.db, input.documentId);
  if (!doc) throw new DomainError('UNKNOWN_DOCUMENT', 'no such document');
  const req = editable(deps, doc.requestId, staff);
  refuseWhileProcessing(deps, req.id);
  c.updateDocument(deps.db, doc.id, input);
  changed(deps, req.id, req.counterId, null);
  return req.id;
}
