/**
 * What crosses a boundary on a workstation — a PC of the office that is not the hub
 * (docs/OFFICE-SETUP.md): the first-run «join» form's request and answer (Electron IPC, or the
 * web-mode endpoint that serves the same screen), and the state of a window's link to the office
 * hub, which the windows show. The Node side lives in workstation/; this is the shared shape.
 */
import { z } from 'zod';
import { toLatinDigits } from '../text/digits';

/** The roles a workstation can have (a manager uses a counter PC's counter window). */
export const workstationKinds = ['counter', 'kiosk', 'board'] as const;
export type WorkstationKind = (typeof workstationKinds)[number];

/** The hub's web port unless the address names another (hub/config/config.ts). */
export const DEFAULT_HUB_PORT = 4780;

/**
 * The hub's address as a person types it: a host or host:port, an IPv4 address in any digit set, or
 * a pasted https:// / wss:// address. Null when it is none of these.
 */
export function parseHubAddress(text: string): { host: string; port: number } | null {
  let rest = toLatinDigits(text.trim()).replace(/^(https?|wss?):\/\//i, '');
  rest = rest.replace(/\/.*$/, '');
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(\d{1,5}))?$/.exec(rest);
  if (!m) return null;
  const port = m[2] === undefined ? DEFAULT_HUB_PORT : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host: m[1]!.toLowerCase(), port };
}

/** wss://host:port/api/ws of a parsed address. */
export function hubSocketUrl(address: { host: string; port: number }): string {
  return `wss://${address.host}:${address.port}/api/ws`;
}

/** 12 digits, in any digit set, with spaces or dashes between groups allowed. */
export function pairingCodeDigits(text: string): string | null {
  const digits = toLatinDigits(text).replace(/[\s\-\u200c\u200f\u200e_.]/g, '');
  return /^\d{12}$/.test(digits) ? digits : null;
}

export const joinRequest = z
  .object({
    hubAddress: z.string().min(1).max(300),
    code: z.string().min(1).max(60),
    kind: z.enum(workstationKinds),
    name: z.string().trim().min(1).max(60),
  })
  .strict();
export type JoinRequest = z.infer<typeof joinRequest>;

/** Why joining failed; the screen shows one Persian sentence per reason (renderer/i18n/fa.ts), beside the field it concerns. */
export const joinErrorCodes = [
  /** not a host or host:port */
  'JOIN_BAD_ADDRESS',
  /** not 12 digits */
  'JOIN_MALFORMED_CODE',
  /** nothing answered at that address (or not over TLS) */
  'JOIN_UNREACHABLE',
  /** the check digits do not match the certificate the hub showed: another machine may be in the way */
  'JOIN_CERTIFICATE_MISMATCH',
  /** the hub refused the code: wrong, used, withdrawn or expired */
  'JOIN_CODE_REFUSED',
  /** the code was issued for another role than the one chosen here */
  'JOIN_KIND_MISMATCH',
  /** the hub speaks another version of the contract */
  'JOIN_VERSION_MISMATCH',
  /** the settings could not be written */
  'JOIN_SAVE_FAILED',
  /** joining is under way (a second press) or was done already: the app is about to start anew */
  'JOIN_BUSY',
] as const;
export type JoinErrorCode = (typeof joinErrorCodes)[number];

export const joinAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), kind: z.enum(workstationKinds), name: z.string(), hubAddress: z.string() }),
  z.object({
    ok: z.literal(false),
    code: z.enum(joinErrorCodes),
    /** for JOIN_VERSION_MISMATCH: both contract versions; for JOIN_KIND_MISMATCH: the code's kind */
    hubVersion: z.number().int().nullable().optional(),
    ourVersion: z.number().int().optional(),
    codeKind: z.string().optional(),
  }),
]);
export type JoinAnswer = z.infer<typeof joinAnswer>;

/** Joining again after this PC was removed from the office: the manager's new code; the address, name and role are those it kept. */
export const rejoinRequest = z.object({ code: z.string().min(1).max(60) }).strict();
export type RejoinRequest = z.infer<typeof rejoinRequest>;

/** Joined again (the windows open anew, the pages the hub never confirmed were set aside: their count), or why not. */
export const rejoinAnswer = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), pagesSetAside: z.number().int().min(0) }), joinAnswer.options[1]]);
export type RejoinAnswer = z.infer<typeof rejoinAnswer>;

/**
 * A window's link to the office hub. `halted`: it stopped for good and says why — this PC was
 * removed from the office (revoked, or the hub no longer knows it), or the hub speaks another
 * contract version — and does not reconnect in a loop.
 */
export const linkState = z.union([
  z.object({ status: z.literal('connecting') }),
  z.object({ status: z.literal('open') }),
  z.object({ status: z.literal('halted'), reason: z.enum(['revoked', 'forgotten']) }),
  z.object({ status: z.literal('halted'), reason: z.literal('incompatible'), hubVersion: z.number().int().nullable(), ourVersion: z.number().int() }),
]);
export type LinkState = z.infer<typeof linkState>;

