/**
 * TOTP (RFC 6238) as a second factor for one's own account — docs/SECURITY.md § TOTP. Only a manager
 * may turn it on (the office's keys are theirs, ماده ۲۹ تبصره); anyone who has it may see it and turn
 * it off, with their password and a current code, so an account moved to another role is not stuck.
 * Login asks for the code of any account that has it on, whatever the role.
 */
import { z } from 'zod';
import { staffRoles } from '../roles';
import type { ProcedureDef } from './contract-types';
import * as s from './schemas';

const procedure = <I extends z.ZodType, O extends z.ZodType>(def: ProcedureDef<I, O>) => def;
const none = z.object({}).strict();

export const totpProcedures = {
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
} satisfies Record<string, ProcedureDef>;
