/**
 * Anonymous complaints and reports about the office (ماده ۲۰): typed at the kiosk or on the
 * applicant's screen, sealed at once for the Center (docs/SYNC-PROTOCOL.md § Complaints) and queued
 * for delivery. The office sees how many were queued and delivered per day — never a text — and can
 * neither delete nor hold one.
 */
import { z } from 'zod';
import { COMPLAINT_TEXT_MAX, COMPLAINT_TEXT_MIN } from '../feedback/complaint';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import * as s from './schemas';

const count = z.number().int().nonnegative();

export const complaintProcedures = {
  'complaint.submit': procedure({
    summary:
      'A complaint or report about the office, without identity, from the kiosk or an applicant screen: sealed for the Center and queued; nothing of it the office can read, nor when it came in finer than the day.',
    access: ['kiosk', 'applicant'],
    input: z.object({ text: s.freeText({ min: COMPLAINT_TEXT_MIN, max: COMPLAINT_TEXT_MAX, multiline: true }) }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),
  'complaint.status': procedure({
    summary: 'Whether complaints can be taken now (the Center published its key), for the kiosk and applicant screens to offer the button.',
    access: ['kiosk', 'applicant', 'manager'],
    input: z.object({}).strict(),
    output: z.object({ accepting: z.boolean() }),
  }),
  'complaint.days': procedure({
    summary: 'How many complaints were queued and how many delivered to the Center, per office day (manager only; never a text).',
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({ days: z.array(z.object({ day: z.string(), queued: count, delivered: count })), accepting: z.boolean() }),
  }),
} satisfies Record<string, ProcedureDef>;
