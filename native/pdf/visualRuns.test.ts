import { describe, expect, it } from 'vitest';
import { fontkitInput, fontkitReverses, resolveLine, visualRuns } from './visualRuns';

const runsOf = (text: string, mirror = false) => {
  const line = resolveLine(text);
  return visualRuns(line, 0, text.length, { mirror }).map((r) => [r.text, r.rtl]);
};

describe('visualRuns', () => {
  it('puts a Latin run between the Persian runs, left to right as drawn', () => {
    expect(runsOf('کد رهگیری AB-12345 را')).toEqual([
      [' را', true],
      ['AB-12345', false],
      ['کد رهگیری ', true],
    ]);
  });

  it('keeps Persian digits (with their separator) a left-to-right run inside Persian', () => {
    expect(runsOf('مبلغ ۷۷۰٬۰۰۰ ریال')).toEqual([
      [' ریال', true],
      ['۷۷۰٬۰۰۰', false],
      ['مبلغ ', true],
    ]);
  });

  it('makes a line with Persian right to left even when it starts with a Latin word', () => {
    expect(runsOf('Invoice 42 برای')).toEqual([
      [' برای', true],
      ['Invoice 42', false],
    ]);
    expect(runsOf('AB-12345')).toEqual([['AB-12345', false]]);
  });

  it('reorders only the word asked for, with the levels of the whole line', () => {
    const text = 'شماره 9809 و ۲۴';
    const line = resolveLine(text);
    const at = text.indexOf('9809');
    expect(visualRuns(line, at, at + 4)).toEqual([{ text: '9809', rtl: false }]);
    const persian = text.indexOf('شماره');
    expect(visualRuns(line, persian, persian + 5)).toEqual([{ text: 'شماره', rtl: true }]);
  });

  it('mirrors brackets in right-to-left runs only when asked (an invisible layer must not)', () => {
    expect(runsOf('هزینه (نقدی)')).toEqual([['هزینه (نقدی)', true]]);
    expect(runsOf('هزینه (نقدی)', true)).toEqual([['هزینه )نقدی(', true]]);
  });
});

describe('fontkitInput', () => {
  it('knows when fontkit reverses a string: Arabic-script first, digits of both kinds included', () => {
    expect(fontkitReverses('رهگیری')).toBe(true);
    expect(fontkitReverses('۱۴۰۵/۰۳')).toBe(true);
    expect(fontkitReverses('12345')).toBe(false);
    expect(fontkitReverses('AB-12')).toBe(false);
    expect(fontkitReverses(' (')).toBe(false);
  });

  it('pre-reverses Persian digits and right-to-left neutrals so fontkit’s reversal lands them in visual order', () => {
    expect(fontkitInput({ text: '۱۴۰۵/۰۳', rtl: false })).toBe('۳۰/۵۰۴۱');
    expect(fontkitInput({ text: 'رهگیری', rtl: true })).toBe('رهگیری');
    expect(fontkitInput({ text: 'AB-12345', rtl: false })).toBe('AB-12345');
    expect(fontkitInput({ text: '. ', rtl: true })).toBe(' .');
  });
});
