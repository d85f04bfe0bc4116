import { describe, expect, it } from 'vitest';
import { formatJalaliDateLong, formatJalaliDateShort, formatTime } from './jalali';
import { jalaliDayOf } from './jalaliDay';

describe('Jalali formatting in the office zone', () => {
  // 2026-11-28 14:00 UTC is 17:30 in Tehran (UTC+03:30, no DST since 1401), Saturday 7 Azar 1405.
  const instant = '2026-11-28T14:00:00.000Z';

  it('writes the long date as weekday, day, month, year with Persian digits', () => {
    expect(formatJalaliDateLong(instant)).toBe('شنبه ۷ آذر ۱۴۰۵');
  });

  it('writes the short date as year/month/day', () => {
    expect(formatJalaliDateShort(instant)).toBe('۱۴۰۵/۰۹/۰۷');
  });

  it('shows time in Asia/Tehran, 24-hour, whatever the machine zone', () => {
    expect(formatTime(instant)).toBe('۱۷:۳۰:۰۰');
    expect(formatTime('2026-11-28T21:15:09Z', false)).toBe('۰۰:۴۵');
  });

  it('rolls the office day over at Tehran midnight, not UTC midnight', () => {
    expect(jalaliDayOf('2026-11-28T20:29:59Z')).toEqual({ year: 1405, month: 9, day: 7 });
    expect(jalaliDayOf('2026-11-28T20:30:00Z')).toEqual({ year: 1405, month: 9, day: 8 });
  });

  it('knows Nowruz: 1 Farvardin 1405 is 21 March 2026', () => {
    expect(formatJalaliDateShort('2026-03-21T08:00:00Z')).toBe('۱۴۰۵/۰۱/۰۱');
    expect(formatJalaliDateShort('2026-03-20T08:00:00Z')).toBe('۱۴۰۴/۱۲/۲۹');
  });

  it('refuses an invalid instant instead of printing «Invalid Date»', () => {
    expect(() => formatTime('not a date')).toThrow(RangeError);
  });
});
