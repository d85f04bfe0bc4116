/**
 * The contract between the hub and every client: each procedure and event the hub offers,
 * with runtime schemas for input and output and who may call it. Types are inferred from the
 * schemas; nothing is declared twice.
 *
 * This file only assembles. A procedure or event `x.y` (or a bare `x`) is declared in `./x.ts` and
 * nowhere else, and served from `hub/x/` — `npm run lint:layers` fails otherwise (docs/LAYERS.md).
 * Schemas several namespaces share live in `./schemas.ts` or a `./*-types.ts` file. Adding a
 * procedure = one entry in its namespace's file + its handler in `hub/x/handlers.ts` (the compiler
 * insists on the handler).
 */
import type { z } from 'zod';
import type { Role } from '../roles';
import type { Access, EventDef, ProcedureDef } from './contract-types';
import { healthProcedures } from './health';
import { setupProcedures } from './setup';
import { authProcedures } from './auth';
import { officeProcedures } from './office';
import { staffProcedures } from './staff';
import { queueEvents, queueProcedures } from './queue';
import { tariffProcedures } from './tariff';
import { applicantProcedures } from './applicant';
import { requestEvents, requestProcedures } from './request';
import { paymentProcedures } from './payment';
import { refundProcedures } from './refund';
import { dayProcedures } from './day';
import { backupProcedures } from './backup';
import { receiptProcedures } from './receipt';
import { applicantScreenEvents, applicantScreenProcedures } from './applicantScreen';
import { auditProcedures } from './audit';
import { terminalProcedures } from './terminal';
import { receiptPrinterProcedures } from './receiptPrinter';
import { reportProcedures } from './report';
import { scannerProcedures } from './scanner';
import { scanProfilesProcedures } from './scanProfiles';
import { captureEvents, captureProcedures } from './capture';
import { documentsProcedures } from './documents';
import { searchProcedures } from './search';
import { syncEvents, syncProcedures } from './sync';
import { filingReceiptProcedures } from './filingReceipt';
import { deviceEvents, deviceProcedures } from './device';
import { inquiryProcedures } from './inquiry';
import { followUpProcedures } from './followUp';
import { clockEvents } from './clock';
import { agentEvents, agentProcedures } from './agent';
import { ratingProcedures } from './rating';
import { complaintProcedures } from './complaint';
import { statisticsProcedures } from './statistics';
import { complianceProcedures } from './compliance';
import { standbyProcedures } from './standby';
import { updatesProcedures } from './updates';

export type { Access, EventDef, ProcedureDef } from './contract-types';

export const procedures = {
  ...healthProcedures,
  ...setupProcedures,
  ...authProcedures,
  ...officeProcedures,
  ...staffProcedures,
  ...queueProcedures,
  ...tariffProcedures,
  ...applicantProcedures,
  ...requestProcedures,
  ...paymentProcedures,
  ...refundProcedures,
  ...dayProcedures,
  ...backupProcedures,
  ...receiptProcedures,
  ...applicantScreenProcedures,
  ...auditProcedures,
  ...terminalProcedures,
  ...receiptPrinterProcedures,
  ...reportProcedures,
  ...scannerProcedures,
  ...scanProfilesProcedures,
  ...captureProcedures,
  ...documentsProcedures,
  ...searchProcedures,
  ...syncProcedures,
  ...filingReceiptProcedures,
  ...deviceProcedures,
  ...inquiryProcedures,
  ...agentProcedures,
  ...followUpProcedures,
  ...ratingProcedures,
  ...complaintProcedures,
  ...statisticsProcedures,
  ...complianceProcedures,
  ...standbyProcedures,
  ...updatesProcedures,
} satisfies Record<string, ProcedureDef>;

export const events = {
  ...clockEvents,
  ...queueEvents,
  ...requestEvents,
  ...applicantScreenEvents,
  ...captureEvents,
  ...syncEvents,
  ...deviceEvents,
  ...agentEvents,
} satisfies Record<string, EventDef>;

export type Procedures = typeof procedures;
export type ProcedureName = keyof Procedures;
export type ProcedureInput<P extends ProcedureName> = z.input<Procedures[P]['input']>;
export type ProcedureParsedInput<P extends ProcedureName> = z.output<Procedures[P]['input']>;
export type ProcedureOutput<P extends ProcedureName> = z.output<Procedures[P]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export function isProcedureName(name: string): name is ProcedureName {
  return Object.prototype.hasOwnProperty.call(procedures, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** May a caller with this role (or none) use something with this access? */
export function allows(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  return role !== null && access.includes(role);
}
