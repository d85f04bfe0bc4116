/**
 * Legal deadlines (مهلت قانونی) on requests. ماده ۳۸ الف: an unjustified delay in sending documents in
 * a matter with a legal deadline is a degree-5 violation (ماده ۳۷ ب: degree 4 for matters without
 * one). So a request may carry the last day it can reach the authority, the outbox sends
 * deadline-bound requests first, and the counter warns before the day comes.
 *
 * A deadline is a Jalali calendar day (not an instant): courts count days, and «the 23rd» is the
 * 23rd in the office's calendar wherever the clock is. Today comes from `jalaliDayOf(now)` in
 * core/format/jalali.ts, which already rolls over at Tehran midnight.
 */
import { formatJalaliDay, jalaliEpochDay, parseJalaliDay } from './jalaliDay';
import type { JalaliDate, JalaliDayString } from './jalaliDay';

export interface DeadlineBearing {
  /** the last day the request may reach the authority, «YYYY/MM/DD»; null/absent when the matter has none */
  readonly deadline?: JalaliDayString | null;
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
export function normalizeDeadline(input: string): JalaliDayString | null {
  const date = parseJalaliDay(input);
  return date ? formatJalaliDay(date) : null;
}

function toDate(day: JalaliDayString | JalaliDate): JalaliDate {
  if (typeof day !== 'string') return day;
  const date = parseJalaliDay(day);
  if (!date) throw new RangeError(`not a Jalali day: ${day}`);
  return date;
}

/**
 * Whole calendar days from `today` to `deadline`: 0 when the deadline is today (it can still be met),
 * 1 tomorrow, negative once it has passed. Both are Jalali days («YYYY/MM/DD» or `{ year, month, day }`
 * as `jalaliDayOf` returns); an unreadable day is a RangeError, never a silent number.
 */
export function daysLeft(deadline: JalaliDayString | JalaliDate, today: JalaliDayString | JalaliDate): number {
  return jalaliEpochDay(toDate(deadline)) - jalaliEpochDay(toDate(today));
}

/**
 * A deadline as the counter typed it, checked against today's office day: the stored form, or why it
 * is refused — `invalid` (no real Jalali day) or `passed` (before today; today itself can still be met).
 */
export function checkDeadline(input: string, today: JalaliDayString | JalaliDate): { ok: true; deadline: JalaliDayString } | { ok: false; problem: 'invalid' | 'passed' } {
  const deadline = normalizeDeadline(input);
  if (deadline === null) return { ok: false, problem: 'invalid' };
  return daysLeft(deadline, today) < 0 ? { ok: false, problem: 'passed' } : { ok: true, deadline };
}
