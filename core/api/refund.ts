/**
 * Giving a recorded payment back (issue 19 § 3): a reversal on the counter's card terminal the same
 * office day, or a refund made outside the app recorded with a reason and a manager's approval. The
 * receipt of a refunded payment prints «ابطال شد» from then on; the request goes back to its details
 * and is priced again. Refused for a request in the outbox or sent (it may be on its way).
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { positiveRials, refundView, requestView, staff } from './request-types';
import * as s from './schemas';


/** A manager's credentials, typed at the counter to approve a refund (their TOTP code when they have it on). */
export const managerApproval = z.object({ username: s.username, password: s.password, otp: s.otp.optional() }).strict();

const refundInput = z
  .object({
    paymentId: z.string().uuid(),
    /** the whole payment, in rials: a refund larger is REFUND_EXCEEDS_PAYMENT, smaller REFUND_PARTIAL */
    amountRials: positiveRials,
    reason: s.freeText({ min: 3, max: 300 }),
    /** needed for a manual refund, and for a clerk refunding a payment of another counter's request */
    approval: managerApproval.optional(),
  })
  .strict();


const refundDone = z.object({ refund: refundView, request: requestView });

export const refundProcedures = {
  'refund.reverse': procedure({
    summary:
      'Give a card payment back on the counter’s terminal (a reversal, the same office day). A retry after an unanswered reversal reuses its order id: the terminal is asked first, so nothing is given back twice.',
    access: staff,
    input: refundInput,
    output: refundDone,
    // the terminal's timeout is at most 180 s (terminal.set), the manager's password a second, and a retry inquires first
    answerWithinMs: 240_000,
  }),
  'refund.manual': procedure({
    summary: 'Record a refund made outside the app (another bank’s terminal, a transfer), with a reason and a manager’s approval.',
    access: staff,
    input: refundInput,
    output: refundDone,
  }),
} satisfies Record<string, ProcedureDef>;
