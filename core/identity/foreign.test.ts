import { describe, expect, it } from 'vitest';
import { normalizeForeignNationalId, normalizePassportNumber } from './foreign';

describe('normalizePassportNumber', () => {
  it.each([
    ['P01234567', 'P01234567'],
    ['p01234567', 'P01234567'],
    [' ab 123-456 ', 'AB123456'],
    ['123456789', '123456789'], // all digits, as US passports
    ['X۱۲۳۴۵۶۷', 'X1234567'], // digits typed on a Persian keyboard
    ['A12345', 'A12345'], // 6 characters
    ['A1234567890BCDE', 'A1234567890BCDE'], // 15 characters
  ])('normalises %j to %s', (input, expected) => {
    expect(normalizePassportNumber(input)).toBe(expected);
  });

  it.each([
    ['A1234', 'five characters'],
    ['A1234567890BCDEF', 'sixteen characters'],
    ['ABCDEFGH', 'no digit: a name in the wrong field'],
    ['000000', 'one repeated character'],
    ['AB#12345', 'a symbol'],
    ['پ۱۲۳۴۵۶۷', 'a Persian letter'],
    ['', 'empty input'],
  ])('refuses %j (%s)', (input) => {
    expect(normalizePassportNumber(input)).toBeNull();
  });
});

describe('normalizeForeignNationalId', () => {
  it('accepts twelve digits in any script, with spaces and dashes', () => {
    expect(normalizeForeignNationalId('123456789012')).toBe('123456789012');
    expect(normalizeForeignNationalId('۱۲۳۴۵۶۷۸۹۰۱۲')).toBe('123456789012');
    expect(normalizeForeignNationalId('1234-5678-9012')).toBe('123456789012');
  });

  it('checks only the shape: there is no published check digit', () => {
    // Two ids that differ in one digit are both accepted: nothing local can tell which is real.
    expect(normalizeForeignNationalId('123456789012')).not.toBeNull();
    expect(normalizeForeignNationalId('123456789013')).not.toBeNull();
  });

  it('refuses wrong lengths, letters and one repeated digit', () => {
    expect(normalizeForeignNationalId('12345678901')).toBeNull();
    expect(normalizeForeignNationalId('1234567890123')).toBeNull();
    expect(normalizeForeignNationalId('12345678901A')).toBeNull();
    expect(normalizeForeignNationalId('000000000000')).toBeNull();
    expect(normalizeForeignNationalId('')).toBeNull();
  });
});
