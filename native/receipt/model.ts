import { z } from 'zod';
import { MAX_AMOUNT_IN_WORDS } from '../../core/text/amountWords';
import { toPersianDigits } from '../../core/text/digits';

/**
 * Every receipt the office hands over is one {@link Receipt}: what it is for (`for`) and its body.
 * The thermal slip, the A5 page and the PDF are drawn by one renderer each, the common frame (the
 * «المثنی» bars, the office, the title, the page) once, each body in its own words.
 *
 * A payment receipt (FEES.md §4): office, receipt number (sequential per office per year), Jalali
 * date and time, applicant, services with amounts, discount with its reason, exemption, total in
 * digits and in words, payment method and bank reference, clerk; a reprint says «المثنی».
 *
 * Texts arrive ready for people (Persian labels given by the caller); amounts are whole rials.
 * Digits of amounts, dates and numbers are made Persian when printed; bank references (RRN,
 * trace, terminal, masked card) stay in Latin digits, exactly as the bank's POS slip prints them,
 * so they can be matched character for character.
 */

const rials = z.number().int().min(0).max(MAX_AMOUNT_IN_WORDS);
const text = z.string().trim().min(1).max(200);
/** Bank references: digits (and, for a masked card, `*`), as the terminal returned them. */
const bankRef = z.string().regex(/^[0-9]{1,32}$/, 'digits only');
const officeCodeSchema = z.string().regex(/^[0-9]{1,10}$/, 'digits only');
/** The applicant as every receipt names them. */
const applicantSchema = z.object({
  name: text,
  /** e.g. «کد ملی», «شناسه ملی», «شماره گذرنامه» */
  idLabel: text,
  id: z.string().trim().min(1).max(40),
});

export const receiptLineSchema = z.object({
  label: text,
  amountRials: rials,
});

export const receiptDataSchema = z
  .object({
    officeName: text,
    officeCode: officeCodeSchema,
    /** Jalali year the receipt number belongs to (numbers restart every year) */
    receiptYear: z.number().int().min(1300).max(1600),
    receiptNumber: z.number().int().positive().max(99_999_999),
    /** UTC ISO instant */
    issuedAt: z.iso.datetime(),
    applicant: applicantSchema,
    requestNumber: z.string().trim().min(1).max(40),
    lines: z.array(receiptLineSchema).min(1).max(40),
    discount: z.object({ amountRials: rials.positive(), reason: text }).optional(),
    exemption: z.object({ label: text, exemptRials: rials.positive() }).optional(),
    totalRials: rials,
    /** which account the money goes to, e.g. «تعرفه خدمات دفتر» or «هزینه دادرسی» */
    partLabel: text,
    payment: z.object({
      /** e.g. «کارت‌خوان (پوز)» */
      methodLabel: text,
      rrn: bankRef,
      trace: bankRef,
      terminalId: z.string().regex(/^[0-9A-Za-z]{1,16}$/),
      maskedCard: z.string().regex(/^[0-9]{4,8}[*]{2,10}[0-9]{4}$/, 'masked PAN, e.g. 603799******1234'),
    }),
    clerkName: text,
    /** a reprint: printed with «المثنی» */
    duplicate: z.boolean(),
    /** its payment was given back (a reversal or a refund): every print from then on says «ابطال شد» */
    voided: z.boolean().optional(),
    /** encoded in the QR code; lets anyone check the receipt against the office's records */
    verifyHash: z.string().regex(/^[0-9a-f]{16,128}$/i, 'hex'),
  })
  .superRefine((r, ctx) => {
    const sum = r.lines.reduce((s, l) => s + l.amountRials, 0);
    const expected = sum - (r.discount?.amountRials ?? 0) - (r.exemption?.exemptRials ?? 0);
    if (expected !== r.totalRials) {
      ctx.addIssue({
        code: 'custom',
        path: ['totalRials'],
        message: `total ${r.totalRials} ≠ lines ${sum} − discount − exemption = ${expected}`,
      });
    }
  });

export type ReceiptData = z.infer<typeof receiptDataSchema>;
export type ReceiptLine = z.infer<typeof receiptLineSchema>;

/** Validates (and trims) a payment receipt's body; throws a ZodError naming the bad fields. */
export function parsePaymentReceipt(input: unknown): ReceiptData {
  return receiptDataSchema.parse(input);
}

export { formatRials, formatRialsDigits } from '../../core/format/money';

/** The receipt number as printed: «۱۴۰۵/۰۰۰۱۲۳» (year / number, per office). */
export function formatReceiptNumber(r: Pick<ReceiptData, 'receiptYear' | 'receiptNumber'>): string {
  return toPersianDigits(`${r.receiptYear}/${String(r.receiptNumber).padStart(6, '0')}`);
}

