import { toLatinDigits } from '../text/digits';

const SEPARATORS = /[\s\-\u200e\u200f\u202a-\u202e]/g;

/**
 * A passport number as printed on the passport: Latin letters and digits, 6–15 characters,
 * normalised to upper case with spaces and dashes removed (Persian/Arabic digits become Latin).
 * ICAO 9303 allows letters and digits in any mix (US passports are all digits, many others are a
 * letter and digits), so only the shape is checked; there is no check digit outside the MRZ.
 * Refused besides wrong characters and lengths: no digit at all (a name typed in the wrong field)
 * and one repeated character (a placeholder such as 000000).
 * Returns the normalised passport number, or null.
 */
export function normalizePassportNumber(input: string): string | null {
  const p = toLatinDigits(input).replace(SEPARATORS, '').toUpperCase();
  if (!/^[A-Z0-9]{6,15}$/.test(p)) return null;
  if (!/[0-9]/.test(p)) return null;
  if (/^(.)\1+$/.test(p)) return null;
  return p;
}

/**
 * The foreign-national id (کد فراگیر اتباع خارجی, also called کد یکتا / FIDA code), issued to foreign
 * nationals living or working in Iran: 12 digits.
 *
 * No check-digit algorithm for this code has been published (unlike کد ملی and شناسه ملی), so only
 * the shape is validated: exactly 12 digits after normalising Persian/Arabic digits, spaces and
 * dashes, and not one repeated digit. A typo that keeps 12 digits passes; confirming the code is
 * the central system's inquiry, not a local check.
 * Returns the normalised 12-digit id, or null.
 */
export function normalizeForeignNationalId(input: string): string | null {
  const id = toLatinDigits(input).replace(SEPARATORS, '');
  if (!/^[0-9]{12}$/.test(id)) return null;
  if (/^(\d)\1{11}$/.test(id)) return null;
  return id;
}
