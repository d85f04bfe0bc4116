/**
 * Versioned figures (office tariff tables, judicial-cost schedules) are keyed by the Jalali office
 * day they take effect, in the office day's one text form (core/format/jalaliDay.ts, `officeDay()`):
 * `'1403-01-01'` (Jalali, Asia/Tehran). Zero-padded, so days compare as strings. A version is in
 * force from its day (inclusive) until the next version's day (exclusive).
 */
import { isJalaliDay } from '../format/jalaliDay';
import { TariffOverlapError } from './errors';

/**
 * Whether `day` is a Jalali office day 'YYYY-MM-DD'. The year must be 1300–1499 so that a
 * Gregorian date ('2024-03-20') is refused instead of silently sorting after every Jalali one.
 * The day must be one the calendar has: 30 Esfand only in a leap year.
 */
export function isOfficeDay(day: unknown): day is string {
  if (!isJalaliDay(day)) return false;
  const year = Number(day.slice(0, 4));
  return year >= 1300 && year <= 1499;
}

export interface Versioned {
  readonly id: string;
  readonly effectiveFrom: string;
}

/** Refuses two versions with the same id or the same effective day: one would overwrite the other. */
export function assertNoOverlap(versions: readonly Versioned[], what: string): void {
  const ids = new Set<string>();
  const days = new Map<string, string>();
  for (const v of versions) {
    if (ids.has(v.id)) throw new TariffOverlapError(`two ${what} have the id ${v.id}`);
    ids.add(v.id);
    const other = days.get(v.effectiveFrom);
    if (other !== undefined) throw new TariffOverlapError(`${what} ${other} and ${v.id} both take effect on ${v.effectiveFrom}`);
    days.set(v.effectiveFrom, v.id);
  }
}

/** Oldest first; a new array. */
export function byEffectiveDay<T extends Versioned>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
}

/** The version in force on `day` (the latest one taking effect on or before it), or undefined. */
export function versionInForce<T extends Versioned>(versions: readonly T[], day: string): T | undefined {
  let found: T | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= day && (found === undefined || v.effectiveFrom > found.effectiveFrom)) found = v;
  }
  return found;
}
