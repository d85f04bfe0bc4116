import { toLatinDigits } from '../text/digits';

/**
 * Iranian mobile numbers, normalised to the domestic form 09xxxxxxxxx (11 digits).
 *
 * Accepted, in Latin, Persian or Arabic-Indic digits, with spaces, dashes, dots, brackets or
 * copy-pasted direction marks anywhere:
 *   09121234567 · +989121234567 · 00989121234567 · 989121234567 · 9121234567
 * The bare ten-digit form (no 0, no 98) is accepted because it is unambiguous: Iranian landline area
 * codes never start with 9, and people often drop the trunk 0 on forms.
 *
 * Refused: landlines (0 + area code 1…8, e.g. 021…), other countries' codes, wrong lengths.
 * Operator prefixes (0910…, 0935…, 0990…) are deliberately not checked: they are allocated over
 * time, and a hard-coded list would start refusing real numbers.
 */
export function normalizeMobile(input: string): string | null {
  const compact = toLatinDigits(input).replace(/[\s\-.()\u200e\u200f\u202a-\u202e]/g, '');
  const m = /^(?:\+98|0098|98|0)?(9[0-9]{9})$/.exec(compact);
  return m ? `0${m[1]}` : null;
}
