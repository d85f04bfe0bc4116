import type { HandlerGroup } from './types';
import type { HubServices } from '../services';
import { FilingReceiptService } from '../sync/filingReceipts';
import { staffOf } from './guards';

type FilingReceiptProc = Extract<keyof import('../../core/api/contract').Procedures, `filingReceipt.${string}`>;

export const filingReceiptHandlers: HandlerGroup<FilingReceiptProc> = (hub: HubServices) => {
  const receipts = new FilingReceiptService(hub);
  return {
    'filingReceipt.pdf': ({ requestId }, ctx) => receipts.pdf(requestId, staffOf(ctx)),
    'filingReceipt.thermal': ({ requestId }, ctx) => receipts.thermal(requestId, staffOf(ctx)),
    // on a workstation whose agent reported a printer, the receipt goes to that printer (hub/agent/deviceJobs.ts)
    'filingReceipt.print': ({ requestId }, ctx) => receipts.print(requestId, staffOf(ctx), hub.agents.deviceJobs.printerFor(ctx.lan)),
  };
};
