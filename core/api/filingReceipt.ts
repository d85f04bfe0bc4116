/**
 * The applicant's filing receipt (رسید ثبت و ارسال) of a request the counter has «ارسال»-ed: the
 * provisional receipt (رسید موقت) while the submission waits for the central system, the final one
 * with the tracking code once it was delivered. Like a payment receipt: an A5 PDF, the thermal slip
 * as a PNG for the screen, or the slip on the counter's receipt printer; the first issue of each
 * variant is the original, every later one «المثنی». A request not yet sent has no filing receipt
 * (FILING_NOT_SENT).
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { staffRoles as staff } from '../roles';

const input = z.object({ requestId: z.string().uuid() }).strict();
/** which receipt was issued: it follows the submission's state at the moment of the call */
const variant = z.enum(['provisional', 'final']);

export const filingReceiptProcedures = {
  'filingReceipt.pdf': procedure({
    summary:
      "The A5 PDF of a sent request's filing receipt: provisional (the promise of a tracking code) until the central system received it, final (the tracking code) after; every print is recorded, every one after the first of its variant is «المثنی».",
    access: staff,
    /** `print`: on the document printer of the caller's workstation instead (`pdfBase64` then empty, `printer` names it) */
    input: input.extend({ print: z.boolean().optional() }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string(), duplicate: z.boolean(), variant, printer: z.string().optional() }),
    answerWithinMs: 65_000,
  }),

  'filingReceipt.thermal': procedure({
    summary: "A sent request's thermal filing receipt as a PNG for the screen preview, at the counter printer's paper width; recorded like a PDF print.",
    access: staff,
    input,
    output: z.object({ pngBase64: z.string(), duplicate: z.boolean(), variant }),
  }),

  'filingReceipt.print': procedure({
    summary:
      "Print a sent request's filing receipt on the receipt printer of its counter. Recorded only once the printer accepted it; the first print of each variant is the original, every later one «المثنی».",
    access: staff,
    input,
    output: z.object({ duplicate: z.boolean(), nearEnd: z.boolean(), printer: z.string(), variant }),
    // connect, status, job, status: each step up to 5 s on a slow printer (as receipt.print)
    answerWithinMs: 30_000,
  }),
} satisfies Record<string, ProcedureDef>;
