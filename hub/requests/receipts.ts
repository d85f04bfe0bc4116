/**
 * Receipts from the hub (FEES.md §4): a payment's stored receipt assembled into native/receipt's
 * `ReceiptData`, printed as an A5 PDF, rendered for the screen preview, or printed on the counter's
 * thermal printer. Every issue is a `receipt_print` row: the first is the original, every later one
 * a duplicate printed «المثنی».
 *
 * A print that did not happen leaves no row (the next one is not wrongly «المثنی»): the row is
 * reserved before the first await — so two prints at once cannot both be the original — and taken
 * back when the PDF, the render or the printer fails. On the thermal printer, as with the queue's
 * tickets, a job counts as printed only once the printer accepted it: status ready before, every
 * byte taken, status still ready after. Paper running out (or the cover opened) *during* the job
 * fails it too, although part of the slip may have come out: a cut-short receipt is no receipt, so
 * the clerk discards it (the Persian message says so) and the next print, after new paper, is the
 * original. The failure is logged with the receipt's number, so a slip that did come out whole
 * can still be traced.
 */
import type { PaymentPart } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import type { FeeLine } from '../../core/fees/lines';
import type { Quote } from '../../core/fees/quote';
import { applicantName, type Applicant } from '../../core/identity/applicant';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { getOffice } from '../../db/office';
import * as r from '../../db/requests';
import type { Database } from '../../db/sqlite';
import { getStaff } from '../../db/staff';
import { rasterToPng } from '../../native/printing';
import { encodeReceipt, formatReceiptNumber, parseReceipt, receiptPdf, renderReceipt, type ReceiptData } from '../../native/receipt';
import { getReceiptPrinter } from '../../db/receiptPrinters';
import { counterReceiptPrinter, sendReceiptJob, type ReceiptPrinterPort } from './receiptPrinter';
import { applicantIdFa, feeLineLabel, officeExemptionFa, paymentMethodFa, paymentPartFa } from '../../core/fees/labels.fa';
import type { HubBase } from '../base';

/** The applicant as a receipt prints them: name, the label of their id, the id (payment and filing receipts). */
export function applicantOf(a: Applicant): ReceiptData['applicant'] {
  const name = applicantName(a);
  if (a.kind === 'natural') return { name, idLabel: applicantIdFa.natural, id: a.nationalId };
  if (a.kind === 'legalEntity') return { name, idLabel: applicantIdFa.legalEntity, id: a.legalId };
  return a.foreignId !== undefined ? { name, idLabel: applicantIdFa.foreignId, id: a.foreignId } : { name, idLabel: applicantIdFa.passport, id: a.passportNumber ?? '' };
}

/** The lines of one part of the fees, with what came off them, adding up to what the part paid. */
function partOf(quote: Quote, fq: r.FeeQuoteRow, part: PaymentPart): Pick<ReceiptData, 'lines' | 'discount' | 'exemption'> {
  const lines = quote.lines.filter((l: FeeLine) => l.kind === part);
  if (part === 'judicialCost') {
    // what is due after a judicial-cost exemption (تبصره ماده ۵۰۵): nobody pays or reimburses the rest
    return { lines: lines.filter((l) => l.chargedRials > 0).map((l) => ({ label: feeLineLabel(l.code, l.quantity), amountRials: l.chargedRials })) };
  }
  const exemption = fq.exemption as { category?: keyof typeof officeExemptionFa } | null;
  return {
    lines: lines.map((l) => ({ label: feeLineLabel(l.code, l.quantity), amountRials: l.amountRials })),
    ...(fq.discountRials > 0 ? { discount: { amountRials: fq.discountRials, reason: fq.discountReason ?? '' } } : {}),
    ...(fq.exemptRials > 0
      ? { exemption: { label: (exemption?.category && officeExemptionFa[exemption.category]) || officeExemptionFa.reliefCommittee, exemptRials: fq.exemptRials } }
      : {}),
  };
}

/**
 * A payment's receipt as native/receipt prints it, validated (`parseReceipt`: the total must equal
 * the lines less discount and exemption). Throws UNKNOWN_RECEIPT for a payment without a receipt.
 */
export function receiptData(db: Database, paymentId: string, duplicate = false): ReceiptData {
  const payment = r.getPayment(db, paymentId);
  const receipt = payment && r.receiptOfPayment(db, paymentId);
  if (!payment || !receipt) throw new DomainError('UNKNOWN_RECEIPT', 'no receipt for this payment');
  const req = r.getRequest(db, payment.requestId)!;
  const applicant = req.applicantId === null ? undefined : r.getApplicant(db, req.applicantId);
  const fq = quoteOfPayment(db, payment.feeQuoteId, req.id);
  const office = getOffice(db);
  return parseReceipt({
    // stored text keeps Latin digits (normalised for search); paper shows Persian ones
    officeName: toPersianDigits(office?.name ?? ''),
    officeCode: toLatinDigits(office?.code ?? ''),
    receiptYear: receipt.year,
    receiptNumber: receipt.number,
    issuedAt: receipt.issuedAt,
    applicant: applicant ? applicantOf(applicant.data) : undefined,
    requestNumber: `${req.year}/${req.number}`,
    ...partOf(fq.quote as Quote, fq, payment.part),
    totalRials: payment.amountRials,
    partLabel: paymentPartFa[payment.part],
    payment: {
      methodLabel: paymentMethodFa[payment.method],
      rrn: payment.rrn,
      trace: payment.trace,
      terminalId: payment.terminalId,
      maskedCard: payment.maskedCard,
    },
    clerkName: getStaff(db, payment.staffId)?.displayName ?? '',
    duplicate,
    verifyHash: receipt.verifyHash,
  });
}

