import { z } from 'zod';
import { toPersianDigits } from '../../core/text/digits';

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

const text = z.string().trim().min(1).max(200);

const common = {
  officeName: text,
  officeCode: z.string().regex(/^[0-9]{1,10}$/, 'digits only'),
  /** the office's own request number, «year/number» as on the payment receipts */
  requestYear: z.number().int().min(1300).max(1600),
  requestNumber: z.number().int().positive().max(99_999_999),
  /** e.g. «دادخواست» */
  serviceLabel: text,
  applicant: z.object({
    name: text,
    /** e.g. «کد ملی», «شناسه ملی», «شماره گذرنامه» */
    idLabel: text,
    id: z.string().trim().min(1).max(40),
  }),
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
