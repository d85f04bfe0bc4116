import type { HubServices } from '../services';
import type { Handlers } from './types';
import { auditHandlers } from './audit';
import { authHandlers } from './auth';
import { totpHandlers } from './totp';
import { officeHandlers } from './office';
import { queueHandlers } from './queue';
import { requestHandlers } from './requests';
import { setupHandlers } from './setup';
import { staffHandlers } from './staff';
import { terminalHandlers } from './terminals';
import { receiptPrinterHandlers } from './receiptPrinters';
import { reportHandlers } from './reports';
import { captureHandlers } from './capture';
import { syncHandlers } from './sync';
import { filingReceiptHandlers } from './filingReceipts';
import { deviceHandlers } from './devices';
import { inquiryHandlers } from './inquiries';
import { agentHandlers } from '../agent/handlers';

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
    ...agentHandlers(hub),
  };
}
