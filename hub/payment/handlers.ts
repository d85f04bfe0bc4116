import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';

/** Paying one part of a request's fees (the request service records it, hub/request/; the card terminal's sale: ./terminalPayment.ts). */
export const paymentHandlers: HandlerGroup<'payment'> = (hub) => {
  const { requests } = hub;
  return {
    'payment.manual': (input, ctx) => {
      const { paymentId, receipt } = requests.payManual(input, staffOf(ctx));
      requests.changed(input.requestId);
      return { paymentId, receipt, request: requests.view(input.requestId) };
    },
    'payment.terminal': async (input, ctx) => {
      try {
        // on a workstation whose agent reported a card terminal, the sale runs there (hub/agent/deviceJobs.ts)
        const { paymentId, receipt } = await requests.payTerminal(input, staffOf(ctx), hub.agents.deviceJobs.terminalFor(ctx.lan));
        return { paymentId, receipt, request: requests.view(input.requestId) };
      } finally {
        // paid, declined or in doubt: the counter and the applicant's screen show where it stands
        requests.changed(input.requestId);
      }
    },
  };
};
