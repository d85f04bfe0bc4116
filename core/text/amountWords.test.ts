import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_IN_WORDS, rialsInWords } from './amountWords';

/** Receipt style: every tariff figure of FEES.md plus the edges of each group. */
const receiptFixtures: readonly [number, string][] = [
  [0, 'صفر'],
  [1, 'یک'],
  [10, 'ده'],
  [11, 'یازده'],
  [15, 'پانزده'],
  [18, 'هجده'],
  [21, 'بیست و یک'],
  [100, 'یکصد'],
  [101, 'یکصد و یک'],
  [400, 'چهارصد'],
  [500, 'پانصد'],
  [600, 'ششصد'],
  [999, 'نهصد و نود و نه'],
  [1_000, 'یک هزار'],
  [1_001, 'یک هزار و یک'],
  [20_000, 'بیست هزار'],
  [23_000, 'بیست و سه هزار'],
  [14_540, 'چهارده هزار و پانصد و چهل'],
  [25_300, 'بیست و پنج هزار و سیصد'],
  [27_830, 'بیست و هفت هزار و هشتصد و سی'],
  [29_090, 'بیست و نه هزار و نود'],
  [46_000, 'چهل و شش هزار'],
  [55_000, 'پنجاه و پنج هزار'],
  [70_000, 'هفتاد هزار'],
  [75_000, 'هفتاد و پنج هزار'],
  [100_000, 'یکصد هزار'],
  [115_000, 'یکصد و پانزده هزار'],
  [145_000, 'یکصد و چهل و پنج هزار'],
  [198_380, 'یکصد و نود و هشت هزار و سیصد و هشتاد'],
  [200_000, 'دویست هزار'],
  [238_050, 'دویست و سی و هشت هزار و پنجاه'],
  [300_000, 'سیصد هزار'],
  [335_000, 'سیصد و سی و پنج هزار'],
  [400_000, 'چهارصد هزار'],
  [500_000, 'پانصد هزار'],
  [630_000, 'ششصد و سی هزار'],
  [770_000, 'هفتصد و هفتاد هزار'],
  [1_000_000, 'یک میلیون'],
  [1_500_000, 'یک میلیون و پانصد هزار'],
  [1_800_000, 'یک میلیون و هشتصد هزار'],
  [1_000_001, 'یک میلیون و یک'],
  [5_000_000, 'پنج میلیون'],
  [200_000_000, 'دویست میلیون'],
  [7_000_000_035, 'هفت میلیارد و سی و پنج'],
  [1_000_000_000_000, 'یک تریلیون'],
  [MAX_AMOUNT_IN_WORDS, 'نهصد و نود و نه تریلیون و نهصد و نود و نه میلیارد و نهصد و نود و نه میلیون و نهصد و نود و نه هزار و نهصد و نود و نه'],
];

/** An independent reader of the words, so the property below can catch a wrong word or order. */
const VALUES: Record<string, number> = {
  صفر: 0, یک: 1, دو: 2, سه: 3, چهار: 4, پنج: 5, شش: 6, هفت: 7, هشت: 8, نه: 9,
  ده: 10, یازده: 11, دوازده: 12, سیزده: 13, چهارده: 14, پانزده: 15, شانزده: 16, هفده: 17, هجده: 18, نوزده: 19,
  بیست: 20, سی: 30, چهل: 40, پنجاه: 50, شصت: 60, هفتاد: 70, هشتاد: 80, نود: 90,
  صد: 100, یکصد: 100, دویست: 200, سیصد: 300, چهارصد: 400, پانصد: 500, ششصد: 600, هفتصد: 700, هشتصد: 800, نهصد: 900,
};
const SCALE_VALUES: Record<string, number> = { هزار: 1e3, میلیون: 1e6, میلیارد: 1e9, تریلیون: 1e12 };
function readBack(words: string): number {
  let total = 0;
  let group = 0;
  for (const token of words.split(' ').filter((t) => t !== 'و')) {
    const scale = SCALE_VALUES[token];
    if (scale !== undefined) {
      total += (group || 1) * scale;
      group = 0;
    } else {
      const v = VALUES[token];
      if (v === undefined) throw new Error(`unknown word «${token}» in «${words}»`);
      group += v;
    }
  }
  return total + group;
}

describe('rialsInWords', () => {
  it.each(receiptFixtures)('writes %d as «%s» on a receipt', (n, words) => {
    expect(rialsInWords(n)).toBe(words);
  });

  it('writes hundreds as one word, never «چهار صد»', () => {
    for (const n of [400, 500, 600, 700, 800, 900, 300, 200]) expect(rialsInWords(n)).not.toContain(' صد');
  });

  it('drops the «one» before هزار and صد only in plain style', () => {
    expect(rialsInWords(1_000, 'plain')).toBe('هزار');
    expect(rialsInWords(100, 'plain')).toBe('صد');
    expect(rialsInWords(101_100, 'plain')).toBe('صد و یک هزار و صد');
    expect(rialsInWords(1_000_000, 'plain')).toBe('یک میلیون');
    expect(rialsInWords(770_000, 'plain')).toBe('هفتصد و هفتاد هزار');
  });

  it.each([-1, 0.5, 1_000.01, Number.NaN, Number.POSITIVE_INFINITY, MAX_AMOUNT_IN_WORDS + 1])('refuses %d with a RangeError', (n) => {
    expect(() => rialsInWords(n)).toThrow(RangeError);
  });

  it('reads back to the same amount for every integer in range, in both styles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_IN_WORDS }), fc.constantFrom('receipt' as const, 'plain' as const), (n, style) => {
        const words = rialsInWords(n, style);
        expect(words).not.toMatch(/^ و|و $| و و |  /);
        expect(readBack(words)).toBe(n);
      }),
    );
  });
});
