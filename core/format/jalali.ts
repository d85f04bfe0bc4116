/**
 * Jalali (Persian calendar) dates and times for display, always in the office's zone.
 * Instants are stored as UTC; this is where they become Jalali text to read (the office day as a value —
 * which day, compare, add — is core/format/jalaliDay.ts). Built on Intl's
 * Persian calendar (ICU) — present in Node and Chromium alike, so no Node import here.
 */

import { OFFICE_TIME_ZONE } from './jalaliDay';

type Part = Intl.DateTimeFormatPart['type'];

const dateFormatter = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
  timeZone: OFFICE_TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

const shortDateFormatter = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
  timeZone: OFFICE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

const timeFormatter = new Intl.DateTimeFormat('fa-IR-u-nu-arabext', {
  timeZone: OFFICE_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(formatter: Intl.DateTimeFormat, instant: Date): Map<Part, string> {
  const map = new Map<Part, string>();
  for (const p of formatter.formatToParts(instant)) if (p.type !== 'literal') map.set(p.type, p.value);
  return map;
}

function toDate(instant: Date | string | number): Date {
  const d = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return d;
}

/**
 * «شنبه ۷ آذر ۱۴۰۵» — weekday, day, month name, year. ICU's own long order for fa is odd
 * («۱۴۰۵ آذر ۷, شنبه»), so the parts are composed here.
 */
export function formatJalaliDateLong(instant: Date | string | number): string {
  const p = parts(dateFormatter, toDate(instant));
  // ICU may mark the era year with a suffix; keep only digits.
  const year = (p.get('year') ?? '').replace(/[^\u06F0-\u06F9]/g, '');
  return `${p.get('weekday')} ${p.get('day')} ${p.get('month')} ${year}`;
}

/** «۱۴۰۵/۰۹/۰۷» — year/month/day, as on forms and receipts. */
export function formatJalaliDateShort(instant: Date | string | number): string {
  const p = parts(shortDateFormatter, toDate(instant));
  const year = (p.get('year') ?? '').replace(/[^\u06F0-\u06F9]/g, '');
  return `${year}/${p.get('month')}/${p.get('day')}`;
}

/** «۱۷:۰۶:۴۵» in the office's zone, 24-hour. */
export function formatTime(instant: Date | string | number, withSeconds = true): string {
  const p = parts(timeFormatter, toDate(instant));
  const hm = `${p.get('hour')}:${p.get('minute')}`;
  return withSeconds ? `${hm}:${p.get('second')}` : hm;
}

/** «۱۴۰۵/۰۹/۱۶ ۱۰:۴۲» — the day and the time in the office's zone: when something happened. */
export function formatJalaliDateTime(instant: Date | string | number, withSeconds = false): string {
  return `${formatJalaliDateShort(instant)} ${formatTime(instant, withSeconds)}`;
}
