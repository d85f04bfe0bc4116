/**
 * The applicant's filing receipt (رسید ثبت و ارسال) from the hub: a sent request's submission
 * assembled into native/receipt's `FilingReceiptData`, printed as an A5 PDF, rendered for the
 * screen preview, or printed on the counter's thermal printer — the payment receipts' three
 * operations (hub/requests/receipts.ts), with the same printer code and the same rules for
 * originals and «المثنی».
 *
 * Which receipt is issued follows the submission at the moment of the call: provisional (رسید موقت)
 * while it waits in the outbox — or was rejected or flagged, since the applicant still holds a
 * filing the office must see through — and final (رسید ارسال) once the central system's signed
 * receipt is stored. Each variant has its own original (migration 0013): the final receipt is a new
 * paper, not a reprint of the provisional one.
 *
 * The receipt prints what «ارسال» froze (pages, deadline, time queued), not the request as it may
 * read later, and, when final, what the central signed (tracking code, time received). Its
 * verification digest is the first 16 hex digits of sha256 over the raw bytes of the central's
 * signature, as a payment receipt carries a short hash of its record: anyone holding the office's
 * records or the central's can match the paper to the signed receipt.
 *
 * A print that did not happen leaves no row, as with payment receipts: the row is reserved before
 * the first await and taken back when the PDF, the render or the printer fails.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../../core/errors';
import { serviceFa } from '../../core/fees/labels.fa';
import { receiptBody } from '../../core/sync/protocol';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import * as fr from '../../db/filingReceipts';
import { getOffice } from '../../db/office';
import * as r from '../../db/requests';
import { getReceiptPrinter } from '../../db/receiptPrinters';
import type { Database } from '../../db/sqlite';
import { getStaff } from '../../db/staff';
import * as s from '../../db/sync';
import { rasterToPng } from '../../native/printing';
import { encodeFilingReceipt, filingReceiptPdf, parseFilingReceipt, renderFilingReceipt, type FilingReceiptData, type FilingReceiptVariant } from '../../native/receipt';
import { applicantOf } from '../requests/receipts';
import { counterReceiptPrinter, sendReceiptJob, type ReceiptPrinterPort } from '../requests/receiptPrinter';
import type { HubBase } from '../base';

/** The first 16 hex digits of sha256 over the signature's 64 raw bytes (base64url as stored). */
export function filingVerifyDigest(receiptSignature: string): string {
  return createHash('sha256').update(Buffer.from(receiptSignature, 'base64url')).digest('hex').slice(0, 16);
}

/**
 * A sent request's filing receipt as native/receipt prints it, validated. FILING_NOT_SENT for a
 * request without a submission; UNKNOWN_REQUEST for no such request.
 */
export function filingReceiptData(db: Database, requestId: string, duplicate = false): FilingReceiptData {
  const req = r.getRequest(db, requestId);
  if (!req) throw new DomainError('UNKNOWN_REQUEST', 'no such request');
  const sub = s.submissionOfRequest(db, requestId);
  if (!sub) throw new DomainError('FILING_NOT_SENT', 'the request has not been sent: it has no filing receipt');
  const applicant = req.applicantId === null ? undefined : r.getApplicant(db, req.applicantId);
  const office = getOffice(db);
  const clerk = sub.queuedBy === null ? undefined : getStaff(db, sub.queuedBy)?.displayName;
  const common = {
    // stored text keeps Latin digits (normalised for search); paper shows Persian ones
    officeName: toPersianDigits(office?.name ?? ''),
    officeCode: toLatinDigits(office?.code ?? ''),
    requestYear: req.year,
    requestNumber: req.number,
    serviceLabel: serviceFa[req.service as keyof typeof serviceFa] ?? req.service,
    applicant: applicant ? applicantOf(applicant.data) : undefined,
    pages: sub.pages,
    queuedAt: sub.queuedAt,
    deadline: sub.deadline,
    submissionId: sub.id,
    ...(clerk ? { clerkName: clerk } : {}),
    duplicate,
  };
  if (sub.deliveredAt === null || sub.trackingCode === null || sub.receipt === null || sub.receiptSignature === null) {
    return parseFilingReceipt({ variant: 'provisional', ...common });
  }
  // The central's receipt was verified when it arrived (hub/sync/syncService.ts); it is parsed again
  // here, at the boundary, so a damaged row fails loudly instead of printing a wrong paper.
  const body = receiptBody.parse(JSON.parse(sub.receipt));
  if (body.trackingCode !== sub.trackingCode || body.submissionId !== sub.id) throw new Error(`submission ${sub.id}: the stored receipt does not match its row`);
  return parseFilingReceipt({
    variant: 'final',
    ...common,
    trackingCode: body.trackingCode,
    receivedAt: body.receivedAt,
    verifyDigest: filingVerifyDigest(sub.receiptSignature),
  });
}

