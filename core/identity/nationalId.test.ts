import { describe, expect, it } from 'vitest';
import { normalizeNationalId } from './nationalId';

describe('normalizeNationalId', () => {
  it('accepts valid ids in Latin, Persian and Arabic-Indic digits', () => {
    expect(normalizeNationalId('0013542419')).toBe('0013542419');
    expect(normalizeNationalId('۰۰۱۳۵۴۲۴۱۹')).toBe('0013542419');
    expect(normalizeNationalId('٠٠١٣٥٤٢٤١٩')).toBe('0013542419');
    expect(normalizeNationalId('1111111111'.replace(/./g, (_, i) => '4608968882'[i]!))).toBe('4608968882');
  });

  it('left-pads 8 and 9 digit input', () => {
    expect(normalizeNationalId('13542419')).toBe('0013542419');
  });

  it('refuses a wrong check digit, repeated digits, letters and wrong lengths', () => {
    expect(normalizeNationalId('0013542418')).toBeNull();
    for (const d of '0123456789') expect(normalizeNationalId(d.repeat(10))).toBeNull();
    expect(normalizeNationalId('00135424a9')).toBeNull();
    expect(normalizeNationalId('1234567')).toBeNull();
    expect(normalizeNationalId('00135424190')).toBeNull();
  });
});
