import { toLatinDigits } from '../text/digits';

/**
 * Iranian national id (کد ملی), FEES.md §3: 10 digits, the last a check digit over the first nine
 * with weights 10…2 (mod 11; r < 2 → r, else 11 − r). Ids of one repeated digit are refused.
 * Persian/Arabic digits are accepted; 8–9 digit input is left-padded with zeros.
 * Returns the normalised 10-digit id, or null.
 */
export function normalizeNationalId(input: string): string | null {
  const digits = toLatinDigits(input).replace(/[\s-]/g, '');
  if (!/^[0-9]{8,10}$/.test(digits)) return null;
  const id = digits.padStart(10, '0');
  if (/^(\d)\1{9}$/.test(id)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(id[i]) * (10 - i);
  const r = sum % 11;
  const check = r < 2 ? r : 11 - r;
  return Number(id[9]) === check ? id : null;
}
