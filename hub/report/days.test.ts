import { describe, expect, it } from 'vitest';
import { officeDay } from '../../core/format/jalaliDay';
import { dayPeriod, monthPeriod, rangePeriod } from './days';

describe('office days as UTC periods', () => {
  it('starts a day at midnight in Tehran, with or without the old daylight saving', () => {
    expect(dayPeriod('1405-09-07')).toEqual({ start: new Date('2026-11-27T20:30:00.000Z'), end: new Date('2026-11-28T20:30:00.000Z') });
    // 1399-06-01, summer time (+04:30) still in force
    expect(dayPeriod('1399-06-01')).toEqual({ start: new Date('2020-08-21T19:30:00.000Z'), end: new Date('2020-08-22T19:30:00.000Z') });
  });

  it('agrees with officeDay at both ends of every day of two years', () => {
    for (let t = Date.UTC(2020, 2, 1); t < Date.UTC(2022, 2, 1); t += 7 * 24 * 3600_000 + 3 * 3600_000) {
      const day = officeDay(t);
      const { start, end } = dayPeriod(day);
      expect([officeDay(start), officeDay(end.getTime() - 1), officeDay(start.getTime() - 1) < day, officeDay(end) > day]).toEqual([day, day, true, true]);
    }
  });

  it('refuses a day the calendar does not have, naming the field', () => {
    expect(() => dayPeriod('1404-12-30')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', fields: [{ path: 'day', reason: 'invalid_format' }] }));
    expect(dayPeriod('1403-12-30').start.toISOString()).toBe('2025-03-19T20:30:00.000Z'); // 1403 is a leap year
  });

  it('makes ranges and months', () => {
    expect(rangePeriod('1405-09-01', '1405-09-07')).toEqual({ startIso: '2026-11-21T20:30:00.000Z', endIso: '2026-11-28T20:30:00.000Z' });
    expect(() => rangePeriod('1405-09-08', '1405-09-07')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(monthPeriod('1405-12')).toMatchObject({ from: '1405-12-01', to: '1405-12-29' });
    expect(monthPeriod('1403-12')).toMatchObject({ from: '1403-12-01', to: '1403-12-30', endIso: '2025-03-20T20:30:00.000Z' });
    expect(monthPeriod('1405-06')).toMatchObject({ to: '1405-06-31' });
  });
});
