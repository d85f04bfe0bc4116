/**
 * Satisfaction (ماده ۱۸): the applicant rates the service once it ended — on the screen facing them
 * at the counter, or at the kiosk by the ticket's number — and the manager sees the ratings summed
 * by service, counter and day. Only an applicant's screen or the kiosk may answer (a staff session
 * is FORBIDDEN); nobody reads an answer one by one, the manager included.
 */
import { z } from 'zod';
import { RATING_MAX, RATING_MIN, RATING_REASON_TEXT_MAX, RATING_WINDOW_MINUTES, ratingReasons } from '../feedback/rating';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { reportDay } from './report';
import * as s from './schemas';

const id = z.number().int().positive().max(1_000_000_000);
const count = z.number().int().nonnegative();

export const ratingScore = z.number().int().min(RATING_MIN).max(RATING_MAX);
export const ratingReason = z
  .object({
    code: z.enum(ratingReasons),
    /** only with «other» (and required there) */
    text: s.freeText({ min: 1, max: RATING_REASON_TEXT_MAX }).optional(),
  })
  .strict();

/** A ticket the applicant may rate now: its number as printed and the service it was for. */
const ratable = z.object({ ticketId: z.string().uuid(), display: z.string(), serviceName: z.string(), windowMinutes: z.literal(RATING_WINDOW_MINUTES) });

/** Counts and the average of a group of ratings; `distribution[i]` is how many gave score i + 1. */
export const ratingTally = z.object({
  count,
  /** mean score, two decimals; null for no ratings */
  average: z.number().nullable(),
  distribution: z.array(count).length(RATING_MAX),
});
export type RatingTally = z.infer<typeof ratingTally>;

export const ratingSummary = z.object({
  from: z.string(),
  to: z.string(),
  overall: ratingTally,
  byService: z.array(ratingTally.extend({ serviceId: id, serviceName: z.string() })),
  byCounter: z.array(ratingTally.extend({ counterId: id, counterNumber: z.number().int() })),
  byDay: z.array(ratingTally.extend({ day: z.string() })),
  /** why the low scores were low: how many chose each reason */
  reasons: z.array(z.object({ code: z.enum(ratingReasons), count })),
});
export type RatingSummary = z.infer<typeof ratingSummary>;

export const ratingProcedures = {
  'rating.pending': procedure({
    summary: "The ticket this applicant screen's counter finished last, if it may still be rated here (within the window, not rated yet); else null.",
    access: ['applicant'],
    input: z.object({ counterId: id }).strict(),
    output: z.object({ ticket: ratable.nullable() }),
  }),
  'rating.submitAtScreen': procedure({
    summary: "The applicant rates the service just ended at this screen's counter (once per ticket, within the window); below 3 with one reason.",
    access: ['applicant'],
    input: z.object({ counterId: id, ticketId: z.string().uuid(), score: ratingScore, reason: ratingReason.optional() }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),
  'rating.findAtKiosk': procedure({
    summary: "The kiosk finds today's served ticket by the number printed on it (its service's letter and the number), if it may still be rated.",
    access: ['kiosk'],
    input: z.object({ prefix: s.freeText({ min: 1, max: 3 }), number: s.digits(1, 4) }).strict(),
    output: ratable,
  }),
  'rating.submitAtKiosk': procedure({
    summary: 'The applicant rates a served ticket at the kiosk (once per ticket, within the window); below 3 with one reason.',
    access: ['kiosk'],
    input: z.object({ ticketId: z.string().uuid(), score: ratingScore, reason: ratingReason.optional() }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),
  'rating.summary': procedure({
    summary: 'The ratings of a range of office days, summed by service, counter and day, with the reasons for low scores (manager only; never one answer alone).',
    access: ['manager'],
    input: z.object({ from: reportDay, to: reportDay }).strict(),
    output: ratingSummary,
  }),
} satisfies Record<string, ProcedureDef>;
