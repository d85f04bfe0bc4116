/**
 * A document as a PDF: its pages from the store with their OCR text layer where there is one; refused
 * once retention has removed its pages.
 */
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import type { OcrPage } from '../../native/ocr/types';
import type { Staff } from '../request/requestService';
import type { CaptureDeps } from './context';
import { refuseWhileProcessing } from './processing';
import { readStored } from './pageFiles';

export async function documentPdf(deps: Pick<CaptureDeps, 'db' | 'now' | 'store' | 'ports' | 'requests'>, documentId: string, staff: Staff): Promise<{ fileName: string; pdfBase64: string; pages: number; ocrPages: number }> {
  const { db } = deps;
  const doc = c.document(db, documentId);
  if (!doc) throw new DomainError('UNKNOWN_DOCUMENT', 'no such document');
  const req = deps.requests.forChange(doc.requestId, staff);
  refuseWhileProcessing(deps, req.id);
  const pages = c.pages(db, req.id).filter((p) => p.documentId === doc.id);
  if (pages.some((p) => p.purgedAt)) throw new DomainError('PAGE_PURGED', 'retention removed the pages of this document');
  const input = [];
  let ocrPages = 0;
  for (const p of pages) {
    const ocr = c.pageOcr(db, p.id);
    if (ocr) ocrPages++;
    input.push({
      image: await readStored(deps, p.sha256),
      mime: p.mime as 'image/jpeg' | 'image/png' | 'image/tiff',
      widthPx: p.widthPx,
      heightPx: p.heightPx,
      dpi: p.dpi,
      ...(ocr ? { ocr: JSON.parse(ocr) as OcrPage } : {}),
    });
  }
  const pdf = await deps.ports.pdf({
    pages: input,
    meta: { title: `${req.year}-${req.number} ${doc.type}`, author: 'Daftaryar', subject: `request ${req.year}/${req.number}`, created: deps.now(), keywords: [doc.type] },
  });
  return { fileName: `${req.year}-${req.number}-${doc.position}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64'), pages: pages.length, ocrPages };
}
