/**
 * The thermal receipt printer of each counter (a network ESC/POS printer, like the queue's ticket
 * printer, printed through the same code). Printing a payment's receipt on it is `receipt.print`
 * (./receipt.ts); the first print of a receipt — PDF, preview or paper — is the original, every later
 * one «المثنی».
 */
import { z } from 'zod';
import { normalizeInput } from '../text/digits';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { staffRoles as staff } from '../roles';
import * as s from './schemas';

const counterId = z.number().int().positive().max(1_000_000_000);

export const RECEIPT_PRINTER_DEFAULT_PORT = 9100;
export const receiptPapers = ['80mm', '58mm'] as const;
export type ReceiptPaper = (typeof receiptPapers)[number];

/** A printer's host name or address as typed («۱۹۲.۱۶۸.۱.۶۰» is 192.168.1.60); no scheme, no port, no path. */
export const receiptPrinterHost = z.preprocess(
  (v) => (typeof v === 'string' ? normalizeInput(v) : v),
  z.string().min(1).max(253).regex(/^[A-Za-z0-9.:-]+$/, { message: 'invalid_format' }),
);

export const receiptPrinterInput = z
  .object({
    counterId,
    /** null: the counter has no receipt printer (the «چاپ رسید» button goes away) */
    printer: z
      .object({
        host: receiptPrinterHost,
        port: z.number().int().min(1).max(65535).default(RECEIPT_PRINTER_DEFAULT_PORT),
        paper: z.enum(receiptPapers),
      })
      .strict()
      .nullable(),
  })
  .strict();

export const receiptPrinterSetting = z.object({
  counterId,
  host: z.string(),
  port: z.number().int(),
  paper: z.enum(receiptPapers),
  updatedAt: s.isoInstant,
  updatedBy: z.number().int(),
});
export type ReceiptPrinterSetting = z.infer<typeof receiptPrinterSetting>;

export const receiptPrinterProcedures = {
  'receiptPrinter.get': procedure({
    summary: 'The thermal receipt printer set for a counter, or null.',
    access: staff,
    input: z.object({ counterId }).strict(),
    output: z.object({ printer: receiptPrinterSetting.nullable() }),
  }),

  'receiptPrinter.set': procedure({
    summary: 'Set (or, with null, remove) the thermal receipt printer of a counter: network host, port (9100) and paper width (manager).',
    access: ['manager'],
    input: receiptPrinterInput,
    output: z.object({ printer: receiptPrinterSetting.nullable() }),
  }),

  'receiptPrinter.test': procedure({
    summary: "Print a test page on a counter's receipt printer and report its status (manager).",
    access: ['manager'],
    input: z.object({ counterId }).strict(),
    output: z.object({ ok: z.literal(true), nearEnd: z.boolean() }),
  }),

} satisfies Record<string, ProcedureDef>;
