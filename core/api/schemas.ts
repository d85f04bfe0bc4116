/** Field schemas shared by several procedures. Input is normalised (digits, Arabic letters) before it is checked. */
import { z } from 'zod';
import { normalizeInput } from '../text/digits';
import { folderPath, freeText } from '../text/freeText';
import { staffRoles, deviceRoles } from '../roles';

/** Every free-text field (names, reasons, notes, titles): one rule, core/text/freeText.ts. */
export { freeText };
/** A folder on the hub's PC (kept as typed; controls and invisible characters refused): core/text/freeText.ts. */
export { folderPath };

/** Digits typed in any script; stored in Latin digits. */
export function digits(min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? normalizeInput(v) : v),
    z.string().regex(new RegExp(`^[0-9]{${min},${max}}$`), { message: 'invalid_format' }),
  );
}

export const username = z.preprocess(
  (v) => (typeof v === 'string' ? normalizeInput(v).toLowerCase() : v),
  z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/, { message: 'invalid_format' }),
);

/** Passwords are never normalised or trimmed: what was typed is what is hashed. */
export const password = z.string().min(1).max(256);

/** A 6-digit one-time code from an authenticator app (TOTP), typed in Persian, Arabic or Latin digits. */
export const otp = digits(6, 6);

/** Policy for new passwords (the security issue will extend it). */
export const newPassword = z.string().min(8, { message: 'too_short' }).max(256);

export const isoInstant = z.iso.datetime({ offset: false });

export const staffRole = z.enum(staffRoles);
export const deviceRole = z.enum(deviceRoles);

export const office = z.object({
  name: freeText({ min: 2, max: 120 }),
  /** the office code the judiciary's centre assigned (کد دفتر) */
  code: digits(3, 10),
  city: freeText({ min: 2, max: 60 }),
});

export const principal = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    userId: z.number().int().positive(),
    username: z.string(),
    displayName: z.string(),
    role: staffRole,
  }),
  z.object({
    kind: z.literal('device'),
    role: deviceRole,
    /** the counter an applicant's screen faces, chosen when its session was opened; absent until it has chosen */
    counterId: z.number().int().positive().optional(),
  }),
]);
export type Principal = z.infer<typeof principal>;
