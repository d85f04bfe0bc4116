import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addJalaliDays,
  compareJalaliDays,
  formatJalaliDay,
  gregorianToJalali,
  isJalaliDay,
  isJalaliLeapYear,
  isValidJalaliDate,
  jalaliDayOf,
  jalaliDaysBetween,
  jalaliEpochDay,
  jalaliMonthLength,
  jalaliOfEpochDay,
  jalaliToGregorian,
  officeDay,
  parseJalaliDay,
  readJalaliDay,
} from './jalaliDay';

const DAY_MS = 86_400_000;
const icuPersian = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });

/** ICU's Persian calendar for a UTC day — the calendar core/format/jalali.ts displays with. */
function icuJalali(epochDay: number) {
  const p = Object.fromEntries(icuPersian.formatToParts(new Date(epochDay * DAY_MS)).map((x) => [x.type, x.value]));
  return { year: parseInt(p.year!, 10), month: Number(p.month), day: Number(p.day) };
}

function gregorianOf(epochDay: number) {
  const d = new Date(epochDay * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

describe('the Jalali calendar against ICU’s Persian calendar', () => {
  // ICU's days of Jalali 1300–1499: from 1 Farvardin 1300 (1921-03-21) to the day before 1 Farvardin 1500.
  const first = Date.UTC(1921, 2, 21) / DAY_MS;
  const icuDays: { epochDay: number; jalali: { year: number; month: number; day: number } }[] = [];
  for (let d = first; ; d++) {
    const jalali = icuJalali(d);
    if (jalali.year >= 1500) break;
    icuDays.push({ epochDay: d, jalali });
  }

  it('covers every day of 1300–1499, starting at 1 Farvardin 1300', () => {
    expect(icuDays[0]!.jalali).toEqual({ year: 1300, month: 1, day: 1 });
    expect(icuDays.at(-1)!.jalali.year).toBe(1499);
    expect(icuDays.length).toBeGreaterThan(200 * 365);
  });

  it('Gregorian → Jalali and Jalali → Gregorian agree with ICU on every day', () => {
    const wrong: unknown[] = [];
    for (const { epochDay, jalali } of icuDays) {
      const g = gregorianOf(epochDay);
      const toJalali = gregorianToJalali(g);
      const toGregorian = jalaliToGregorian(jalali);
      if (toJalali.year !== jalali.year || toJalali.month !== jalali.month || toJalali.day !== jalali.day) wrong.push({ g, icu: jalali, ours: toJalali });
      if (toGregorian.year !== g.year || toGregorian.month !== g.month || toGregorian.day !== g.day) wrong.push({ jalali, icu: g, ours: toGregorian });
      if (jalaliEpochDay(jalali) !== epochDay || jalaliOfEpochDay(epochDay).day !== jalali.day) wrong.push({ jalali, epochDay });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('has ICU’s month lengths and leap years in every year 1300–1499', () => {
    const lengths = new Map<string, number>();
    for (const { jalali } of icuDays) lengths.set(`${jalali.year}-${jalali.month}`, Math.max(lengths.get(`${jalali.year}-${jalali.month}`) ?? 0, jalali.day));
    const wrong: string[] = [];
    for (let year = 1300; year <= 1499; year++) {
      for (let month = 1; month <= 12; month++) {
        if (jalaliMonthLength(year, month) !== lengths.get(`${year}-${month}`)) wrong.push(`${year}-${month}`);
      }
      if (isJalaliLeapYear(year) !== (lengths.get(`${year}-12`) === 30)) wrong.push(`leap ${year}`);
    }
    expect(wrong).toEqual([]);
    // 33-year cycles, not every fourth year: 1399 and 1403 are leap, 1400 and 1404 not, 1408 is
    expect([1399, 1400, 1403, 1404, 1407, 1408].map(isJalaliLeapYear)).toEqual([true, false, true, false, false, true]);
  });

  it('knows fixed points: 1970-01-01 is 1348/10/11, Nowruz 1405 is 2026-03-21', () => {
    expect(jalaliEpochDay({ year: 1348, month: 10, day: 11 })).toBe(0);
    expect(jalaliToGregorian({ year: 1405, month: 1, day: 1 })).toEqual({ year: 2026, month: 3, day: 21 });
    expect(gregorianToJalali({ year: 2022, month: 8, day: 14 })).toEqual({ year: 1401, month: 5, day: 23 }); // the bylaw's approval
  });

  it('refuses dates neither calendar has instead of rolling them over', () => {
    expect(() => jalaliToGregorian({ year: 1404, month: 12, day: 30 })).toThrow(RangeError);
    expect(() => gregorianToJalali({ year: 2025, month: 2, day: 29 })).toThrow(RangeError);
    expect(() => jalaliEpochDay({ year: 1404, month: 12, day: 30 })).toThrow(RangeError);
    expect(() => formatJalaliDay({ year: 1404, month: 2, day: 32 })).toThrow(RangeError);
    expect(isValidJalaliDate({ year: 1404, month: 1.5, day: 1 })).toBe(false);
  });
});

describe('the office day of an instant', () => {
  it('rolls over at Tehran midnight, not UTC midnight (UTC+03:30 since 1401)', () => {
    expect(jalaliDayOf('2026-11-28T20:29:59Z')).toEqual({ year: 1405, month: 9, day: 7 });
    expect(jalaliDayOf('2026-11-28T20:30:00Z')).toEqual({ year: 1405, month: 9, day: 8 });
    expect(officeDay('2026-11-28T20:29:59.999Z')).toBe('1405-09-07');
    expect(officeDay(new Date('2026-11-28T20:30:00.000Z'))).toBe('1405-09-08');
  });

  it('is right whatever order instants come in, though it remembers the last minute asked', () => {
    for (const [instant, day] of [
      ['2026-11-28T20:30:00.000Z', '1405-09-08'],
      ['2026-11-28T20:29:59.999Z', '1405-09-07'],
      ['2026-11-28T20:30:59.999Z', '1405-09-08'],
      ['2026-11-28T20:29:00.000Z', '1405-09-07'],
      ['2026-11-28T20:29:30.000Z', '1405-09-07'],
    ] as const) expect(officeDay(instant), instant).toBe(day);
  });

  it('rolls over at Tehran midnight under daylight saving too (UTC+04:30 in summer 1400)', () => {
    expect(officeDay('2021-07-01T19:29:59Z')).toBe('1400-04-10');
    expect(officeDay('2021-07-01T19:30:00Z')).toBe('1400-04-11');
  });

  it('turns the year at Nowruz in Tehran', () => {
    expect(officeDay('2026-03-20T20:29:59Z')).toBe('1404-12-29');
    expect(officeDay('2026-03-20T20:30:00Z')).toBe('1405-01-01');
  });

  it('agrees with ICU’s Persian calendar in Tehran at every hour of a random instant', () => {
    const tehran = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'Asia/Tehran', year: 'numeric', month: 'numeric', day: 'numeric' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        const p = Object.fromEntries(tehran.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
        expect(jalaliDayOf(t)).toEqual({ year: parseInt(p.year!, 10), month: Number(p.month), day: Number(p.day) });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an instant that is not one', () => {
    expect(() => officeDay('not a date')).toThrow(RangeError);
  });
});

describe('Jalali days as text', () => {
  it('writes «YYYY-MM-DD», zero-padded', () => {
    expect(formatJalaliDay({ year: 1404, month: 5, day: 3 })).toBe('1404-05-03');
  });

  it('reads days in Persian or Latin digits, with /, - or . between', () => {
    expect(parseJalaliDay('۱۴۰۴/۵/۲۳')).toEqual({ year: 1404, month: 5, day: 23 });
    expect(parseJalaliDay(' 1404-05-23 ')).toEqual({ year: 1404, month: 5, day: 23 });
    expect(parseJalaliDay('1404.5.3')).toEqual({ year: 1404, month: 5, day: 3 });
    expect(readJalaliDay('۱۴۰۳/۱۲/۳۰')).toBe('1403-12-30');
  });

  it.each(['1404/12/30', '1404/13/01', '1404/00/10', '1404/07/31', '1404/01/00', '140/05/23', '23/05/1404', '1404/05', '', 'فردا'])('refuses %j as a day', (text) => {
    expect(parseJalaliDay(text)).toBeNull();
    expect(readJalaliDay(text)).toBeNull();
  });

  it('isJalaliDay takes only the one text form, and only days the calendar has', () => {
    expect(isJalaliDay('1403-12-30')).toBe(true);
    expect(isJalaliDay('1404-12-30')).toBe(false);
    expect(isJalaliDay('1404/05/23')).toBe(false);
    expect(isJalaliDay('1404-5-23')).toBe(false);
    expect(isJalaliDay(14040523)).toBe(false);
  });
});

describe('Jalali day arithmetic', () => {
  it('adds days across month ends, Esfand of leap and common years, and year ends', () => {
    expect(addJalaliDays('1404-06-31', 1)).toBe('1404-07-01');
    expect(addJalaliDays('1403-12-29', 1)).toBe('1403-12-30');
    expect(addJalaliDays('1403-12-30', 1)).toBe('1404-01-01');
    expect(addJalaliDays('1404-12-29', 1)).toBe('1405-01-01');
    expect(addJalaliDays('1405-01-01', -1)).toBe('1404-12-29');
    expect(addJalaliDays({ year: 1405, month: 9, day: 7 }, 0)).toBe('1405-09-07');
  });

  it('counts and compares days, in either text form', () => {
    expect(jalaliDaysBetween('1404-12-29', '1405-01-01')).toBe(1);
    expect(jalaliDaysBetween('1403/12/29', '1404/01/01')).toBe(2);
    expect(jalaliDaysBetween('1405-09-10', '1405-09-07')).toBe(-3);
    expect(compareJalaliDays('1405-09-07', '1405-09-08')).toBe(-1);
    expect(compareJalaliDays('1405-09-07', '1405/9/7')).toBe(0);
    expect(compareJalaliDays('1406-01-01', '1405-12-29')).toBe(1);
    expect(() => jalaliDaysBetween('1404-12-30', '1405-01-01')).toThrow(RangeError);
  });

  it('adding n days and counting them back agree, and the text sorts as the days do', () => {
    fc.assert(
      fc.property(fc.integer({ min: jalaliEpochDay({ year: 1300, month: 1, day: 1 }), max: jalaliEpochDay({ year: 1499, month: 1, day: 1 }) }), fc.integer({ min: -800, max: 800 }), (n, k) => {
        const day = formatJalaliDay(jalaliOfEpochDay(n));
        const later = addJalaliDays(day, k);
        expect(jalaliDaysBetween(day, later)).toBe(k);
        expect(compareJalaliDays(day, later)).toBe(Math.sign(k) === 0 ? 0 : -Math.sign(k));
        expect(day < later).toBe(k > 0);
      }),
    );
  });
});
