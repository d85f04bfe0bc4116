import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';
import { staffOf } from '../handlers/guards';

/** The filing receipt of a request the central received: PDF, thermal preview, print (the service: ./filingReceipts.ts). */
export const filingReceiptHandlers: HandlerGroup<'filingReceipt'> = (hub: HubServices) => {
  const receipts = hub.filingReceipts;
  return {
    // `print`: on the document printer of the caller's workstation (hub/agent/documentPrinter.ts)
    'filingReceipt.pdf': ({ requestId, print }, ctx) => {
      hub.reach.assertRead(ctx, staffOf(ctx), requestId);
      return receipts.pdf(requestId, staffOf(ctx), print ? hub.agents.deviceJobs.documentPrinterOf(ctx.lan) : null);
    },
    'filingReceipt.thermal': ({ requestId }, ctx) => {
      hub.reach.assertRead(ctx, staffOf(ctx), requestId);
      return receipts.thermal(requestId, staffOf(ctx));
    },
    // on a workstation whose agent reported a printer, the receipt goes to that printer (hub/agent/deviceJobs.ts)
    'filingReceipt.print': ({ requestId }, ctx) => {
      hub.reach.assertRead(ctx, staffOf(ctx), requestId);
      return receipts.print(requestId, staffOf(ctx), hub.agents.deviceJobs.printerFor(ctx.lan));
    },
  };
};