/**
 * The applicant's filing receipt (رسید ثبت و ارسال) for a request the counter has «ارسال»-ed.
 *
 * - `provisional` (رسید موقت): the request is frozen in the outbox but the central system has not
 *   answered yet (the WAN is often down). It promises the tracking code for later and names the
 *   local submission id, the key the office finds it by when the applicant comes back.
 * - `final` (رسید ارسال): the central system received it; the tracking code it issued, the time it
 *   received it, and a short digest of its signature so a paper can be checked against the record.
 *
 * Texts arrive ready for people (Persian labels given by the caller); digits are made Persian when
 * printed, except the submission id and the digest, which are Latin runs read character by character.
 */

const common = {
  officeName: text,
  officeCode: officeCodeSchema,
  /** the office's own request number, «year/number» as on the payment receipts */
  requestYear: z.number().int().min(1300).max(1600),
  requestNumber: z.number().int().positive().max(99_999_999),
  /** e.g. «دادخواست» */
  serviceLabel: text,
  applicant: applicantSchema,
  pages: z.number().int().positive().max(100_000),
  /** UTC ISO instant the clerk pressed «ارسال»: when the office took responsibility for delivery */
  queuedAt: z.iso.datetime(),
  /** the legal deadline as a Jalali day «1405/09/20» (ماده ۳۸ الف), or null */
  deadline: z
    .string()
    .regex(/^1[34]\d{2}\/(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])$/, 'Jalali yyyy/mm/dd')
    .nullable(),
  /** the local submission id (uuid) */
  submissionId: z.string().uuid(),
  /** who sent it; may be unknown (a deleted account never is, but old rows may lack it) */
  clerkName: text.optional(),
  /** a reprint of the same variant: printed with «المثنی» */
  duplicate: z.boolean(),
  /**
   * a remedy (رفع نقص): the returned request it answers and the case's tracking code, under which it
   * is sent; absent for any other filing
   */
  remedyOf: z
    .object({
      requestYear: z.number().int().min(1300).max(1600),
      requestNumber: z.number().int().positive().max(99_999_999),
      trackingCode: z.string().regex(/^[1-9][0-9]{15}$/, '16 digits'),
    })
    .optional(),
};

export const filingReceiptDataSchema = z.discriminatedUnion('variant', [
  z.object({ variant: z.literal('provisional'), ...common }),
  z.object({
    variant: z.literal('final'),
    ...common,
    /** the central system's 16-digit tracking code (کد رهگیری) */
    trackingCode: z.string().regex(/^[1-9][0-9]{15}$/, '16 digits'),
    /** UTC ISO instant from the central's signed receipt */
    receivedAt: z.iso.datetime(),
    /** the first 16 hex of sha256 over the receipt signature */
    verifyDigest: z.string().regex(/^[0-9a-f]{16}$/, '16 lowercase hex'),
  }),
]);

export type FilingReceiptData = z.infer<typeof filingReceiptDataSchema>;
export type FilingReceiptVariant = FilingReceiptData['variant'];
export type ProvisionalFilingReceipt = Extract<FilingReceiptData, { variant: 'provisional' }>;
export type FinalFilingReceipt = Extract<FilingReceiptData, { variant: 'final' }>;

/** Validates (and trims) filing receipt data; throws a ZodError naming the bad fields. */
export function parseFilingReceipt(input: unknown): FilingReceiptData {
  return filingReceiptDataSchema.parse(input);
}

/** The request number as printed: «۱۴۰۵/۱۲» (year/number, as on the payment receipts). */
export function formatRequestNumber(r: Pick<FilingReceiptData, 'requestYear' | 'requestNumber'>): string {
  return toPersianDigits(`${r.requestYear}/${r.requestNumber}`);
}

export { formatTrackingCode } from '../../core/format/trackingCode';

/** The verification digest in groups of four: «a1b2 c3d4 e5f6 0718». */
export function formatDigest(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A receipt: what it is for, and the body that kind of receipt prints. */
export const receiptSchema = z.discriminatedUnion('for', [
  z.object({ for: z.literal('payment'), body: receiptDataSchema }),
  z.object({ for: z.literal('filing'), body: filingReceiptDataSchema }),
]);

export type Receipt = z.infer<typeof receiptSchema>;
export type ReceiptFor = Receipt['for'];

/** Validates (and trims) a receipt of either kind; throws a ZodError naming the bad fields. */
export function parseReceipt(input: unknown): Receipt {
  return receiptSchema.parse(input);
}

/** The same receipt, printed as an original or as «المثنی». */
export function withDuplicate<R extends Receipt>(receipt: R, duplicate: boolean): R {
  return { ...receipt, body: { ...receipt.body, duplicate } };
}
