/**
 * Receipts from the hub: the one path every receipt the office hands over is issued by
 * ({@link ReceiptIssuer}) — payment receipts (FEES.md §4, assembled here from the stored payment)
 * and the applicant's filing receipts (hub/sync/filingReceipts.ts) — printed as an A5 PDF,
 * rendered for the screen preview, or printed on the counter's thermal printer. Every issue is a
 * print row (db/receiptPrints.ts): the first of a receipt is the original, every later one a
 * duplicate printed «المثنی».
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
import { deleteReceiptPrint, insertReceiptPrint, receiptPrints, type PrintedReceipt, type ReceiptPrintKind, type ReceiptPrintRow } from '../../db/receiptPrints';
import * as r from '../../db/requests';
import { isPaymentRefunded } from '../../db/refunds';
import type { Database } from '../../db/sqlite';
import { getStaff } from '../../db/staff';
import { rasterToPng } from '../../native/printing';
import { encodeReceipt, formatReceiptNumber, parsePaymentReceipt, receiptPdf, renderReceipt, withDuplicate, type Receipt, type ReceiptData } from '../../native/receipt';
import { getReceiptPrinter } from '../../db/receiptPrinters';
import { counterReceiptPrinter, sendReceiptJob, type ReceiptPrinterPort } from '../receiptPrinter/receiptPrinter';
import { applicantIdFa, feeLineLabel, officeExemptionFa, paymentMethodFa, paymentPartFa } from '../../core/fees/labels.fa';
import type { HubBase } from '../base';
import { printDocument, type DocumentPrinterPort } from '../agent/documentPrinter';

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
 * A payment's receipt as native/receipt prints it, validated (`parsePaymentReceipt`: the total must equal
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
  return parsePaymentReceipt({
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
    // given back (hub/refund): «ابطال شد» on every print from then on; the number stays where it is
    voided: isPaymentRefunded(db, paymentId),
    verifyHash: receipt.verifyHash,
  });
}

/** The fee quote the payment was made against (not necessarily the latest). */
function quoteOfPayment(db: Database, feeQuoteId: number, requestId: string): r.FeeQuoteRow {
  const fq = r.feeQuote(db, feeQuoteId);
  if (!fq || fq.requestId !== requestId) throw new DomainError('UNKNOWN_RECEIPT', 'the payment has no fee quote');
  return fq;
}

/** One receipt to issue, of either kind: where its data and its counter come from. */
export interface ReceiptSource {
  /** the receipt as it stands, an original, validated; throws the kind's error when there is none */
  load(db: Database): Receipt;
  /** the counter of the request the receipt is for, whose printer prints it (undefined: no such request) */
  counterId(db: Database): number | undefined;
}

/** A payment's receipt, by the payment. */
export function paymentReceipt(paymentId: string): ReceiptSource {
  return {
    load: (db) => ({ for: 'payment', body: receiptData(db, paymentId) }),
    counterId: (db) => {
      const payment = r.getPayment(db, paymentId);
      return payment && r.getRequest(db, payment.requestId)?.counterId;
    },
  };
}

/** The print row's key: a payment receipt by its number, a filing receipt by its submission and variant. */
function printedAs(receipt: Receipt): PrintedReceipt {
  return receipt.for === 'payment'
    ? { for: 'payment', receiptYear: receipt.body.receiptYear, receiptNumber: receipt.body.receiptNumber }
    : { for: 'filing', submissionId: receipt.body.submissionId, variant: receipt.body.variant };
}

/** The PDF's file name: «receipt-1405-000123.pdf», «filing-receipt-1405-12-final-duplicate.pdf». */
function pdfFileName(receipt: Receipt): string {
  const b = receipt.body;
  const name =
    receipt.for === 'payment'
      ? `receipt-${receipt.body.receiptYear}-${String(receipt.body.receiptNumber).padStart(6, '0')}`
      : `filing-receipt-${receipt.body.requestYear}-${receipt.body.requestNumber}-${receipt.body.variant}`;
  return `${name}${b.duplicate ? '-duplicate' : ''}.pdf`;
}

/** What the log says of a receipt a printer failed to take: its number (and variant) as on the paper. */
function logFields(receipt: Receipt): Record<string, unknown> {
  const b = receipt.body;
  return receipt.for === 'payment'
    ? { receipt: formatReceiptNumber(receipt.body), duplicate: b.duplicate }
    : { filingReceipt: `${receipt.body.requestYear}/${receipt.body.requestNumber}`, variant: receipt.body.variant, duplicate: b.duplicate };
}

/**
 * Issues receipts of either kind: as an A5 PDF, as the thermal slip for the screen, or on the
 * counter's thermal printer. The same rules for originals and «المثنی» hold for both.
 */
export class ReceiptIssuer {
  constructor(private readonly hub: HubBase) {}

  /**
   * Records the print (its own transaction, before the first await: the original is decided once,
   * whatever else runs), then renders. A render that fails takes its row back: nothing was issued.
   */
  private async issue<T>(
    source: ReceiptSource,
    kind: ReceiptPrintKind,
    staff: { userId: number },
    render: (receipt: Receipt, print: ReceiptPrintRow) => Promise<T>,
    printer: string | null = null,
  ): Promise<{ out: T; receipt: Receipt }> {
    const db = this.hub.db;
    const { receipt, print } = db
      .transaction(() => {
        const first = source.load(db);
        const row = insertReceiptPrint(db, { receipt: printedAs(first), kind, at: this.hub.now().toISOString(), staffId: staff.userId, printer });
        return { receipt: withDuplicate(first, row.duplicate), print: row };
      })
      .immediate();
    try {
      return { out: await render(receipt, print), receipt };
    } catch (err) {
      db.transaction(() => deleteReceiptPrint(db, print.receipt.for, print.id)).immediate();
      throw err;
    }
  }

