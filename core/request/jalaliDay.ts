/**
 * Jalali calendar days as plain values («1404/05/23»), and the arithmetic a deadline needs: how many
 * days lie between two of them. Display stays in core/format/jalali.ts (Intl, ICU); this file is
 * pure arithmetic so it needs no time zone and runs the same everywhere.
 *
 * The conversion is the Borkowski algorithm used by jalaali-js (valid for Jalali years −61…3177),
 * which reproduces the Iranian calendar's leap years; the tests check it against ICU's Persian
 * calendar for every day from 1900 to 2100, so a deadline counted here and a date shown by
 * core/format agree. (It belongs in core/format/ next to the display code; it lives here only
 * because this change may add files to core/request/ alone.)
 */
import { toLatinDigits } from '../text/digits';

export interface JalaliDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A calendar day as text: «YYYY/MM/DD», Latin digits, zero-padded — what storage and the wire carry. */
export type JalaliDayString = string;

const BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178] as const;
const MIN_YEAR = BREAKS[0];
const MAX_YEAR = BREAKS[BREAKS.length - 1]! - 1;

/** Integer division and remainder truncating toward zero, as the published algorithm expects. */
const div = (a: number, b: number): number => Math.trunc(a / b);
const mod = (a: number, b: number): number => a - Math.trunc(a / b) * b;

/** For a Jalali year: the Gregorian year it starts in, the March day of 1 Farvardin, and whether it is leap. */
function jalaliYearInfo(jy: number): { gy: number; march: number; leap: boolean } {
  const gy = jy + 621;
  let leapJ = -14;
  let jp: number = BREAKS[0];
  let jump = 0;
  for (let i = 1; i < BREAKS.length; i++) {
    const jm = BREAKS[i]!;
    jump = jm - jp;
    if (jy < jm) break;
    leapJ += div(jump, 33) * 8 + div(mod(jump, 33), 4);
    jp = jm;
  }
  let n = jy - jp;
  leapJ += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
  if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
  const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
  const march = 20 + leapJ - leapG;
  if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
  let leap = mod(mod(n + 1, 33) - 1, 4);
  if (leap === -1) leap = 4;
  return { gy, march, leap: leap === 0 };
}

/** Days from 1970-01-01 to a proleptic Gregorian date (civil-from-days, exact for any year). */
function gregorianEpochDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function isJalaliLeapYear(year: number): boolean {
  return jalaliYearInfo(year).leap;
}

/** Days in a Jalali month: 31 for Farvardin–Shahrivar, 30 for Mehr–Bahman, 29/30 for Esfand. */
export function jalaliMonthLength(year: number, month: number): number {
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return isJalaliLeapYear(year) ? 30 : 29;
}

export function isValidJalaliDate(date: JalaliDate): boolean {
  const { year, month, day } = date;
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= jalaliMonthLength(year, month)
  );
}

/** Days since 1970-01-01 (= 1348/10/11) of a valid Jalali date; RangeError for an invalid one. */
export function jalaliEpochDay(date: JalaliDate): number {
  if (!isValidJalaliDate(date)) throw new RangeError(`not a Jalali date: ${date.year}/${date.month}/${date.day}`);
  const { gy, march } = jalaliYearInfo(date.year);
  const m = date.month;
  return gregorianEpochDay(gy, 3, march) + (m - 1) * 31 - div(m, 7) * (m - 7) + date.day - 1;
}

/**
 * Reads «1404/05/23», «۱۴۰۴/۵/۲۳», «1404-05-23» or «1404.5.23» (year first, four digits).
 * Returns the date, or null when the text is not a real Jalali day (e.g. 1403/12/30 exists, 1404/12/30 does not).
 */
export function parseJalaliDay(text: string): JalaliDate | null {
  const m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(toLatinDigits(text).trim());
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidJalaliDate(date) ? date : null;
}

/** «1404/05/23»: the stored form. */
export function formatJalaliDay(date: JalaliDate): JalaliDayString {
  if (!isValidJalaliDate(date)) throw new RangeError(`not a Jalali date: ${date.year}/${date.month}/${date.day}`);
  return `${String(date.year).padStart(4, '0')}/${String(date.month).padStart(2, '0')}/${String(date.day).padStart(2, '0')}`;
}
