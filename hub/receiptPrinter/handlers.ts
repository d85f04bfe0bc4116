import { DomainError } from '../../core/errors';
import { toPersianDigits } from '../../core/text/digits';
import { getOffice } from '../../db/office';
import * as rp from '../../db/receiptPrinters';
import type { HandlerGroup } from '../handlers/types';
import { requireCounter, staffIdOf } from '../handlers/guards';
import { receiptPrinterCode } from './receiptPrinter';
import type { HubServices } from '../services';

/** The thermal receipt printer of each counter: read by staff, set and tested by the manager. */
export const receiptPrinterHandlers: HandlerGroup<'receiptPrinter'> = (hub: HubServices) => {
  return {
    'receiptPrinter.get': ({ counterId }) => {
      requireCounter(hub.db, counterId);
      return { printer: rp.getReceiptPrinter(hub.db, counterId) ?? null };
    },
    'receiptPrinter.set': ({ counterId, printer }, ctx) => {
      const updatedBy = staffIdOf(ctx);
      requireCounter(hub.db, counterId);
      if (printer === null) {
        rp.deleteReceiptPrinter(hub.db, counterId);
        return { printer: null };
      }
      rp.saveReceiptPrinter(hub.db, { counterId, host: printer.host, port: printer.port, paper: printer.paper, updatedAt: hub.now().toISOString(), updatedBy });
      return { printer: rp.getReceiptPrinter(hub.db, counterId)! };
    },
    // from a workstation whose agent reported a printer, the test page goes to that printer (hub/agent/deviceJobs.ts); the paper is the setting's
    'receiptPrinter.test': async ({ counterId }, ctx) => {
      requireCounter(hub.db, counterId);
      const setting = rp.getReceiptPrinter(hub.db, counterId);
      if (!setting) throw new DomainError('RECEIPT_PRINTER_NOT_CONFIGURED', 'the counter has no receipt printer');
      const printer = hub.agents.deviceJobs.printerFor(ctx.lan) ?? hub.receiptPrinter({ host: setting.host, port: setting.port });
      try {
        const { nearEnd } = await printer.testPrint(toPersianDigits(getOffice(hub.db)?.name ?? ''), setting.paper);
        return { ok: true as const, nearEnd };
      } catch (err) {
        if (err instanceof DomainError) throw err;
        throw new DomainError(receiptPrinterCode(err), 'receipt printer test failed');
      }
    },
  };
};
