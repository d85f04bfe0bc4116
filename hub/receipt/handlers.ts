import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';

/** A payment's receipt: the A5 PDF, the thermal preview, the print on the counter's receipt printer. */
export const receiptHandlers: HandlerGroup<'receipt'> = (hub) => {
  const { receipts } = hub;
  return {
    // `print`: on the document printer of the caller's workstation (hub/agent/documentPrinter.ts)
    'receipt.pdf': ({ paymentId, print }, ctx) => {
      hub.reach.assertReadPayment(ctx, staffOf(ctx), paymentId);
      return receipts.pdf(paymentId, staffOf(ctx), print ? hub.agents.deviceJobs.documentPrinterOf(ctx.lan) : null);
    },
    'receipt.thermal': ({ paymentId }, ctx) => {
      hub.reach.assertReadPayment(ctx, staffOf(ctx), paymentId);
      return receipts.thermal(paymentId, staffOf(ctx));
    },
    // on a workstation whose agent reported a printer, the receipt goes to that printer (hub/agent/deviceJobs.ts)
    'receipt.print': ({ paymentId }, ctx) => {
      hub.reach.assertReadPayment(ctx, staffOf(ctx), paymentId);
      return receipts.print(paymentId, staffOf(ctx), hub.agents.deviceJobs.printerFor(ctx.lan));
    },
  };
};
