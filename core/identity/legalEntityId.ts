import { toLatinDigits } from '../text/digits';

/** Weights of the legal-entity check digit (FEES.md §3), applied to d[i] with i mod 5. */
const WEIGHTS = [29, 27, 23, 19, 17] as const;

/**
 * The check digit an 11-digit legal-entity national id (شناسه ملی) must end with, computed from its
 * first ten digits (FEES.md §3): k = d[9] + 2; s = Σ_{i=0..9} (k + d[i])·w[i mod 5]; s mod 11, 10 → 0.
 * `firstTen` must be exactly ten Latin digits.
 */
export function legalEntityCheckDigit(firstTen: string): number {
  if (!/^[0-9]{10}$/.test(firstTen)) throw new RangeError('legalEntityCheckDigit needs exactly ten digits');
  const k = Number(firstTen[9]) + 2;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (k + Number(firstTen[i])) * WEIGHTS[i % 5]!;
  const r = sum % 11;
  return r === 10 ? 0 : r;
}

/**
 * Iranian legal-entity national id (شناسه ملی اشخاص حقوقی), 11 digits with a check digit
 * (FEES.md §3). Persian/Arabic digits, spaces, dashes and copy-pasted direction marks are accepted;
 * ids of one repeated digit are refused like national ids are. No zero-padding: the id always has
 * 11 digits, so a shorter input is a typo, not a dropped leading zero.
 * Returns the normalised 11-digit id, or null.
 */
export function normalizeLegalEntityId(input: string): string | null {
  const id = toLatinDigits(input).replace(/[\s\-\u200e\u200f\u202a-\u202e]/g, '');
  if (!/^[0-9]{11}$/.test(id)) return null;
  if (/^(\d)\1{10}$/.test(id)) return null;
  return legalEntityCheckDigit(id.slice(0, 10)) === Number(id[10]) ? id : null;
}
