/**
 * The contract between the hub and every client: each procedure and event the hub offers,
 * with runtime schemas for input and output and who may call it. Types are inferred from the
 * schemas; nothing is declared twice. Adding a procedure = one entry here (or in the capability's
 * file, e.g. ./queue.ts) + its handler in hub/handlers (the compiler insists on the handler).
 */
import { z } from 'zod';
import type { Role } from '../roles';
import { allRoles, staffRoles } from '../roles';
import type { Access, EventDef, ProcedureDef } from './contract-types';
import { queueEvents, queueProcedures } from './queue';
import { applicantScreenEvents, applicantScreenProcedures } from './applicantScreen';
import { captureEvents, captureProcedures } from './capture';
import { auditProcedures } from './audit';
import { reportProcedures } from './report';
import { requestEvents, requestProcedures } from './request';
import { terminalProcedures } from './terminal';
import { receiptPrinterProcedures } from './receiptPrinter';
import { staffProcedures } from './staff';
import { syncEvents, syncProcedures } from './sync';
import { filingReceiptProcedures } from './filingReceipt';
import { deviceEvents, deviceProcedures, pairedDevice, pairingCodeText } from './devices';
import { totpProcedures } from './totp';
import { inquiryProcedures } from './inquiry';
import { agentEvents, agentProcedures } from './agent';
import * as s from './schemas';

export type { Access, EventDef, ProcedureDef } from './contract-types';

const procedure = <I extends z.ZodType, O extends z.ZodType>(def: ProcedureDef<I, O>) => def;
const event = <P extends z.ZodType>(def: EventDef<P>) => def;

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const procedures = {
  health: procedure({
    summary: 'Hub liveness: version, uptime, whether the office is set up.',
    access: 'public',
    input: none,
    output: z.object({
      status: z.literal('ok'),
      version: z.string(),
      startedAt: s.isoInstant,
      now: s.isoInstant,
      setUp: z.boolean(),
    }),
  }),

  'setup.status': procedure({
    summary: "Whether first-run setup has been done, and what this connection is: the hub's own PC, a paired LAN device, or a LAN PC still to pair.",
    access: 'public',
    input: none,
    /** `setupCode`: first-run setup on this connection needs the one-time code the hub shows on its own console (--require-pairing) */
    output: z.object({ setUp: z.boolean(), connection: z.enum(['local', 'paired', 'unpaired']), setupCode: z.boolean().optional() }),
  }),

  'setup.createOffice': procedure({
    summary: "First run only: create the office and its manager account. From a connection that is not trusted (--require-pairing) only with the one-time code on the hub's console; that browser is then paired as a counter.",
    access: 'public',
    input: z
      .object({
        office: s.office,
        manager: z.object({ displayName: s.freeText({ min: 2, max: 80 }), username: s.username, password: s.newPassword }).strict(),
        /** the 12-digit code the hub shows on its own console, in any digits, with spaces */
        setupCode: pairingCodeText.optional(),
      })
      .strict(),
    /** `device`: the credential of the browser this setup paired (a connection that was not trusted) */
    output: z.object({ officeCode: z.string(), managerUsername: z.string(), device: pairedDevice.optional() }),
  }),

  'auth.login': procedure({
    summary: 'Staff login with username and password (and the authenticator code when the account has TOTP on); returns a session token. Over the LAN only from a paired counter device; never on a connection that carried a screen.',
    access: 'public',
    /** `otp`: needed only when the account has TOTP on; without it the right password gets OTP_REQUIRED */
    input: z.object({ username: s.username, password: s.password, otp: s.otp.optional() }).strict(),
    /** `mustChangePassword`: the manager chose this password; nothing but auth.changePassword is served until it is replaced */
    output: z.object({ session: z.string(), principal: s.principal, expiresAt: s.isoInstant, mustChangePassword: z.boolean() }),
  }),

  'auth.changePassword': procedure({
    summary: "Replace the caller's own password (their current one first); the caller's other sessions end.",
    access: staffRoles,
    input: z.object({ current: s.password, next: s.newPassword }).strict(),
    output: ok,
  }),

  'auth.deviceLogin': procedure({
    summary:
      "Open a session for a screen without a person (kiosk, board, applicant view): on the hub's own PC, or on a paired LAN device of a kind that may show that screen; never on a connection that carried staff. An applicant view names the counter it faces and answers for that counter only.",
    access: 'public',
    /** `counterId`: the counter an applicant view faces (its `?counter=`); without it the view can only list the counters to choose from */
    input: z
      .object({ role: s.deviceRole, counterId: z.number().int().positive().max(1_000_000_000).optional() })
      .strict()
      .refine((i) => i.counterId === undefined || i.role === 'applicant', { path: ['counterId'], message: 'applicant_only' }),
    output: z.object({ session: z.string(), principal: s.principal, expiresAt: s.isoInstant }),
  }),

  'auth.logout': procedure({
    summary: 'End the calling session.',
    access: allRoles,
    input: none,
    output: ok,
  }),

  'auth.whoami': procedure({
    summary: 'Who the calling session belongs to.',
    access: allRoles,
    input: none,
    output: z.object({ principal: s.principal, expiresAt: s.isoInstant, locked: z.boolean(), mustChangePassword: z.boolean() }),
  }),

  'auth.lock': procedure({
    summary: 'Lock the calling staff session (the clerk steps away, or the screen was idle): nothing is served until unlocked with the password.',
    access: staffRoles,
    input: none,
    output: ok,
  }),

  'auth.unlock': procedure({
    summary: "Unlock the calling session with its owner's password; a wrong one counts towards the account lock like a failed login.",
    access: staffRoles,
    input: z.object({ password: s.password }).strict(),
    output: ok,
  }),

  'office.setLockAfter': procedure({
    summary: 'Idle minutes after which staff screens lock (0 = never) (manager).',
    access: ['manager'],
    input: z.object({ minutes: z.number().int().min(0).max(240) }).strict(),
    output: ok,
  }),

  'office.info': procedure({
    summary: 'The office as shown in headers and on public screens (no personal data).',
    access: allRoles,
    input: none,
    output: z.object({ name: z.string(), code: z.string(), city: z.string(), lockAfterMinutes: z.number().int() }),
  }),

  ...totpProcedures,
  ...staffProcedures,
  ...queueProcedures,
  ...requestProcedures,
  ...applicantScreenProcedures,
  ...auditProcedures,
  ...terminalProcedures,
  ...receiptPrinterProcedures,
  ...reportProcedures,
  ...captureProcedures,
  ...syncProcedures,
  ...filingReceiptProcedures,
  ...deviceProcedures,
  ...inquiryProcedures,
  ...agentProcedures,
} satisfies Record<string, ProcedureDef>;

export const events = {
  clock: event({
    summary: "The hub's clock, every few seconds: screens show hub time and notice a lost link.",
    access: 'public',
    payload: z.object({ now: s.isoInstant }),
  }),

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
