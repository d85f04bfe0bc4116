import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';
import { refundManual, refundTerminal } from './refunds';

/** Giving a payment back (./refunds.ts): on the card terminal the same day, or recorded by hand with a manager's approval. */
export const refundHandlers: HandlerGroup<'refund'> = (hub) => {
  const { requests } = hub;
  const done = (row: Awaited<ReturnType<typeof refundManual>>) => ({
    refund: {
      id: row.id,
      paymentId: row.paymentId,
      method: row.method,
      amountRials: row.amountRials,
      reason: row.reason,
      state: row.state,
      rrn: row.rrn,
      startedAt: row.startedAt,
      doneAt: row.doneAt,
    },
    request: requests.view(row.requestId),
  });
  const requestOf = (paymentId: string) => hub.requests.requestIdOfPayment(paymentId);
  return {
    'refund.reverse': async (input, ctx) => {
      try {
        // a sale taken on a workstation's terminal goes back through that workstation's agent (hub/agent/deviceJobs.ts)
        return done(await refundTerminal(hub, input, staffOf(ctx), (orderId) => hub.agents.deviceJobs.saleTerminal(orderId)));
      } finally {
        // given back, declined or in doubt: the counter and the applicant's screen show where it stands
        const requestId = requestOf(input.paymentId);
        if (requestId) requests.changed(requestId);
      }
    },
    'refund.manual': async (input, ctx) => {
      const row = await refundManual(hub, input, staffOf(ctx));
      requests.changed(row.requestId);
      return done(row);
    },
  };
};
