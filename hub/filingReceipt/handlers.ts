import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';
import { FilingReceiptService } from './filingReceipts';
import { staffOf } from '../handlers/guards';

type FilingReceiptProc = Extract<keyof import('../../core/api/contract').Procedures, `filingReceipt.${string}`>;

export const filingReceiptHandlers: HandlerGroup<FilingReceiptProc> = (hub: HubServices) => {
  const receipts = new FilingReceiptService(hub);
  return {
    'filingReceipt.pdf': ({ requestId }, ctx) => receipts.pdf(requestId, staffOf(ctx)),
    'filingReceipt.thermal': ({ requestId }, ctx) => receipts.thermal(requestId, staffOf(ctx)),
    'filingReceipt.print': ({ requestId }, ctx) => receipts.print(requestId, staffOf(ctx)),
  };
};
