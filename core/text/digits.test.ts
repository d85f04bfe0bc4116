import { describe, expect, it } from 'vitest';
import { normalizeInput, toLatinDigits, toPersianDigits, toPersianLetters } from './digits';

describe('digits', () => {
  it('turns Persian and Arabic-Indic digits into Latin ones and leaves the rest alone', () => {
    expect(toLatinDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(toLatinDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(toLatinDigits('دفتر ۱۲۳۴ - AB-56')).toBe('دفتر 1234 - AB-56');
  });

  it('shows any digits as Persian digits', () => {
    expect(toPersianDigits(1405)).toBe('۱۴۰۵');
    expect(toPersianDigits('12:05 و ٣')).toBe('۱۲:۰۵ و ۳');
  });

  it('replaces Arabic yeh and kaf with the Persian letters', () => {
    expect(toPersianLetters('علي كريمي')).toBe('علی کریمی');
  });

  it('normalises free text for storage: NFC, Persian letters, Latin digits, trimmed', () => {
    expect(normalizeInput('  كد ۱۲۳ ')).toBe('کد 123');
    // NFC: a composed and a decomposed «آ» are stored the same way
    expect(normalizeInput('\u0627\u0653')).toBe('\u0622');
  });
});
