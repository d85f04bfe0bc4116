import { toPersianDigits } from '../text/digits';

/** «ب-۰۴۷»: the service's prefix letter and the day's number, at least three digits. */
export function formatTicketNumber(prefix: string, number: number): string {
  return `${prefix}-${toPersianDigits(String(number).padStart(3, '0'))}`;
}

/**
 * Rough wait in minutes for someone with `ahead` people in front: the average service time so far
 * today spread over the counters open for the service. `null` when no counter serves it.
 */
export function estimateWaitMinutes(ahead: number, averageServiceMinutes: number, openCounters: number): number | null {
  if (openCounters <= 0) return null;
  return Math.ceil((ahead * averageServiceMinutes) / openCounters);
}
