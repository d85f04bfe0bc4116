/**
 * How the manager console shows the queue's figures: Persian digits, the Persian decimal
 * separator, units in words, and «—» where there is no value (no ticket served yet, no wait
 * measured) rather than a misleading zero.
 */
import { toPersianDigits } from '../../core/text/digits';
import { fa } from '../i18n/fa';

/** «۱۲٫۵», or «—» for a missing figure. */
export function figure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return fa.managerQueue.nothing;
  return toPersianDigits(String(value).replace('.', '٫'));
}

/** «۱۲٫۵ دقیقه», or «—». */
export function minutes(value: number | null | undefined): string {
  const shown = figure(value);
  return shown === fa.managerQueue.nothing ? shown : fa.managerQueue.minutes(shown);
}

/** «۸۵٪», or «—». */
export function percent(value: number | null | undefined): string {
  const shown = figure(value);
  return shown === fa.managerQueue.nothing ? shown : fa.managerQueue.percent(shown);
}

/** Stored text (names, notes) keeps Latin digits; the screen shows Persian ones. */
export function shown(text: string): string {
  return toPersianDigits(text);
}

/** An office day `1403-12-09` as «۱۴۰۳/۱۲/۰۹». */
export function officeDayLabel(day: string): string {
  return toPersianDigits(day.replaceAll('-', '/'));
}
