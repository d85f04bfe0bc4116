/**
 * Legal deadlines (مهلت قانونی) on requests. ماده ۳۸ الف: an unjustified delay in sending documents in
 * a matter with a legal deadline is a degree-5 violation (ماده ۳۷ ب: degree 4 for matters without
 * one). So a request may carry the last day it can reach the authority, the outbox sends
 * deadline-bound requests first, and the counter warns before the day comes.
 *
 * A deadline is a Jalali calendar day (not an instant): courts count days, and «the 23rd» is the
 * 23rd in the office's calendar wherever the clock is. Today comes from `jalaliDayOf(now)` in
 * core/format/jalaliDay.ts, which already rolls over at Tehran midnight.
 *
 * Stored form: «YYYY/MM/DD». The office's one day format is «YYYY-MM-DD» (core/format/jalaliDay.ts),
 * but deadlines were stored and signed with «/» before it: the request table's CHECK (migration 0003)
 * and the signed manifest's `deadline` (core/sync/protocol.ts, kept by the central) carry it. So the
 * deadline keeps it, converted here and only here.
 */
import { formatJalaliDay, jalaliDaysBetween, parseJalaliDay } from '../format/jalaliDay';
import type { JalaliDate } from '../format/jalaliDay';

/** A deadline as stored and sent: «1404/05/23». */
export type DeadlineDay = string;

export interface DeadlineBearing {
  /** the last day the request may reach the authority, «YYYY/MM/DD»; null/absent when the matter has none */
  readonly deadline?: DeadlineDay | null;
}

/**
 * Whether the request has a legal deadline. Any non-blank deadline counts, even one that does not
 * parse: an unreadable deadline must never quietly drop a request to the back of the outbox.
 * (Entry validation — `normalizeDeadline` — keeps stored deadlines readable.)
 */
export function isDeadlineBound(request: DeadlineBearing): boolean {
  return typeof request.deadline === 'string' && request.deadline.trim() !== '';
}

/** A deadline as typed (Persian digits, - or / or .) → «YYYY/MM/DD», or null when it is no real day. */
export function normalizeDeadline(input: string): DeadlineDay | null {
  const date = parseJalaliDay(input);
  return date ? formatJalaliDay(date).replaceAll('-', '/') : null;
}

/**
 * Whole calendar days from `today` to `deadline`: 0 when the deadline is today (it can still be met),
 * 1 tomorrow, negative once it has passed. Both are Jalali days («YYYY/MM/DD», «YYYY-MM-DD» or `{ year, month, day }`
 * as `jalaliDayOf` returns); an unreadable day is a RangeError, never a silent number.
 */
export function daysLeft(deadline: DeadlineDay | JalaliDate, today: string | JalaliDate): number {
  return jalaliDaysBetween(today, deadline);
}

/**
 * A deadline as the counter typed it, checked against today's office day: the stored form, or why it
 * is refused — `invalid` (no real Jalali day) or `passed` (before today; today itself can still be met).
 */
export function checkDeadline(input: string, today: string | JalaliDate): { ok: true; deadline: DeadlineDay } | { ok: false; problem: 'invalid' | 'passed' } {
  const deadline = normalizeDeadline(input);
  if (deadline === null) return { ok: false, problem: 'invalid' };
  return daysLeft(deadline, today) < 0 ? { ok: false, problem: 'passed' } : { ok: true, deadline };
}