  /**
   * The A5 PDF. `printer`: printed on the caller's workstation's document printer instead of handed
   * back (hub/agent/documentPrinter.ts); the print record (a PDF issued) is committed before the PDF
   * leaves for the printer, and a print that fails takes it back (nothing was issued).
   */
  async pdf(
    source: ReceiptSource,
    staff: { userId: number },
    printer?: DocumentPrinterPort | null,
  ): Promise<{ fileName: string; pdfBase64: string; duplicate: boolean; receipt: Receipt; printer?: string }> {
    const db = this.hub.db;
    const { out, receipt } = await this.issue(
      source,
      'pdf',
      staff,
      async (d, print) => {
        const pdf = await receiptPdf(this.hub.pdfPrinter(), d);
        if (!printer) return { pdf, printedOn: undefined };
        if (!receiptPrints(db, print.receipt).some((p) => p.id === print.id)) throw new Error('receipt print record not committed');
        return { pdf, printedOn: (await printDocument(this.hub, printer, pdf, 'A5', logFields(d))).printer };
      },
      // the print row names printers of thermal prints only (migration 0006); the job's row (agent_job) names the workstation
      null,
    );
    const fileName = pdfFileName(receipt);
    if (out.printedOn !== undefined) return { fileName, pdfBase64: '', duplicate: receipt.body.duplicate, receipt, printer: out.printedOn };
    return { fileName, pdfBase64: out.pdf.toString('base64'), duplicate: receipt.body.duplicate, receipt };
  }

  /** The thermal slip as a PNG, at the paper width of the counter's receipt printer (80 mm without one). */
  async thermal(source: ReceiptSource, staff: { userId: number }): Promise<{ pngBase64: string; duplicate: boolean; receipt: Receipt }> {
    const counterId = source.counterId(this.hub.db);
    const paper = (counterId !== undefined && getReceiptPrinter(this.hub.db, counterId)?.paper) || '80mm';
    const { out, receipt } = await this.issue(source, 'thermal', staff, async (d) => rasterToPng(await renderReceipt(d, paper)));
    return { pngBase64: out.toString('base64'), duplicate: receipt.body.duplicate, receipt };
  }

  /**
   * Prints the receipt on the thermal printer of the request's counter, at that printer's paper
   * width, through native/printing's TcpPrinter (the queue's ticket code). Answers once the printer
   * accepted it; a printer failure is the queue's printer code and leaves no print record.
   */
  /** `workstation`: the caller's workstation's printer, through its agent (hub/agent/deviceJobs.ts), in place of the counter's network printer */
  async print(source: ReceiptSource, staff: { userId: number }, workstation?: ReceiptPrinterPort | null): Promise<{ duplicate: boolean; nearEnd: boolean; printer: string; receipt: Receipt }> {
    const db = this.hub.db;
    // refused before the printer is looked up: «no such receipt» / «not sent» says what to do
    source.load(db);
    const { printer, paper } = counterReceiptPrinter(this.hub, source.counterId(db)!, workstation);
    const { out, receipt } = await this.issue(
      source,
      'thermal',
      staff,
      async (d, print) => {
        const job = await encodeReceipt(d, paper);
        // The record must be on disk before the receipt is on paper (as the queue's tickets): the
        // reservation commits with this turn's batch (rpc/groupCommit), which has ended by now.
        if (!receiptPrints(db, print.receipt).some((p) => p.id === print.id)) throw new Error('receipt print record not committed');
        return sendReceiptJob(this.hub, printer, job, logFields(d));
      },
      printer.address,
    );
    return { duplicate: receipt.body.duplicate, nearEnd: out.nearEnd, printer: printer.address, receipt };
  }
}

/** Payment receipts, by payment (the `receipt.*` procedures). */
export class ReceiptService {
  private readonly issuer: ReceiptIssuer;

  constructor(hub: HubBase) {
    this.issuer = new ReceiptIssuer(hub);
  }

  async pdf(paymentId: string, staff: { userId: number }, printer?: DocumentPrinterPort | null): Promise<{ fileName: string; pdfBase64: string; duplicate: boolean; printer?: string }> {
    const { fileName, pdfBase64, duplicate, printer: printedOn } = await this.issuer.pdf(paymentReceipt(paymentId), staff, printer);
    return { fileName, pdfBase64, duplicate, ...(printedOn !== undefined ? { printer: printedOn } : {}) };
  }

  async thermal(paymentId: string, staff: { userId: number }): Promise<{ pngBase64: string; duplicate: boolean }> {
    const { pngBase64, duplicate } = await this.issuer.thermal(paymentReceipt(paymentId), staff);
    return { pngBase64, duplicate };
  }

  async print(paymentId: string, staff: { userId: number }, workstation?: ReceiptPrinterPort | null): Promise<{ duplicate: boolean; nearEnd: boolean; printer: string }> {
    const { duplicate, nearEnd, printer } = await this.issuer.print(paymentReceipt(paymentId), staff, workstation);
    return { duplicate, nearEnd, printer };
  }
}
