import { DomainError } from '../../core/errors';
import type { HandlerGroup } from '.';
import type { CallContext, HubServices } from '../services';
import { FilingReceiptService } from '../sync/filingReceipts';

type FilingReceiptProc = Extract<keyof import('../../core/api/contract').Procedures, `filingReceipt.${string}`>;

/** The caller as a staff member (the contract already limited these procedures to staff). */
function staffOf(ctx: CallContext): { userId: number } {
  if (ctx.principal?.kind !== 'user') throw new DomainError('FORBIDDEN', 'staff only');
  return { userId: ctx.principal.userId };
}

export const filingReceiptHandlers: HandlerGroup<FilingReceiptProc> = (hub: HubServices) => {
  const receipts = new FilingReceiptService(hub);
  return {
    'filingReceipt.pdf': ({ requestId }, ctx) => receipts.pdf(requestId, staffOf(ctx)),
    'filingReceipt.thermal': ({ requestId }, ctx) => receipts.thermal(requestId, staffOf(ctx)),
    'filingReceipt.print': ({ requestId }, ctx) => receipts.print(requestId, staffOf(ctx)),
  };
};
