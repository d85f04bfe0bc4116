import { z } from 'zod';
import { MAX_AMOUNT_IN_WORDS } from '../../core/text/amountWords';
import { toPersianDigits } from '../../core/text/digits';

/**
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

export const receiptLineSchema = z.object({
  label: text,
  amountRials: rials,
});

export const receiptDataSchema = z
  .object({
    officeName: text,
    officeCode: z.string().regex(/^[0-9]{1,10}$/, 'digits only'),
    /** Jalali year the receipt number belongs to (numbers restart every year) */
    receiptYear: z.number().int().min(1300).max(1600),
    receiptNumber: z.number().int().positive().max(99_999_999),
    /** UTC ISO instant */
    issuedAt: z.iso.datetime(),
    applicant: z.object({
      name: text,
      /** e.g. «کد ملی», «شناسه ملی», «شماره گذرنامه» */
      idLabel: text,
      id: z.string().trim().min(1).max(40),
    }),
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

/** Validates (and trims) receipt data; throws a ZodError naming the bad fields. */
export function parseReceipt(input: unknown): ReceiptData {
  return receiptDataSchema.parse(input);
}

export { formatRials, formatRialsDigits } from '../../core/format/money';

/** The receipt number as printed: «۱۴۰۵/۰۰۰۱۲۳» (year / number, per office). */
export function formatReceiptNumber(r: Pick<ReceiptData, 'receiptYear' | 'receiptNumber'>): string {
  return toPersianDigits(`${r.receiptYear}/${String(r.receiptNumber).padStart(6, '0')}`);
}
