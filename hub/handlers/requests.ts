import type { HandlerGroup } from './types';
import type { HubServices } from '../services';
import { ReceiptService } from '../requests/receipts';
import { applicantScreen, checkScreenCounter } from '../requests/applicantScreen';
import { listCounters } from '../../db/queue';
import { staffOf } from './guards';

type RequestProc = Exclude<
  Extract<keyof import('../../core/api/contract').Procedures, `tariff.${string}` | `applicant.${string}` | 'applicantScreen.counters' | 'applicantScreen.view' | `request.${string}` | `payment.${string}` | `receipt.${string}`>,
  'request.send'
>;

export const requestHandlers: HandlerGroup<RequestProc> = (hub: HubServices) => {
  const { requests } = hub;
  const receipts = new ReceiptService(hub);
  /** Run a change, announce it to the counter and the applicant's screen, answer with the request. */
  const changed = (requestId: string, change: () => void) => {
    change();
    requests.changed(requestId);
    return requests.view(requestId);
  };

  return {
    'tariff.tables': () => ({ tables: requests.tables() }),
    'tariff.addTable': (input, ctx) => ({ tables: requests.addTable(input, staffOf(ctx)) }),

    'applicant.find': ({ kind, id }) => {
      const found = requests.findApplicant(kind, id);
      return { applicant: found ? { id: found.id, data: found.data } : null };
    },
    'applicant.save': (input) => ({ applicantId: requests.saveApplicant(input) }),

    'applicantScreen.counters': () => ({ counters: listCounters(hub.db).filter((c) => c.active).map((c) => ({ id: c.id, number: c.number })) }),
    'applicantScreen.view': ({ counterId }, ctx) => {
      checkScreenCounter(hub, ctx, counterId);
      return applicantScreen(hub.db, requests, hub.capture, counterId);
    },

    'request.open': (input, ctx) => {
      const id = requests.open(input, staffOf(ctx));
      requests.changed(id);
      return requests.view(id);
    },
    'request.atCounter': ({ counterId }) => requests.atCounter(counterId),
    'request.get': ({ requestId }) => requests.view(requestId),
    'request.openToday': ({ counterId }, ctx) => ({ requests: requests.openToday(staffOf(ctx), counterId) }),
    'request.resume': (input, ctx) => changed(input.requestId, () => requests.resume(input, staffOf(ctx))),
    'request.handOver': (input, ctx) => {
      const moved = requests.handOver(input, staffOf(ctx));
      // both counters' lists change
      const at = hub.now().toISOString();
      for (const counterId of new Set([moved.from, moved.to])) hub.events.emit('request.changed', { counterId, at });
      return { counterId: moved.to };
    },
    'request.verifyIdentity': (input, ctx) => changed(input.requestId, () => requests.verifyIdentity(input, staffOf(ctx))),
    'request.setDetails': (input, ctx) => changed(input.requestId, () => requests.setDetails(input, staffOf(ctx))),
    'request.fixFees': (input, ctx) => changed(input.requestId, () => requests.fixFees(input, staffOf(ctx))),
    'request.waivePayment': (input, ctx) => changed(input.requestId, () => requests.waive(input, staffOf(ctx))),
    'request.close': (input, ctx) => changed(input.requestId, () => requests.close(input, staffOf(ctx))),
    'request.setDeadline': (input, ctx) => changed(input.requestId, () => requests.setDeadline(input, staffOf(ctx))),
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
    'receipt.pdf': ({ paymentId }, ctx) => receipts.pdf(paymentId, staffOf(ctx)),
    'receipt.thermal': ({ paymentId }, ctx) => receipts.thermal(paymentId, staffOf(ctx)),
    // on a workstation whose agent reported a printer, the receipt goes to that printer (hub/agent/deviceJobs.ts)
    'receipt.print': ({ paymentId }, ctx) => receipts.print(paymentId, staffOf(ctx), hub.agents.deviceJobs.printerFor(ctx.lan)),
  };
};
