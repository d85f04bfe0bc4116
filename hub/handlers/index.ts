import type { ProcedureName, ProcedureOutput, ProcedureParsedInput } from '../../core/api/contract';
import type { CallContext, HubServices } from '../services';
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

export type Handler<P extends ProcedureName> = (
  input: ProcedureParsedInput<P>,
  ctx: CallContext,
) => ProcedureOutput<P> | Promise<ProcedureOutput<P>>;

/** One handler per procedure in the contract — a missing one is a compile error. */
export type Handlers = { [P in ProcedureName]: Handler<P> };

export type HandlerGroup<P extends ProcedureName> = (hub: HubServices) => { [K in P]: Handler<K> };

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
