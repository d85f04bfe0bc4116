/**
 * The applicant's filing receipt (رسید ثبت و ارسال) from the hub: a sent request's submission
 * assembled into native/receipt's `FilingReceiptData`, printed as an A5 PDF, rendered for the
 * screen preview, or printed on the counter's thermal printer — through the one path payment
 * receipts take too (hub/receipt/receipts.ts, `ReceiptIssuer`): the same printer code and the same
 * rules for originals and «المثنی».
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
import { followUpOf } from '../../db/followUp';
import { getOffice } from '../../db/office';
import * as r from '../../db/requests';
import type { Database } from '../../db/sqlite';
import { getStaff } from '../../db/staff';
import * as s from '../../db/sync';
import { parseFilingReceipt, type FilingReceiptData, type FilingReceiptVariant, type Receipt } from '../../native/receipt';
import { applicantOf, ReceiptIssuer, type ReceiptSource } from '../receipt/receipts';
import type { HubBase } from '../base';
import type { DocumentPrinterPort } from '../agent/documentPrinter';
import type { ReceiptPrinterPort } from '../receiptPrinter/receiptPrinter';

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
  const remedy = followUpOf(db, requestId);
  const returned = remedy ? r.getRequest(db, remedy.returnedRequestId) : undefined;
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
    ...(remedy && returned ? { remedyOf: { requestYear: returned.year, requestNumber: returned.number, trackingCode: remedy.trackingCode } } : {}),
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

/** A sent request's filing receipt, by the request: the variant its submission is in now. */
export function filingReceipt(requestId: string): ReceiptSource {
  return {
    load: (db) => ({ for: 'filing', body: filingReceiptData(db, requestId) }),
    counterId: (db) => r.getRequest(db, requestId)?.counterId,
  };
}

/** The variant the issuer issued: a filing source loads nothing but filing receipts. */
function variantOf(receipt: Receipt): FilingReceiptVariant {
  if (receipt.for !== 'filing') throw new Error('a filing receipt source gave a payment receipt');
  return receipt.body.variant;
}

/** Filing receipts, by request (the `filingReceipt.*` procedures): each answer says which variant was issued. */
export class FilingReceiptService {
  private readonly issuer: ReceiptIssuer;

  constructor(hub: HubBase) {
    this.issuer = new ReceiptIssuer(hub);
  }

  /** `printer`: on the caller's workstation's document printer instead of handed back (ReceiptIssuer.pdf) */
  async pdf(requestId: string, staff: { userId: number }, printer?: DocumentPrinterPort | null): Promise<{ fileName: string; pdfBase64: string; duplicate: boolean; variant: FilingReceiptVariant; printer?: string }> {
    const { fileName, pdfBase64, duplicate, receipt, printer: printedOn } = await this.issuer.pdf(filingReceipt(requestId), staff, printer);
    return { fileName, pdfBase64, duplicate, variant: variantOf(receipt), ...(printedOn !== undefined ? { printer: printedOn } : {}) };
  }

  async thermal(requestId: string, staff: { userId: number }): Promise<{ pngBase64: string; duplicate: boolean; variant: FilingReceiptVariant }> {
    const { pngBase64, duplicate, receipt } = await this.issuer.thermal(filingReceipt(requestId), staff);
    return { pngBase64, duplicate, variant: variantOf(receipt) };
  }

  async print(requestId: string, staff: { userId: number }, workstation?: ReceiptPrinterPort | null): Promise<{ duplicate: boolean; nearEnd: boolean; printer: string; variant: FilingReceiptVariant }> {
    const { duplicate, nearEnd, printer, receipt } = await this.issuer.print(filingReceipt(requestId), staff, workstation);
    return { duplicate, nearEnd, printer, variant: variantOf(receipt) };
  }
}
