/**
 * Staff accounts (ماده ۸–۱۱, ۳۶ ت): the manager registers each person with their role, national id
 * and skills certificate; a clerk or legal expert without a certificate on record cannot be active.
 * Nobody is deleted: deactivation keeps the row, who did it, when and why.
 */
import { z } from 'zod';
import { normalizeNationalId } from '../identity/nationalId';
import { formatJalaliDay, parseJalaliDay } from '../format/jalaliDay';
import { staffRoles } from '../roles';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import * as s from './schemas';

/** کد ملی in any digits → its 10 Latin digits, check digit verified. */
export const staffNationalId = z.string().transform((v, ctx) => {
  const id = normalizeNationalId(v);
  if (id === null) {
    ctx.addIssue({ code: 'custom', message: 'invalid_national_id' });
    return z.NEVER;
  }
  return id;
});

/** A Jalali day typed as ۱۴۰۳/۰۵/۱۲ or 1403-5-12 → «1403-05-12». */
export const jalaliDate = z.string().transform((v, ctx) => {
  const d = parseJalaliDay(v);
  if (!d || d.year < 1300 || d.year > 1499) {
    ctx.addIssue({ code: 'custom', message: 'invalid_jalali_day' });
    return z.NEVER;
  }
  return formatJalaliDay(d);
});

/** The skills certificate (گواهی مهارت) of ماده ۳۶ ت. */
export const certificate = z
  .object({
    number: s.freeText({ min: 1, max: 40 }),
    issuer: s.freeText({ min: 2, max: 120 }),
    date: jalaliDate,
  })
  .strict();

export const staffView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(staffRoles),
  active: z.boolean(),
  createdAt: s.isoInstant,
  nationalId: z.string().nullable(),
  certificate: z.object({ number: z.string(), issuer: z.string(), date: z.string() }).nullable(),
  /** the last deactivation, while inactive */
  deactivatedAt: s.isoInstant.nullable(),
  deactivatedBy: z.string().nullable(),
  deactivationReason: z.string().nullable(),
});
export type StaffView = z.infer<typeof staffView>;

const staffId = z.number().int().positive();

export const staffProcedures = {
  'staff.list': procedure({
    summary: 'Staff accounts with national id, certificate and state (the manager console).',
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({ staff: z.array(staffView) }),
  }),

  'staff.create': procedure({
    summary: 'Register a staff member (manager). A clerk or legal expert without a certificate is created inactive.',
    access: ['manager'],
    input: z
      .object({
        displayName: s.freeText({ min: 2, max: 80 }),
        username: s.username,
        role: s.staffRole,
        nationalId: staffNationalId,
        certificate: certificate.nullable(),
        password: s.newPassword,
      })
      .strict(),
    output: z.object({ staff: staffView }),
  }),

  'staff.update': procedure({
    summary: "Change a staff member's name, role, national id or certificate (manager).",
    access: ['manager'],
    input: z
      .object({
        staffId,
        displayName: s.freeText({ min: 2, max: 80 }),
        role: s.staffRole,
        nationalId: staffNationalId,
        certificate: certificate.nullable(),
      })
      .strict(),
    output: z.object({ staff: staffView, changed: z.array(z.string()) }),
  }),

  'staff.setActive': procedure({
    summary: 'Activate or deactivate a staff member, with a reason (manager). Deactivation ends their sessions at once.',
    access: ['manager'],
    input: z.object({ staffId, active: z.boolean(), reason: s.freeText({ min: 3, max: 300 }) }).strict(),
    output: z.object({ staff: staffView, changed: z.boolean(), sessionsRevoked: z.number().int() }),
  }),

  'staff.resetPassword': procedure({
    summary: "Set a new password for a staff member (manager); their sessions end at once.",
    access: ['manager'],
    input: z.object({ staffId, password: s.newPassword }).strict(),
    output: z.object({ ok: z.literal(true), sessionsRevoked: z.number().int() }),
  }),
} satisfies Record<string, ProcedureDef>;
