/** Paying one part of a request's fees: typed from the bank terminal's slip, or charged on the counter's card terminal (PC-POS). */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { staff, requestId, paymentParts, receipt, requestView, withRequest } from './request-types';

/** What a recorded payment answers: the payment, its receipt and the request as it now stands. */
const paymentRecorded = z.object({ paymentId: z.string(), receipt, request: requestView });

export const paymentProcedures = {
  'payment.manual': procedure({
    summary: "Record a card payment typed from the bank terminal's receipt, for one part of the fees; issues the receipt.",
    access: staff,
    input: withRequest({
      part: z.enum(paymentParts),
      approval: z
        .object({
          amountRials: z.union([z.number(), z.string().max(40)]),
          rrn: z.string().max(40),
          trace: z.string().max(40),
          terminalId: z.string().max(40),
          maskedCard: z.string().max(40),
          responseCode: z.string().max(10),
          approvedAt: z.string().max(40).optional(),
        })
        .strict(),
    }),
    output: paymentRecorded,
  }),
  'payment.terminal': procedure({
    summary:
      'Charge one part of the fees on the counter’s bank card terminal (PC-POS) and issue the receipt. A retry after an unanswered sale reuses its order id: the terminal is asked first, so the card is never charged twice.',
    access: staff,
    input: z.object({ requestId: z.string().uuid(), part: z.enum(paymentParts) }).strict(),
    output: paymentRecorded,
    // the terminal's sale timeout is at most 180 s (terminal.set), and a retry inquires first
    answerWithinMs: 240_000,
  }),
} satisfies Record<string, ProcedureDef>;
