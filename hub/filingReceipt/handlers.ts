import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';
import { staffOf } from '../handlers/guards';

/** The filing receipt of a request the central received: PDF, thermal preview, print (the service: ./filingReceipts.ts). */
export const filingReceiptHandlers: HandlerGroup<'filingReceipt'> = (hub: HubServices) => {
  const receipts = hub.filingReceipts;
  return {
    'filingReceipt.pdf': ({ requestId }, ctx) => receipts.pdf(requestId, staffOf(ctx)),
    'filingReceipt.thermal': ({ requestId }, ctx) => receipts.thermal(requestId, staffOf(ctx)),
    'filingReceipt.print': ({ requestId }, ctx) => receipts.print(requestId, staffOf(ctx)),
  };
};
