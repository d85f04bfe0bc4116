/**
 * The Jalali calendar day — the office's one notion of «which day» — in one place: the office day of
 * an instant (Asia/Tehran), one text form, reading what people type, comparing, adding days, month
 * lengths with the real leap years, and Gregorian ⇄ Jalali.
 *
 * The text form is «YYYY-MM-DD» (Latin digits, zero-padded, so days compare as strings): what the
 * database keeps for ticket and request days and tariff versions, and what the central protocol
 * carries. Persian digits and «/» appear only at the edges (`core/format/jalali.ts` for display).
 * One stored form predates this module: a request's legal deadline is kept and signed as
 * «YYYY/MM/DD» (core/request/legalDeadline.ts converts at that edge).
 *
 * The calendar arithmetic is Borkowski's algorithm (as published with jalaali-js; valid for Jalali
 * years −61…3177), which reproduces the Iranian calendar's leap years. The tests check it against
 * ICU's Persian calendar for every day of 1300–1499, the calendar Intl displays with. The time zone
 * comes from Intl (ICU's tz data, present in Node and browsers): Tehran kept daylight saving until
 * 1401, so no fixed offset would do.
 */
import { toLatinDigits } from '../text/digits';

/** The office's time zone: a day starts at midnight here, wherever the clock is. */
export const OFFICE_TIME_ZONE = 'Asia/Tehran';

export interface JalaliDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface GregorianDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A Jalali day as text: «1405-09-07» (Latin digits, zero-padded). */
export type JalaliDay = string;

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

/** Days from 1970-01-01 to a proleptic Gregorian date (days-from-civil, exact for any year). */
function gregorianEpochDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The proleptic Gregorian date of a count of days from 1970-01-01 (civil-from-days). */
function gregorianOfEpochDay(n: number): GregorianDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

// ---------------------------------------------------------------------------------------------
// The calendar

export function isJalaliLeapYear(year: number): boolean {
  return jalaliYearInfo(year).leap;
}

/** Days in a Jalali month: 31 for Farvardin–Shahrivar, 30 for Mehr–Bahman, 29 for Esfand (30 in a leap year). */
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

function assertValid(date: JalaliDate): void {
  if (!isValidJalaliDate(date)) throw new RangeError(`not a Jalali date: ${date.year}/${date.month}/${date.day}`);
}

/** Days since 1970-01-01 (= 1348/10/11) of a valid Jalali date; RangeError for an invalid one. */
export function jalaliEpochDay(date: JalaliDate): number {
  assertValid(date);
  const { gy, march } = jalaliYearInfo(date.year);
  const m = date.month;
  return gregorianEpochDay(gy, 3, march) + (m - 1) * 31 - div(m, 7) * (m - 7) + date.day - 1;
}

