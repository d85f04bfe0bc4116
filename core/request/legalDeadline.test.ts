import { describe, expect, it } from 'vitest';
import { jalaliDayOf } from '../format/jalaliDay';
import { checkDeadline, daysLeft, isDeadlineBound, normalizeDeadline } from './legalDeadline';

describe('legal deadlines', () => {
  it('counts whole days: 0 on the day itself, positive before, negative after', () => {
    expect(daysLeft('1404/05/23', '1404/05/23')).toBe(0);
    expect(daysLeft('1404/05/23', '1404/05/20')).toBe(3);
    expect(daysLeft('1404/05/20', '1404/05/23')).toBe(-3);
  });

  it('counts across month lengths and leap Esfand', () => {
    expect(daysLeft('1404/07/01', '1404/06/31')).toBe(1); // Shahrivar has 31 days
    expect(daysLeft('1404/01/01', '1403/12/30')).toBe(1); // 1403 is leap
    expect(daysLeft('1405/01/01', '1404/12/29')).toBe(1); // 1404 is not
    expect(daysLeft('1405/01/01', '1404/01/01')).toBe(365);
    expect(daysLeft('1404/01/01', '1403/01/01')).toBe(366);
  });

  it('takes today as jalaliDayOf gives it, so the day rolls over at Tehran midnight', () => {
    // 2026-11-28T20:29:59Z is still 1405/09/07 in Tehran; a second later it is the 8th.
    expect(daysLeft('1405/09/10', jalaliDayOf('2026-11-28T20:29:59Z'))).toBe(3);
    expect(daysLeft('1405/09/10', jalaliDayOf('2026-11-28T20:30:00Z'))).toBe(2);
  });

  it('reads deadlines typed in Persian digits and with dashes', () => {
    expect(daysLeft('۱۴۰۴-۰۵-۲۳', '۱۴۰۴/۰۵/۲۲')).toBe(1);
    expect(normalizeDeadline('۱۴۰۴/۵/۲۳')).toBe('1404/05/23');
    expect(normalizeDeadline('1404/12/30')).toBeNull();
  });

  it('throws on an unreadable day rather than returning a number', () => {
    expect(() => daysLeft('1404/12/30', '1404/01/01')).toThrow(RangeError);
    expect(() => daysLeft('1404/05/23', 'today')).toThrow(RangeError);
  });

  it('treats any non-blank deadline as bound, even one it cannot read, so nothing slips to the back of the outbox', () => {
    expect(isDeadlineBound({ deadline: '1404/05/23' })).toBe(true);
    expect(isDeadlineBound({ deadline: '1404/13/40' })).toBe(true);
    expect(isDeadlineBound({ deadline: '  ' })).toBe(false);
    expect(isDeadlineBound({ deadline: null })).toBe(false);
    expect(isDeadlineBound({})).toBe(false);
  });
});

describe('checkDeadline', () => {
  it('takes today and later, in any digits, and refuses a day already past', () => {
    expect(checkDeadline('۱۴۰۵/۰۹/۱۵', '1405-09-15')).toEqual({ ok: true, deadline: '1405/09/15' });
    expect(checkDeadline('1405/9/16', '1405/09/15')).toEqual({ ok: true, deadline: '1405/09/16' });
    expect(checkDeadline('۱۴۰۵/۰۹/۱۴', '1405-09-15')).toEqual({ ok: false, problem: 'passed' });
    // across the year: Esfand's last day is before 1 Farvardin
    expect(checkDeadline('1404/12/29', '1405-01-01')).toEqual({ ok: false, problem: 'passed' });
  });

  it('calls a day not in the calendar invalid, not passed', () => {
    expect(checkDeadline('1405/12/30', '1405-01-01')).toEqual({ ok: false, problem: 'invalid' });
    expect(checkDeadline('فردا', '1405-01-01')).toEqual({ ok: false, problem: 'invalid' });
  });
});
