/**
 * The end of the office day (issue 19 § 5): each clerk closes their counter with their own Z (what
 * they took, what they gave back, per method) once every payment of theirs has its receipt issued;
 * then the manager closes the office day, refused while a card sale or reversal is in doubt or a
 * payment has no receipt issued — the refusal's `ref` names which (receipt or request numbers).
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { staff } from './request-types';
import * as s from './schemas';


const rials = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().nonnegative();
const counterId = z.number().int().positive().max(1_000_000_000);
const sum = z.object({ count, amountRials: rials });
const methods = ['pcpos', 'manual'] as const;

/** One clerk's Z for the office day at one counter: takings and refunds per method, and what blocks closing. */
export const counterZ = z.object({
  day: z.string(),
  counterId,
  staffId: z.number().int(),
  name: z.string(),
  taken: sum.extend({ byMethod: z.array(sum.extend({ method: z.enum(methods) })) }),
  refunded: sum.extend({ byMethod: z.array(sum.extend({ method: z.enum(methods) })) }),
  /** taken less refunded */
  netRials: z.number().int(),
  /** receipts of the clerk's payments today never issued to the applicant («۱۴۰۵/۰۰۰۰۱۲»): must be none to close */
  unreceipted: z.array(z.object({ year: z.number().int(), number: z.number().int() })),
  /** when the clerk closed this counter today; null while open */
  closedAt: s.isoInstant.nullable(),
});
export type CounterZ = z.infer<typeof counterZ>;

/** Today's office day as the manager sees it before closing: closed or not, by whom, and how many counters closed with their Z. */
export const officeDayStatus = z.object({
  day: z.string(),
  /** when the manager closed the office day; null while open */
  closedAt: s.isoInstant.nullable(),
  /** the display name of who closed it; null while open */
  closedBy: z.string().nullable(),
  /** counters closed today with their clerk's Z */
  countersClosed: count,
});
export type OfficeDayStatus = z.infer<typeof officeDayStatus>;

export const dayProcedures = {
  'day.counterZ': procedure({
    summary: "The caller's Z for today at their counter: takings and refunds per method, and receipts not yet issued.",
    access: staff,
    input: z.object({ counterId }).strict(),
    output: counterZ,
  }),
  'day.closeCounter': procedure({
    summary: "Close the caller's counter for the office day with their Z; refused while a payment of theirs today has no receipt issued.",
    access: staff,
    input: z.object({ counterId }).strict(),
    output: counterZ,
  }),
  'day.status': procedure({
    summary: "Today's office day (manager): whether it is closed, when and by whom, and how many counters closed with their Z.",
    access: ['manager'],
    input: z.object({}).strict(),
    output: officeDayStatus,
  }),
  'day.closeOffice': procedure({
    summary: 'Close the office day (manager): refused while a card sale or reversal is in doubt or a payment has no receipt issued, naming which.',
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({ day: z.string(), closedAt: s.isoInstant, counters: z.array(counterZ) }),
  }),
} satisfies Record<string, ProcedureDef>;
