import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legalEntityCheckDigit, normalizeLegalEntityId } from './legalEntityId';

/**
 * An independent generator, written from FEES.md §3 and not from the module: the check digit of the
 * first ten digits, with the raw remainder so the tests can see when the «10 → 0» rule applied.
 */
function expectedCheck(firstTen: string): { digit: number; remainder: number } {
  const d = firstTen.split('').map(Number);
  const k = d[9]! + 2;
  const w = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17];
  const remainder = d.reduce((s, di, i) => s + (k + di) * w[i]!, 0) % 11;
  return { digit: remainder === 10 ? 0 : remainder, remainder };
}
const withCheck = (firstTen: string): string => firstTen + String(expectedCheck(firstTen).digit);

const tenDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 10, maxLength: 10 });
const notRepeated = (s: string) => !/^(\d)\1+$/.test(s);

describe('normalizeLegalEntityId', () => {
  it('accepts an id worked out by hand: 10380284790', () => {
    // k = 9 + 2 = 11; Σ (11 + d[i])·w = 348+297+322+361+187+377+513+345+342+340 = 3432 = 11·312 → check 0
    expect(normalizeLegalEntityId('10380284790')).toBe('10380284790');
  });

  it('accepts ids that companies publish as their شناسه ملی', () => {
    // Published on the companies' own pages (seen in public repositories that carry their site text):
    // Anhar construction company (anharco.ir, registration no. 149903) and Abzar Daghigh Zangan (Zanjan).
    expect(normalizeLegalEntityId('10260014510')).toBe('10260014510');
    expect(normalizeLegalEntityId('10460108920')).toBe('10460108920');
  });

  it('accepts generated ids, including one where the remainder 10 becomes check digit 0', () => {
    const vectors = ['1010000000', '1410254321', '1086192345', '1400000001', '1234567890'].map(withCheck);
    for (const id of vectors) expect(normalizeLegalEntityId(id)).toBe(id);
    // find a prefix whose raw remainder is 10, so the «10 → 0» rule is really exercised
    let tenCase: string | undefined;
    for (let n = 1010000000; tenCase === undefined; n++) if (expectedCheck(String(n)).remainder === 10) tenCase = String(n);
    expect(normalizeLegalEntityId(`${tenCase}0`)).toBe(`${tenCase}0`);
    expect(legalEntityCheckDigit(tenCase)).toBe(0);
  });

  it('refuses every wrong check digit', () => {
    for (const id of ['10380284790', '10260014510', '10460108920']) {
      for (const c of '0123456789') {
        if (c === id[10]) continue;
        expect(normalizeLegalEntityId(id.slice(0, 10) + c)).toBeNull();
      }
    }
  });

  it('refuses ids of one repeated digit, even 33333333333 whose check digit happens to fit', () => {
    expect(expectedCheck('3333333333').digit).toBe(3); // the checksum alone would let it through
    for (const d of '0123456789') expect(normalizeLegalEntityId(d.repeat(11))).toBeNull();
  });

  it('reads Persian and Arabic-Indic digits, spaces, dashes and direction marks', () => {
    expect(normalizeLegalEntityId('۱۰۳۸۰۲۸۴۷۹۰')).toBe('10380284790');
    expect(normalizeLegalEntityId('١٠٣٨٠٢٨٤٧٩٠')).toBe('10380284790');
    expect(normalizeLegalEntityId(' 1038-0284-790 ')).toBe('10380284790');
    expect(normalizeLegalEntityId('\u200e10380284790\u200f')).toBe('10380284790');
  });

  it('refuses wrong lengths, letters and empty input, and does not pad', () => {
    expect(normalizeLegalEntityId('')).toBeNull();
    expect(normalizeLegalEntityId('1038028479')).toBeNull(); // 10 digits
    expect(normalizeLegalEntityId('103802847900')).toBeNull(); // 12 digits
    expect(normalizeLegalEntityId('0380284790')).toBeNull(); // not padded to 11
    expect(normalizeLegalEntityId('1038028479O')).toBeNull(); // letter O
    expect(normalizeLegalEntityId('0013542419')).toBeNull(); // a natural person's national id
  });

  it('agrees with the independent generator on every ten-digit prefix and every check digit', () => {
    fc.assert(
      fc.property(tenDigits, fc.integer({ min: 0, max: 9 }), (firstTen, c) => {
        const id = firstTen + String(c);
        const valid = c === expectedCheck(firstTen).digit && notRepeated(id);
        expect(normalizeLegalEntityId(id)).toBe(valid ? id : null);
      }),
      { numRuns: 2000 },
    );
  });
});
