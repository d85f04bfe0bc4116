import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJalaliDay, isJalaliLeapYear, isValidJalaliDate, jalaliEpochDay, jalaliMonthLength, parseJalaliDay } from './jalaliDay';

const DAY_MS = 86_400_000;
const icu = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });

/** ICU's Persian calendar for a UTC day — the calendar core/format/jalali.ts displays with. */
function icuJalali(epochDay: number) {
  const p = Object.fromEntries(icu.formatToParts(new Date(epochDay * DAY_MS)).map((x) => [x.type, x.value]));
  return { year: parseInt(p.year!, 10), month: Number(p.month), day: Number(p.day) };
}

describe('Jalali days', () => {
  it('knows fixed points: 1970-01-01 is 1348/10/11, Nowruz 1405 is 2026-03-21', () => {
    expect(jalaliEpochDay({ year: 1348, month: 10, day: 11 })).toBe(0);
    expect(jalaliEpochDay({ year: 1405, month: 1, day: 1 })).toBe(Date.UTC(2026, 2, 21) / DAY_MS);
    expect(jalaliEpochDay({ year: 1401, month: 5, day: 23 })).toBe(Date.UTC(2022, 7, 14) / DAY_MS); // the bylaw's approval
  });

  it('agrees with ICU’s Persian calendar on every day from 1900 to 2100', () => {
    const start = Date.UTC(1900, 0, 1) / DAY_MS;
    const end = Date.UTC(2100, 0, 1) / DAY_MS;
    for (let d = start; d < end; d++) {
      const date = icuJalali(d);
      if (jalaliEpochDay(date) !== d) expect({ date, epochDay: jalaliEpochDay(date) }).toEqual({ date, epochDay: d });
    }
  });

  it('has 30 days in Esfand only in leap years: 1399 and 1403 are leap, 1400 and 1404 are not', () => {
    expect([1399, 1400, 1403, 1404].map(isJalaliLeapYear)).toEqual([true, false, true, false]);
    expect(jalaliMonthLength(1403, 12)).toBe(30);
    expect(jalaliMonthLength(1404, 12)).toBe(29);
    expect(jalaliMonthLength(1404, 6)).toBe(31);
    expect(jalaliMonthLength(1404, 7)).toBe(30);
  });

  it('reads days in Persian or Latin digits, with /, - or . between, and writes them zero-padded', () => {
    expect(parseJalaliDay('۱۴۰۴/۵/۲۳')).toEqual({ year: 1404, month: 5, day: 23 });
    expect(parseJalaliDay(' 1404-05-23 ')).toEqual({ year: 1404, month: 5, day: 23 });
    expect(parseJalaliDay('1404.5.3')).toEqual({ year: 1404, month: 5, day: 3 });
    expect(formatJalaliDay({ year: 1404, month: 5, day: 3 })).toBe('1404/05/03');
  });

  it.each(['1404/12/30', '1404/13/01', '1404/00/10', '1404/07/31', '1404/01/00', '140/05/23', '23/05/1404', '1404/05', '', 'فردا'])(
    'refuses %j as a day',
    (text) => {
      expect(parseJalaliDay(text)).toBeNull();
    },
  );

  it('refuses to count or format an impossible date instead of rolling it over', () => {
    expect(() => jalaliEpochDay({ year: 1404, month: 12, day: 30 })).toThrow(RangeError);
    expect(() => formatJalaliDay({ year: 1404, month: 2, day: 32 })).toThrow(RangeError);
    expect(isValidJalaliDate({ year: 1404, month: 1.5, day: 1 })).toBe(false);
  });

  it('counts consecutive days as one apart, across month and year ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1950, 0, 1) / DAY_MS, max: Date.UTC(2090, 0, 1) / DAY_MS }), (d) => {
        const today = parseJalaliDay(formatJalaliDay(icuJalali(d)))!;
        const tomorrow = icuJalali(d + 1);
        expect(jalaliEpochDay(tomorrow) - jalaliEpochDay(today)).toBe(1);
      }),
    );
  });
});
