/**
 * Jalali office days (Asia/Tehran) as UTC periods, for queries over instants stored in UTC. Exact to
 * the minute whatever the zone's history (Iran kept daylight saving until 1401): the boundaries are
 * found with core's own `officeDay`, never by a fixed offset.
 */
import { DomainError } from '../../core/errors';
import { officeDay } from '../../core/format/jalaliDay';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 1400-01-01 at 12:00 in Tehran (+03:30) */
const ANCHOR = Date.UTC(2021, 2, 21, 8, 30);

/** Some instant of the office day `1405-09-07`, or null for a day the calendar does not have (1403-12-30). */
function instantOf(day: string): number | null {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const approx = (y - 1400) * 365.2422 + (m <= 7 ? (m - 1) * 31 : 186 + (m - 7) * 30) + (d - 1);
  let t = ANCHOR + Math.round(approx) * DAY;
  for (let i = 0; i < 4; i++) {
    const at = officeDay(t);
    if (at === day) return t;
    t += at < day ? DAY : -DAY;
  }
  return officeDay(t) === day ? t : null;
}

/** The first minute in [lo, hi] whose office day is not `before`'s (lo is in it, hi is not). */
function boundary(lo: number, hi: number, inside: (t: number) => boolean): number {
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (inside(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The office day `day` as `[start, end)`; INVALID_INPUT (on `field`) for a day the calendar does not have. */
export function dayPeriod(day: string, field = 'day'): { start: Date; end: Date } {
  const t = instantOf(day);
  if (t === null) throw new DomainError('INVALID_INPUT', `${day} is not a day of the Jalali calendar`, { fields: [{ path: field, reason: 'invalid_format' }] });
  // t is near noon: 30 hours either side is surely another day
  const start = boundary(t - 30 * HOUR, t, (x) => officeDay(x) < day);
  const end = boundary(t, t + 30 * HOUR, (x) => officeDay(x) === day);
  return { start: new Date(start), end: new Date(end) };
}

/** Office days `from`…`to` inclusive as one UTC period; `to` before `from` is INVALID_INPUT. */
export function rangePeriod(from: string, to: string): { startIso: string; endIso: string } {
  const a = dayPeriod(from, 'from');
  const b = dayPeriod(to, 'to');
  if (b.end <= a.start) throw new DomainError('INVALID_INPUT', 'the range ends before it starts', { fields: [{ path: 'to', reason: 'before_from' }] });
  return { startIso: a.start.toISOString(), endIso: b.end.toISOString() };
}

/** The Jalali month `1405-09`: its first and last office days and its UTC period. */
export function monthPeriod(month: string): { from: string; to: string; startIso: string; endIso: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = `${month}-01`;
  const start = dayPeriod(from, 'month').start;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const end = dayPeriod(next, 'month').start;
  return { from, to: officeDay(end.getTime() - MINUTE), startIso: start.toISOString(), endIso: end.toISOString() };
}
