/**
 * Digits and letters as people type them: Persian (۰–۹), Arabic-Indic (٠–٩) and Latin digits,
 * Arabic ي/ك for Persian ی/ک. Everything is normalised to Latin digits and Persian letters
 * before validation or storage; Persian digits appear only at the edges (display, print).
 */

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** Persian and Arabic-Indic digits → Latin digits; other characters unchanged. */
export function toLatinDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= PERSIAN_ZERO && cp <= PERSIAN_ZERO + 9) out += String(cp - PERSIAN_ZERO);
    else if (cp >= ARABIC_INDIC_ZERO && cp <= ARABIC_INDIC_ZERO + 9) out += String(cp - ARABIC_INDIC_ZERO);
    else out += ch;
  }
  return out;
}

/** Latin and Arabic-Indic digits → Persian digits; other characters unchanged. */
export function toPersianDigits(text: string | number): string {
  return toLatinDigits(String(text)).replace(/[0-9]/g, (d) => String.fromCodePoint(PERSIAN_ZERO + Number(d)));
}

/** Arabic yeh/kaf (and alef maksura) → Persian yeh/keheh; the forms a Persian keyboard may or may not give. */
export function toPersianLetters(text: string): string {
  return text.replace(/[يى]/g, 'ی').replace(/ك/g, 'ک');
}

/** What every free-text field goes through before storage: NFC, Persian letters, Latin digits, trimmed. */
export function normalizeInput(text: string): string {
  return toLatinDigits(toPersianLetters(text.normalize('NFC'))).trim();
}

/** Marks a copy from a PDF, a bank's page or a Persian keyboard leaves around digits: ZWNJ, direction marks and embeddings. */
const MARKS_AROUND_DIGITS = /[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A whole number as people type it: Persian, Arabic-Indic or Latin digits, plain or grouped in
 * thousands by one kind of separator (`,` `٬` `،` `.` or a space): «۱٬۲۵۰٬۰۰۰», «1,250,000»,
 * «1 250 000». Anything else is not a whole number and gives null — a sign (`-910000` is not
 * 910,000), a fraction, a letter, a separator out of place — so a typing mistake is refused,
 * never silently dropped.
 */
export function readWholeNumber(text: string): number | null {
  const value = normalizeInput(text.replace(MARKS_AROUND_DIGITS, '')).replace(/[\u00a0\u202f]/g, ' ');
  if (!/^[0-9]+$/.test(value) && !/^[0-9]{1,3}([,٬،. ])[0-9]{3}(?:\1[0-9]{3})*$/.test(value)) return null;
  const n = Number(value.replace(/[^0-9]/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * A reference number as people type it (a card terminal's RRN, trace, terminal id): digits in any
 * script, with spaces, dashes, dots or underscores between groups taken out. A separator at either
 * end (a sign, `-412345678901`) gives null rather than being dropped.
 */
export function compactReference(text: string): string | null {
  const value = normalizeInput(text.replace(MARKS_AROUND_DIGITS, ''));
  if (/^[-_.,٬،+−]|[-_.,٬،+−]$/.test(value)) return null;
  return value.replace(/[\s\-_.,٬،]/g, '');
}
