/**
 * The registry: each namespace's group, from its own folder (hub/<namespace>/handlers.ts). The
 * compiler insists on a group for every namespace and a handler for every procedure of it; building
 * the handlers refuses a group that answers for another namespace's procedure.
 */
import type { HubServices } from '../services';
import { namespaceOf, type Handlers, type HandlerGroups } from './types';
import { applicantHandlers } from '../applicant/handlers';
import { applicantScreenHandlers } from '../applicantScreen/handlers';
import { auditHandlers } from '../audit/handlers';
import { authHandlers } from '../auth/handlers';
import { captureHandlers } from '../capture/handlers';
import { deviceHandlers } from '../device/handlers';
import { documentsHandlers } from '../documents/handlers';
import { filingReceiptHandlers } from '../filingReceipt/handlers';
import { healthHandlers } from '../health/handlers';
import { inquiryHandlers } from '../inquiry/handlers';
import { officeHandlers } from '../office/handlers';
import { paymentHandlers } from '../payment/handlers';
import { refundHandlers } from '../refund/handlers';
import { dayHandlers } from '../day/handlers';
import { backupHandlers } from '../backup/handlers';
import { queueHandlers } from '../queue/handlers';
import { receiptHandlers } from '../receipt/handlers';
import { receiptPrinterHandlers } from '../receiptPrinter/handlers';
import { reportHandlers } from '../report/handlers';
import { requestHandlers } from '../request/handlers';
import { scannerHandlers } from '../scanner/handlers';
import { searchHandlers } from '../search/handlers';
import { scanProfilesHandlers } from '../scanProfiles/handlers';
import { setupHandlers } from '../setup/handlers';
import { staffHandlers } from '../staff/handlers';
import { syncHandlers } from '../sync/handlers';
import { tariffHandlers } from '../tariff/handlers';
import { terminalHandlers } from '../terminal/handlers';
import { agentHandlers } from '../agent/handlers';
import { updatesHandlers } from '../updates/handlers';
import { followUpHandlers } from '../followUp/handlers';
import { ratingHandlers } from '../rating/handlers';
import { complaintHandlers } from '../complaint/handlers';
import { statisticsHandlers } from '../statistics/handlers';
import { complianceHandlers } from '../compliance/handlers';
import { standbyHandlers } from '../standby/handlers';

export type { Handler, HandlerGroup, HandlerPart, Handlers, Namespace } from './types';

const groups: HandlerGroups = {
  health: healthHandlers,
  setup: setupHandlers,
  auth: authHandlers,
  office: officeHandlers,
  staff: staffHandlers,
  audit: auditHandlers,
  queue: queueHandlers,
  tariff: tariffHandlers,
  applicant: applicantHandlers,
  applicantScreen: applicantScreenHandlers,
  request: requestHandlers,
  payment: paymentHandlers,
  refund: refundHandlers,
  day: dayHandlers,
  backup: backupHandlers,
  receipt: receiptHandlers,
  receiptPrinter: receiptPrinterHandlers,
  terminal: terminalHandlers,
  report: reportHandlers,
  statistics: statisticsHandlers,
  compliance: complianceHandlers,
  scanner: scannerHandlers,
  scanProfiles: scanProfilesHandlers,
  capture: captureHandlers,
  documents: documentsHandlers,
  search: searchHandlers,
  sync: syncHandlers,
  agent: agentHandlers,
  updates: updatesHandlers,
  followUp: followUpHandlers,
  filingReceipt: filingReceiptHandlers,
  device: deviceHandlers,
  inquiry: inquiryHandlers,
  rating: ratingHandlers,
  complaint: complaintHandlers,
  standby: standbyHandlers,
};

export function createHandlers(hub: HubServices, registry: Readonly<Record<string, (hub: HubServices) => object>> = groups): Handlers {
  const handlers: Record<string, unknown> = {};
  for (const [namespace, group] of Object.entries(registry)) {
    for (const [name, handler] of Object.entries(group(hub))) {
      if (namespaceOf(name) !== namespace) throw new Error(`the ${namespace} handlers answer for ${name}: register it with its own namespace`);
      handlers[name] = handler;
    }
  }
  // every namespace's group is complete by its type (HandlerGroups), so these are all the contract's handlers
  return handlers as Handlers;
}
