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