/** The Jalali date `n` days after 1970-01-01. */
export function jalaliOfEpochDay(n: number): JalaliDate {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole day: ${n}`);
  const g = gregorianOfEpochDay(n);
  let year = g.year - 621;
  let start = gregorianEpochDay(g.year, 3, jalaliYearInfo(year).march);
  if (n < start) {
    year -= 1;
    start = gregorianEpochDay(g.year - 1, 3, jalaliYearInfo(year).march);
  }
  const dayOfYear = n - start; // 0-based
  if (dayOfYear < 186) return { year, month: div(dayOfYear, 31) + 1, day: mod(dayOfYear, 31) + 1 };
  const rest = dayOfYear - 186;
  return { year, month: div(rest, 30) + 7, day: mod(rest, 30) + 1 };
}

export function jalaliToGregorian(date: JalaliDate): GregorianDate {
  return gregorianOfEpochDay(jalaliEpochDay(date));
}

export function gregorianToJalali(date: GregorianDate): JalaliDate {
  const { year, month, day } = date;
  const valid = Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1;
  const n = valid ? gregorianEpochDay(year, month, day) : NaN;
  // refuse 2025-02-30 instead of rolling it into March
  if (!valid || gregorianOfEpochDay(n).day !== day) throw new RangeError(`not a Gregorian date: ${year}-${month}-${day}`);
  return jalaliOfEpochDay(n);
}

// ---------------------------------------------------------------------------------------------
// The office day of an instant

const tehranGregorian = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  era: 'short',
});

function toInstant(instant: Date | string | number): Date {
  const d = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return d;
}

/** The office's calendar day (Jalali, Asia/Tehran) of an instant, as numbers. */
export function jalaliDayOf(instant: Date | string | number): JalaliDate {
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of tehranGregorian.formatToParts(toInstant(instant))) p[part.type] = part.value;
  const y = Number(p.year);
  const year = p.era === 'BC' || p.era === 'B' ? 1 - y : y;
  return gregorianToJalali({ year, month: Number(p.month), day: Number(p.day) });
}

/** The office's calendar day of an instant as text, «1405-09-07»: ticket numbers restart on it, reports and tariffs go by it. */
export function officeDay(instant: Date | string | number): JalaliDay {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  // The hub asks several times for every call: the last answer holds for the rest of its minute, as
  // Tehran's offset has been whole minutes since 1946 (before it, local mean time: +3:25:44).
  const minute = ms >= WHOLE_MINUTE_OFFSETS_SINCE ? Math.floor(ms / 60_000) : NaN;
  if (lastDay && lastDay.minute === minute) return lastDay.day;
  const day = formatJalaliDay(jalaliDayOf(instant));
  if (Number.isFinite(minute)) lastDay = { minute, day };
  return day;
}
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1946, 0, 1);
let lastDay: { minute: number; day: JalaliDay } | null = null;

// ---------------------------------------------------------------------------------------------
// Text

const STRICT = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOOSE = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/;

/** «1405-09-07»; RangeError for a day the calendar does not have. */
export function formatJalaliDay(date: JalaliDate): JalaliDay {
  assertValid(date);
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/**
 * Reads a day as people type it: «1404/05/23», «۱۴۰۴/۵/۲۳», «1404-05-23» or «1404.5.23» (year first,
 * four digits). Null when the text is no real Jalali day (1403/12/30 exists, 1404/12/30 does not).
 */
export function parseJalaliDay(text: string): JalaliDate | null {
  const m = LOOSE.exec(toLatinDigits(text).trim());
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidJalaliDate(date) ? date : null;
}

/** A day as typed → «1404-05-23», or null when it is no real day. */
export function readJalaliDay(text: string): JalaliDay | null {
  const date = parseJalaliDay(text);
  return date ? formatJalaliDay(date) : null;
}

/** Whether `text` is a day in the one text form, «YYYY-MM-DD», and the calendar has it. */
export function isJalaliDay(text: unknown): text is JalaliDay {
  if (typeof text !== 'string') return false;
  const m = STRICT.exec(text);
  return m !== null && isValidJalaliDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
}

function dateOf(day: JalaliDay | JalaliDate): JalaliDate {
  if (typeof day !== 'string') return day;
  const date = parseJalaliDay(day);
  if (!date) throw new RangeError(`not a Jalali day: ${day}`);
  return date;
}

/** Whole days from `from` to `to` (negative when `to` is earlier); RangeError for an unreadable day. */
export function jalaliDaysBetween(from: JalaliDay | JalaliDate, to: JalaliDay | JalaliDate): number {
  return jalaliEpochDay(dateOf(to)) - jalaliEpochDay(dateOf(from));
}

/** −1, 0 or 1 as `a` is before, the same as or after `b` (a sort comparator). */
export function compareJalaliDays(a: JalaliDay | JalaliDate, b: JalaliDay | JalaliDate): -1 | 0 | 1 {
  return Math.sign(jalaliDaysBetween(b, a)) as -1 | 0 | 1;
}

/** The day `days` after (before, when negative) `day`, across month and year ends. */
export function addJalaliDays(day: JalaliDay | JalaliDate, days: number): JalaliDay {
  if (!Number.isInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  return formatJalaliDay(jalaliOfEpochDay(jalaliEpochDay(dateOf(day)) + days));
}
