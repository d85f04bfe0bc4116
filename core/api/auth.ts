/**
 * Who is calling: staff login and sessions (docs/LOGIN.md), screens without a person, the lock,
 * the second factor and a LAN device's pairing and proof (docs/SECURITY.md).
 *
 * TOTP (RFC 6238) is a second factor for one's own account — docs/SECURITY.md § TOTP. Only a manager
 * may turn it on (the office's keys are theirs, ماده ۲۹ تبصره); anyone who has it may see it and turn
 * it off, with their password and a current code, so an account moved to another role is not stuck.
 * Login asks for the code of any account that has it on, whatever the role.
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { allRoles, staffRoles } from '../roles';
import { deviceKind, deviceId, credential, pairingCodeText } from './device-types';
import * as s from './schemas';

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const authProcedures = {
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

  'auth.totpStatus': procedure({
    summary: "Whether the caller's own account asks for an authenticator code at login.",
    access: staffRoles,
    input: none,
    output: z.object({ enabled: z.boolean() }),
  }),

  'auth.totpBegin': procedure({
    summary: "Start TOTP for the caller's own account (manager): a new secret and its otpauth:// URI; login is unchanged until a first code confirms it.",
    access: ['manager'],
    input: none,
    /** `secret`: base32, for typing into the app by hand; `uri`: the same for the QR code */
    output: z.object({ secret: z.string(), uri: z.string() }),
  }),

  'auth.totpConfirm': procedure({
    summary: "Turn TOTP on with a first code from the authenticator (manager); the caller's other sessions end.",
    access: ['manager'],
    input: z.object({ otp: s.otp }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),

  'auth.totpDisable': procedure({
    summary: "Turn TOTP off for the caller's own account: the password and a current code, both (wrong ones count like a failed login).",
    access: staffRoles,
    input: z.object({ password: s.password, otp: s.otp }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),

  'auth.pair': procedure({
    summary: 'A device on the LAN exchanges a one-time pairing code for its device credential; the connection is then that device.',
    access: 'public',
    input: z.object({ code: pairingCodeText }).strict(),
    output: z.object({ deviceId, credential, kind: deviceKind, name: z.string(), officeName: z.string(), fingerprint: z.string() }),
  }),

  'auth.device': procedure({
    summary: 'A paired device proves itself with its credential at the start of a LAN connection; until then only pairing is served there.',
    access: 'public',
    input: z.object({ deviceId, credential }).strict(),
    output: z.object({ deviceId, kind: deviceKind, name: z.string() }),
  }),
} satisfies Record<string, ProcedureDef>;
