import { toLatinDigits, toPersianDigits } from '../text/digits';

/** The separators people type or paste inside an amount: Latin and Arabic commas, the Arabic thousands sign, spaces. */
const AMOUNT_SEPARATORS = /[\s,،\u066C\u200c]/g;

/** «۷۷۰٬۰۰۰» — Persian digits grouped by thousands with the Arabic thousands separator (U+066C). */
export function formatRialsDigits(n: number | bigint): string {
  return toPersianDigits(String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u066C'));
}

/** «۷۷۰٬۰۰۰ ریال» */
export function formatRials(n: number): string {
  return `${formatRialsDigits(n)} ریال`;
}


/**
 * An amount as a money field shows it while it is typed: any digits (Persian, Arabic-Indic, Latin) →
 * Persian digits grouped by thousands; separators typed or pasted are dropped and put back where they
 * belong, and leading zeros go. Text that is not only digits («۶۳۰ هزار») is left as typed, its digits
 * in Persian, so the clerk sees what the form will refuse instead of a figure it quietly made up.
 */
export function groupAmountInput(text: string): string {
  const bare = toLatinDigits(text).replace(AMOUNT_SEPARATORS, '');
  if (!/^[0-9]*$/.test(bare)) return toPersianDigits(text);
  const digits = bare.replace(/^0+(?=\d)/, '');
  return digits === '' ? '' : formatRialsDigits(BigInt(digits));
}

/**
 * «۱٬۲۵۰٬۰۰۰», «1,250,000», «1250000» → 1250000; null when empty; undefined when it is not a whole
 * number of rials (letters, a fraction, beyond what a number holds exactly).
 */
export function readAmount(text: string): number | null | undefined {
  const s = toLatinDigits(text.normalize('NFC')).replace(AMOUNT_SEPARATORS, '');
  if (s === '') return null;
  if (!/^[0-9]{1,16}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}