/** The fee quote the payment was made against (not necessarily the latest). */
function quoteOfPayment(db: Database, feeQuoteId: number, requestId: string): r.FeeQuoteRow {
  const fq = r.feeQuote(db, feeQuoteId);
  if (!fq || fq.requestId !== requestId) throw new DomainError('UNKNOWN_RECEIPT', 'the payment has no fee quote');
  return fq;
}

export class ReceiptService {
  constructor(private readonly hub: HubBase) {}

  /**
   * Records the print (its own transaction, before the first await: the original is decided once,
   * whatever else runs), then renders. A render that fails takes its row back: nothing was issued.
   */
  private async issue<T>(
    paymentId: string,
    kind: r.ReceiptPrintKind,
    staff: { userId: number },
    render: (data: ReceiptData, print: r.ReceiptPrintRow) => Promise<T>,
    printer: string | null = null,
  ): Promise<{ out: T; duplicate: boolean; data: ReceiptData }> {
    const db = this.hub.db;
    const { data, print } = db
      .transaction(() => {
        const first = receiptData(db, paymentId);
        const row = r.insertReceiptPrint(db, { receiptYear: first.receiptYear, receiptNumber: first.receiptNumber, kind, at: this.hub.now().toISOString(), staffId: staff.userId, printer });
        return { data: { ...first, duplicate: row.duplicate }, print: row };
      })
      .immediate();
    try {
      return { out: await render(data, print), duplicate: print.duplicate, data };
    } catch (err) {
      db.transaction(() => r.deleteReceiptPrint(db, print.id)).immediate();
      throw err;
    }
  }

  async pdf(paymentId: string, staff: { userId: number }): Promise<{ fileName: string; pdfBase64: string; duplicate: boolean }> {
    const { out, duplicate, data } = await this.issue(paymentId, 'pdf', staff, (d) => receiptPdf(this.hub.pdfPrinter(), d));
    const number = String(data.receiptNumber).padStart(6, '0');
    return { fileName: `receipt-${data.receiptYear}-${number}${duplicate ? '-duplicate' : ''}.pdf`, pdfBase64: out.toString('base64'), duplicate };
  }

  /** The thermal slip as a PNG, at the paper width of the counter's receipt printer (80 mm without one). */
  async thermal(paymentId: string, staff: { userId: number }): Promise<{ pngBase64: string; duplicate: boolean }> {
    const payment = r.getPayment(this.hub.db, paymentId);
    const request = payment && r.getRequest(this.hub.db, payment.requestId);
    const paper = (request && getReceiptPrinter(this.hub.db, request.counterId)?.paper) ?? '80mm';
    const { out, duplicate } = await this.issue(paymentId, 'thermal', staff, async (d) => rasterToPng(await renderReceipt(d, paper)));
    return { pngBase64: out.toString('base64'), duplicate };
  }

  /**
   * Prints the receipt on the thermal printer of the request's counter, at that printer's paper
   * width, through native/printing's TcpPrinter (the queue's ticket code). Answers once the printer
   * accepted it; a printer failure is the queue's printer code and leaves no print record.
   */
  async print(paymentId: string, staff: { userId: number }, workstation?: ReceiptPrinterPort | null): Promise<{ duplicate: boolean; nearEnd: boolean; printer: string }> {
    const db = this.hub.db;
    const payment = r.getPayment(db, paymentId);
    const request = payment && r.getRequest(db, payment.requestId);
    if (!payment || !request || !r.receiptOfPayment(db, paymentId)) throw new DomainError('UNKNOWN_RECEIPT', 'no receipt for this payment');
    const { printer, paper } = counterReceiptPrinter(this.hub, request.counterId, workstation);
    const { out, duplicate } = await this.issue(
      paymentId,
      'thermal',
      staff,
      async (data, print) => {
        const job = await encodeReceipt(data, paper);
        // The record must be on disk before the receipt is on paper (as the queue's tickets): the
        // reservation commits with this turn's batch (rpc/groupCommit), which has ended by now.
        if (!r.receiptPrints(db, data.receiptYear, data.receiptNumber).some((p) => p.id === print.id)) throw new Error('receipt print record not committed');
        return sendReceiptJob(this.hub, printer, job, { receipt: formatReceiptNumber(data), duplicate: data.duplicate });
      },
      printer.address,
    );
    return { duplicate, nearEnd: out.nearEnd, printer: printer.address };
  }
}
