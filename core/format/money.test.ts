import { describe, expect, it } from 'vitest';
import { rialsInWords } from '../text/amountWords';
import { formatRialsDigits, groupAmountInput, readAmount } from './money';

describe('groupAmountInput', () => {
  it('groups Latin, Persian and Arabic-Indic digits the same way, in Persian digits', () => {
    expect(groupAmountInput('1250000')).toBe('۱٬۲۵۰٬۰۰۰');
    expect(groupAmountInput('۱۲۵۰۰۰۰')).toBe('۱٬۲۵۰٬۰۰۰');
    expect(groupAmountInput('١٢٥٠٠٠٠')).toBe('۱٬۲۵۰٬۰۰۰');
    expect(groupAmountInput('۱۲5۰000')).toBe('۱٬۲۵۰٬۰۰۰');
  });

  it('regroups after a digit is typed between separators, and drops separators typed or pasted', () => {
    expect(groupAmountInput('۱٬۲۵۰٬۰۰۰0')).toBe('۱۲٬۵۰۰٬۰۰۰');
    expect(groupAmountInput('1,250,000')).toBe('۱٬۲۵۰٬۰۰۰');
    expect(groupAmountInput('۱ ۲۵۰ ۰۰۰')).toBe('۱٬۲۵۰٬۰۰۰');
  });

  it('drops leading zeros and keeps a lone zero', () => {
    expect(groupAmountInput('۰۰۱۲۳')).toBe('۱۲۳');
    expect(groupAmountInput('0')).toBe('۰');
    expect(groupAmountInput('')).toBe('');
  });

  it('leaves what is not only digits as typed (its digits in Persian), for the form to refuse', () => {
    expect(groupAmountInput('630 هزار')).toBe('۶۳۰ هزار');
    expect(groupAmountInput('12.5')).toBe('۱۲.۵');
  });

  it('groups figures beyond what a number holds exactly without rounding them', () => {
    expect(groupAmountInput('12345678901234567890')).toBe(formatRialsDigits(12345678901234567890n));
    expect(groupAmountInput('12345678901234567890')).toBe('۱۲٬۳۴۵٬۶۷۸٬۹۰۱٬۲۳۴٬۵۶۷٬۸۹۰');
  });
});

describe('readAmount', () => {
  it('reads what a money field shows, and what people paste', () => {
    expect(readAmount('۱٬۲۵۰٬۰۰۰')).toBe(1_250_000);
    expect(readAmount('1,250,000')).toBe(1_250_000);
    expect(readAmount('١٢٥٠٠٠٠')).toBe(1_250_000);
  });

  it('is null for nothing and undefined for what is no whole number of rials', () => {
    expect(readAmount('')).toBeNull();
    expect(readAmount('  ')).toBeNull();
    expect(readAmount('12.5')).toBeUndefined();
    expect(readAmount('۱۲الف')).toBeUndefined();
    expect(readAmount('99999999999999999')).toBeUndefined();
  });
});

describe('amounts in words on screen', () => {
  it('reads 1,250,000 as a clerk says it', () => {
    expect(rialsInWords(1_250_000, 'plain')).toBe('یک میلیون و دویست و پنجاه هزار');
    expect(rialsInWords(125_000, 'plain')).toBe('صد و بیست و پنج هزار');
  });
});