/** Web mode's first-run page and its endpoints (workstation/firstRunServer.ts; the page: renderer/api/httpFirstRun.ts). */
export const firstRunHttp = {
  page: '/join',
  join: '/api/first-run/join',
  becomeHub: '/api/first-run/become-hub',
  backups: '/api/first-run/backups',
  restore: '/api/first-run/restore',
} as const;

// «بازیابی از پشتیبان» on the first run (docs/BACKUP.md § Restore): this PC becomes the office's hub
// with the data of a backup generation, chosen from the list of the backup folder's generations.

/** Why a restore from the first-run screen could not be done (fa.errors has each sentence). */
export const restoreErrorCodes = [
  'BACKUP_TARGET_MISSING',
  'BACKUP_NONE',
  'BACKUP_INCOMPLETE',
  'BACKUP_CORRUPT',
  'BACKUP_WRONG_KEY',
  'BACKUP_AUDIT_BROKEN',
  'BACKUP_FAILED',
  'RESTORE_DATA_NOT_EMPTY',
  /** the office key file named could not be read, or is not a key */
  'RESTORE_KEY_UNREADABLE',
  /** the first run was already decided (joined, or became the hub) */
  'RESTORE_DECIDED',
] as const;
export type RestoreErrorCode = (typeof restoreErrorCodes)[number];

/** A folder path as typed: absolute, one line, bounded. */
const typedPath = z.string().trim().min(1).max(1024).refine((p) => !/[\0\n\r]/.test(p), 'one line');

/** The backup folder and the office key file: list its generations, each verified with the key. */
export const backupListRequest = z.object({ from: typedPath, keyFile: typedPath }).strict();
export type BackupListRequest = z.infer<typeof backupListRequest>;

export const backupGenerationState = ['verified', 'incomplete', 'damaged', 'wrongKey', 'notChecked'] as const;
export const backupListAnswer = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** newest first */
    generations: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['hourly', 'daily', 'monthly', 'manual']).nullable(),
        createdAt: z.string().nullable(),
        pages: z.number().int().min(0),
        bytes: z.number().int().min(0),
        state: z.enum(backupGenerationState),
        problem: z.string().nullable(),
        detail: z.string().nullable(),
      }),
    ),
  }),
  z.object({ ok: z.literal(false), code: z.enum(restoreErrorCodes), detail: z.string().nullable().optional() }),
]);
export type BackupListAnswer = z.infer<typeof backupListAnswer>;

/** Restore `generation` of the backup folder into this PC's (empty) data folder; it then starts as the hub. */
export const restoreRequest = backupListRequest.extend({ generation: z.string().regex(/^[0-9A-Za-z._-]{1,80}$/) }).strict();
export type RestoreRequest = z.infer<typeof restoreRequest>;

export const restoreAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), generation: z.string(), createdAt: z.string(), pages: z.number().int().min(0) }),
  backupListAnswer.options[1],
]);
export type RestoreAnswer = z.infer<typeof restoreAnswer>;

// The standby's own PC when the hub PC is dead (docs/STANDBY.md § Promotion from the desktop): its
// windows offer the manager to make this PC the office's hub from the copy it keeps.

/** The copy this PC keeps as the standby hub, or null (not the standby, or no copy verified yet). */
export const standbyHere = z.object({ copyTakenAt: z.iso.datetime({ offset: false }), copyAgeSeconds: z.number().int().nonnegative() }).nullable();
export type StandbyHere = z.infer<typeof standbyHere>;

/** Why the promotion was not done (fa.errors has each sentence). */
export const promoteErrorCodes = [
  /** this PC keeps no verified copy (or it could not be read) */
  'PROMOTE_NO_COPY',
  /** the username or password is wrong, the account inactive or not a manager's (one answer for all) */
  'PROMOTE_CREDENTIALS',
  /** the manager's account also needs the code from its authenticator: ask for it and send again */
  'PROMOTE_OTP_REQUIRED',
  /** the office's hub answers: there is nothing to take over (a promotion would split the office in two) */
  'PROMOTE_HUB_ALIVE',
  /** another promotion is under way, or this PC was promoted already */
  'PROMOTE_BUSY',
  'PROMOTE_FAILED',
] as const;
export type PromoteErrorCode = (typeof promoteErrorCodes)[number];

export const promoteRequest = z
  .object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200), otp: z.string().regex(/^[0-9]{6}$/).optional() })
  .strict();
export type PromoteRequest = z.infer<typeof promoteRequest>;

/** Promoted (this PC then starts anew as the office's hub), or why not. */
export const promoteAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), epoch: z.number().int().positive(), copyTakenAt: z.iso.datetime({ offset: false }) }),
  z.object({ ok: z.literal(false), code: z.enum(promoteErrorCodes) }),
]);
export type PromoteAnswer = z.infer<typeof promoteAnswer>;
