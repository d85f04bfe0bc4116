import { toPersianDigits } from '../text/digits';
import { jalaliDayOf } from '../format/jalali';

/** «ب-۰۴۷»: the service's prefix letter and the day's number, at least three digits. */
export function formatTicketNumber(prefix: string, number: number): string {
  return `${prefix}-${toPersianDigits(String(number).padStart(3, '0'))}`;
}

/** The office's calendar day as `1405-09-07` (Jalali, Asia/Tehran): ticket numbers restart each day. */
export function officeDay(instant: Date | string | number): string {
  const { year, month, day } = jalaliDayOf(instant);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Rough wait in minutes for someone with `ahead` people in front: the average service time so far
 * today spread over the counters open for the service. `null` when no counter serves it.
 */
export function estimateWaitMinutes(ahead: number, averageServiceMinutes: number, openCounters: number): number | null {
  if (openCounters <= 0) return null;
  return Math.ceil((ahead * averageServiceMinutes) / openCounters);
}
