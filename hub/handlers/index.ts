import type { HubServices } from '../services';
import type { Handlers } from './types';
import { auditHandlers } from '../audit/handlers';
import { authHandlers } from '../auth/handlers';
import { totpHandlers } from '../auth/totpHandlers';
import { officeHandlers } from '../office/handlers';
import { queueHandlers } from '../queue/handlers';
import { requestHandlers } from '../request/handlers';
import { setupHandlers } from '../setup/handlers';
import { staffHandlers } from '../staff/handlers';
import { terminalHandlers } from '../terminal/handlers';
import { receiptPrinterHandlers } from '../receiptPrinter/handlers';
import { reportHandlers } from '../report/handlers';
import { captureHandlers } from '../capture/handlers';
import { syncHandlers } from '../sync/handlers';
import { filingReceiptHandlers } from '../filingReceipt/handlers';
import { deviceHandlers } from '../device/handlers';
import { inquiryHandlers } from '../inquiry/handlers';

export type { Handler, HandlerGroup, Handlers } from './types';

export function createHandlers(hub: HubServices): Handlers {
  return {
    ...setupHandlers(hub),
    ...authHandlers(hub),
    ...totpHandlers(hub),
    ...auditHandlers(hub),
    ...officeHandlers(hub),
    ...staffHandlers(hub),
    ...queueHandlers(hub),
    ...requestHandlers(hub),
    ...terminalHandlers(hub),
    ...receiptPrinterHandlers(hub),
    ...reportHandlers(hub),
    ...captureHandlers(hub),
    ...syncHandlers(hub),
    ...filingReceiptHandlers(hub),
    ...deviceHandlers(hub),
    ...inquiryHandlers(hub),
  };
}
