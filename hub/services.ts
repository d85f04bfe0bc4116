/**
 * What every handler may use: the base (hub/base.ts) and each service of the hub, built once in
 * hub/hub.ts. Only handlers and the composition root import this file; the services themselves
 * stand on `HubBase`, so no import circle runs through here.
 */
import type { HubBase } from './base';
import type { SetupCode } from './auth/setupCode';
import type { CaptureService } from './capture/captureService';
import type { SyncService } from './sync/syncService';
import type { RequestService } from './request/requestService';
import type { QueueService } from './queue/queueService';
import type { ReportService } from './report/reportService';
import type { StatisticsService } from './statistics/statisticsService';
import type { ComplianceService } from './compliance/complianceService';
import type { InquiryService } from './inquiry/inquiries';
import type { ReceiptService } from './receipt/receipts';
import type { FilingReceiptService } from './filingReceipt/filingReceipts';
import type { AgentService } from './agent/agentService';
import type { RequestReach } from './request/reach';
import type { BackupService } from './backup/backupService';
import type { StandbyService } from './standby/standbyService';
import type { UpdateStore } from './updates/updateStore';

export type { AuthPolicy, CallContext, HubBase, LanConnection, TransportKind } from './base';
export { defaultAuthPolicy } from './base';

export interface HubServices extends HubBase {
  /** requests at the counter: identity, details, fees, payments, receipts (ماده ۴) */
  requests: RequestService;
  /** who may read a request: a manager, the counter it is at, or whoever opened it with a purpose (ماده ۳۸ ب) */
  reach: RequestReach;
  /** the queue: tickets, calls, counters, the day's close */
  queue: QueueService;
  /** document capture: scan jobs, the page store, the applicant's review, OCR in the background */
  capture: CaptureService;
  /** the outbox to the central system: delivery, the link, what the authority decided */
  sync: SyncService;
  /** the day's and the period's reports */
  reports: ReportService;
  /** the statistics package and the central's requests for it (ماده ۳۵ ب) */
  statistics: StatisticsService;
  /** «انطباق با آیین‌نامه»: the observable bylaw rules with their evidence */
  compliance: ComplianceService;
  /** inquiries to the registries through the central system (ماده ۳۸ ج) */
  inquiries: InquiryService;
  /** payment receipts: the A5 PDF, the thermal preview and print, every print recorded */
  receipts: ReceiptService;
  /** the filing receipts of what the central received */
  filingReceipts: FilingReceiptService;
  /** the workstations' device agents: their devices, the jobs routed to each, the pages they send (docs/WORKSTATIONS.md) */
  agents: AgentService;
  /** automatic encrypted backups to the manager's target, verified (docs/BACKUP.md) */
  backup: BackupService;
  /** the standby hub: its copies, and whether this hub was superseded by a promoted one (docs/STANDBY.md) */
  standby: StandbyService;
  /** the app's installers the hub keeps and serves to its workstations (docs/UPDATES.md) */
  updates: UpdateStore;
  /** first-run setup from a connection that is not trusted: the code on the hub's console (web mode with --require-pairing, until set up) */
  setupCode?: SetupCode | undefined;
}
