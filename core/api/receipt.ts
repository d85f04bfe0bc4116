/** A payment's receipt: the A5 PDF, the thermal preview, and the print on the counter's receipt printer. The first print is the original, every later one «المثنی». */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { staff } from './request-types';

export const receiptProcedures = {
  'receipt.pdf': procedure({
    summary:
      'The A5 PDF receipt of a payment (FEES.md §4); every print is recorded, and every one after the first is marked «المثنی». With `print`, printed on the document printer of the caller’s workstation instead (`pdfBase64` then empty, `printer` names it).',
    access: staff,
    input: z.object({ paymentId: z.string().uuid(), print: z.boolean().optional() }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string(), duplicate: z.boolean(), printer: z.string().optional() }),
    // printed: the workstation's queue, its filters and the printer (hub/agent/deviceJobs.ts: at most 60 s)
    answerWithinMs: 65_000,
  }),
  'receipt.thermal': procedure({
    summary: 'The 80 mm thermal receipt of a payment as a PNG for the screen preview; recorded like a PDF print («المثنی» after the first).',
    access: staff,
    input: z.object({ paymentId: z.string().uuid() }).strict(),
    output: z.object({ pngBase64: z.string(), duplicate: z.boolean() }),
  }),
  'receipt.print': procedure({
    summary:
      "Print a payment's thermal receipt on the receipt printer of the request's counter. Recorded only once the printer accepted it; the first print of a receipt is the original, every later one «المثنی».",
    access: staff,
    input: z.object({ paymentId: z.string().uuid() }).strict(),
    output: z.object({ duplicate: z.boolean(), nearEnd: z.boolean(), printer: z.string() }),
    // connect, status, job, status: each step up to 5 s on a slow printer
    answerWithinMs: 30_000,
  }),
} satisfies Record<string, ProcedureDef>;
