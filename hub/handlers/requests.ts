import { DomainError } from '../../core/errors';
import type { HandlerGroup } from '.';
import type { CallContext, HubServices } from '../services';
import { ReceiptService } from '../requests/receipts';
import { RequestService } from '../requests/requestService';

type RequestProc = Extract<keyof import('../../core/api/contract').Procedures, `tariff.${string}` | `applicant.${string}` | `request.${string}` | `payment.${string}` | `receipt.${string}`>;

/** The caller as a staff member (the contract already limited these procedures to staff). */
function staffOf(ctx: CallContext): { userId: number } {
  if (ctx.principal?.kind !== 'user') throw new DomainError('FORBIDDEN', 'staff only');
  return { userId: ctx.principal.userId };
}

export const requestHandlers: HandlerGroup<RequestProc> = (hub: HubServices) => {
  const requests = new RequestService(hub);
  const receipts = new ReceiptService(hub);

  return {
    'tariff.tables': () => ({ tables: requests.tables() }),
    'tariff.addTable': (input, ctx) => ({ tables: requests.addTable(input, staffOf(ctx)) }),

    'applicant.find': ({ kind, id }) => {
      const found = requests.findApplicant(kind, id);
      return { applicant: found ? { id: found.id, data: found.data } : null };
    },
    'applicant.save': (input) => ({ applicantId: requests.saveApplicant(input) }),

    'request.open': (input, ctx) => requests.view(requests.open(input, staffOf(ctx))),
    'request.get': ({ requestId }) => requests.view(requestId),
    'request.verifyIdentity': (input, ctx) => {
      requests.verifyIdentity(input, staffOf(ctx));
      return requests.view(input.requestId);
    },
    'request.setDetails': (input, ctx) => {
      requests.setDetails(input, staffOf(ctx));
      return requests.view(input.requestId);
    },
    'request.fixFees': (input, ctx) => {
      requests.fixFees(input, staffOf(ctx));
      return requests.view(input.requestId);
    },
    'request.waivePayment': (input, ctx) => {
      requests.waive(input, staffOf(ctx));
      return requests.view(input.requestId);
    },
    'request.close': (input, ctx) => {
      requests.close(input, staffOf(ctx));
      return requests.view(input.requestId);
    },
    'payment.manual': (input, ctx) => {
      const { paymentId, receipt } = requests.payManual(input, staffOf(ctx));
      return { paymentId, receipt, request: requests.view(input.requestId) };
    },
    'payment.terminal': async (input, ctx) => {
      const { paymentId, receipt } = await requests.payTerminal(input, staffOf(ctx));
      return { paymentId, receipt, request: requests.view(input.requestId) };
    },
    'receipt.pdf': ({ paymentId }, ctx) => receipts.pdf(paymentId, staffOf(ctx)),
    'receipt.thermal': ({ paymentId }, ctx) => receipts.thermal(paymentId, staffOf(ctx)),
  };
};