export class FilingReceiptService {
  constructor(private readonly hub: HubBase) {}

  /**
   * Records the print (its own transaction, before the first await: the original of each variant is
   * decided once, whatever else runs), then renders. A render that fails takes its row back.
   */
  private async issue<T>(
    requestId: string,
    kind: fr.FilingReceiptPrintKind,
    staff: { userId: number },
    render: (data: FilingReceiptData, print: fr.FilingReceiptPrintRow) => Promise<T>,
    printer: string | null = null,
  ): Promise<{ out: T; duplicate: boolean; data: FilingReceiptData }> {
    const db = this.hub.db;
    const { data, print } = db
      .transaction(() => {
        const first = filingReceiptData(db, requestId);
        const row = fr.insertFilingReceiptPrint(db, { submissionId: first.submissionId, variant: first.variant, kind, at: this.hub.now().toISOString(), staffId: staff.userId, printer });
        return { data: { ...first, duplicate: row.duplicate }, print: row };
      })
      .immediate();
    try {
      return { out: await render(data, print), duplicate: print.duplicate, data };
    } catch (err) {
      db.transaction(() => fr.deleteFilingReceiptPrint(db, print.id)).immediate();
      throw err;
    }
  }

  async pdf(requestId: string, staff: { userId: number }): Promise<{ fileName: string; pdfBase64: string; duplicate: boolean; variant: FilingReceiptVariant }> {
    const { out, duplicate, data } = await this.issue(requestId, 'pdf', staff, (d) => filingReceiptPdf(this.hub.pdfPrinter(), d));
    const name = `filing-receipt-${data.requestYear}-${data.requestNumber}-${data.variant}${duplicate ? '-duplicate' : ''}.pdf`;
    return { fileName: name, pdfBase64: out.toString('base64'), duplicate, variant: data.variant };
  }

  /** The thermal slip as a PNG, at the paper width of the counter's receipt printer (80 mm without one). */
  async thermal(requestId: string, staff: { userId: number }): Promise<{ pngBase64: string; duplicate: boolean; variant: FilingReceiptVariant }> {
    const request = r.getRequest(this.hub.db, requestId);
    const paper = (request && getReceiptPrinter(this.hub.db, request.counterId)?.paper) ?? '80mm';
    const { out, duplicate, data } = await this.issue(requestId, 'thermal', staff, async (d) => rasterToPng(await renderFilingReceipt(d, paper)));
    return { pngBase64: out.toString('base64'), duplicate, variant: data.variant };
  }

  /**
   * Prints the filing receipt on the thermal printer of the request's counter, at its paper width,
   * through the payment receipts' printer code. Answers once the printer accepted it; a printer
   * failure is the queue's printer code and leaves no print record.
   */
  async print(requestId: string, staff: { userId: number }, workstation?: ReceiptPrinterPort | null): Promise<{ duplicate: boolean; nearEnd: boolean; printer: string; variant: FilingReceiptVariant }> {
    const db = this.hub.db;
    const request = r.getRequest(db, requestId);
    if (!request) throw new DomainError('UNKNOWN_REQUEST', 'no such request');
    // refused before the printer is looked up: «not sent» is the answer that says what to do
    if (!s.submissionOfRequest(db, requestId)) throw new DomainError('FILING_NOT_SENT', 'the request has not been sent: it has no filing receipt');
    const { printer, paper } = counterReceiptPrinter(this.hub, request.counterId, workstation);
    const { out, duplicate, data } = await this.issue(
      requestId,
      'thermal',
      staff,
      async (d, print) => {
        const job = await encodeFilingReceipt(d, paper);
        // The record must be on disk before the receipt is on paper, as for payment receipts: the
        // reservation commits with this turn's batch (rpc/groupCommit), which has ended by now.
        if (!fr.filingReceiptPrints(db, d.submissionId).some((p) => p.id === print.id)) throw new Error('filing receipt print record not committed');
        return sendReceiptJob(this.hub, printer, job, { filingReceipt: `${d.requestYear}/${d.requestNumber}`, variant: d.variant, duplicate: d.duplicate });
      },
      printer.address,
    );
    return { duplicate, nearEnd: out.nearEnd, printer: printer.address, variant: data.variant };
  }
}
