/**
 * Amounts in Persian words, as a receipt writes them beside the digits (FEES.md §4:
 * «total in digits and in words»). The caller appends the unit: `${rialsInWords(n)} ریال`.
 *
 * Conventions (Iranian cheques and receipts):
 * - Hundreds are one word: «چهارصد», «پانصد», «ششصد» — never «چهار صد».
 * - Parts are joined with « و »: 770000 → «هفتصد و هفتاد هزار».
 * - Scale words: هزار (10³), میلیون (10⁶), میلیارد (10⁹), تریلیون (10¹²).
 * - Style `receipt` (the default) always writes the «one» of a group: 1000 → «یک هزار», 100 → «یکصد»,
 *   as on cheques and bank slips, so nothing can be written in front of a bare «هزار» or «صد» and the
 *   group reads like «یک میلیون». Style `plain` writes «هزار» and «صد», as in speech.
 * Range: the integers 0 … 999,999,999,999,999 (below 2^53, so a `number` holds them exactly).
 */

export type AmountWordsStyle = 'receipt' | 'plain';

export const MAX_AMOUNT_IN_WORDS = 999_999_999_999_999;

const ONES = ['', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه'] as const;
const TEENS = ['ده', 'یازده', 'دوازده', 'سیزده', 'چهارده', 'پانزده', 'شانزده', 'هفده', 'هجده', 'نوزده'] as const;
const TENS = ['', '', 'بیست', 'سی', 'چهل', 'پنجاه', 'شصت', 'هفتاد', 'هشتاد', 'نود'] as const;
const HUNDREDS = ['', 'صد', 'دویست', 'سیصد', 'چهارصد', 'پانصد', 'ششصد', 'هفتصد', 'هشتصد', 'نهصد'] as const;
/** Index = power of 1000. */
const SCALES = ['', 'هزار', 'میلیون', 'میلیارد', 'تریلیون'] as const;

const AND = ' و ';

/** 1 … 999 in words. */
function groupInWords(n: number, style: AmountWordsStyle): string {
  const parts: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h > 0) parts.push(h === 1 && style === 'receipt' ? 'یکصد' : HUNDREDS[h]!);
  if (rest >= 10 && rest < 20) parts.push(TEENS[rest - 10]!);
  else {
    const t = Math.floor(rest / 10);
    const o = rest % 10;
    if (t > 0) parts.push(TENS[t]!);
    if (o > 0) parts.push(ONES[o]!);
  }
  return parts.join(AND);
}

/**
 * Persian words for a whole number of rials (without the word «ریال»).
 * @throws RangeError for negatives, fractions, NaN/Infinity and anything above 999,999,999,999,999.
 */
export function rialsInWords(n: number, style: AmountWordsStyle = 'receipt'): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_AMOUNT_IN_WORDS) {
    throw new RangeError(`amount must be an integer from 0 to ${MAX_AMOUNT_IN_WORDS}: ${String(n)}`);
  }
  if (n === 0) return 'صفر';

  const groups: string[] = [];
  let rest = n;
  for (let scale = 0; rest > 0; scale++) {
    const group = rest % 1000;
    rest = Math.floor(rest / 1000);
    if (group === 0) continue;
    let words: string;
    if (scale === 0) words = groupInWords(group, style);
    else if (group === 1 && style === 'plain' && scale === 1) words = SCALES[1]; // «هزار», not «یک هزار»
    else words = `${groupInWords(group, style)} ${SCALES[scale]!}`;
    groups.unshift(words);
  }
  return groups.join(AND);
}
