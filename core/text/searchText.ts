/**
 * Text as the request search compares it (docs/SEARCH.md): a name stored for search and a name typed
 * into the search box go through the same function, so «علي» typed on an Arabic keyboard finds «علی»,
 * «محمد‌رضا» with a half-space finds «محمدرضا», and digits in any script are the same digits.
 *
 * - NFC; Arabic ي/ى/ك → Persian ی/ک (`toPersianLetters`); أ/إ/ٱ → ا, ة → ه, ۀ → ه, ؤ → و;
 * - Persian and Arabic-Indic digits → Latin;
 * - the Arabic short vowels and marks (U+064B–U+065F, U+0670) and the tatweel (U+0640) dropped;
 * - ZWNJ, ZWJ, direction marks, embeddings, overrides and isolates dropped (a name never needs them
 *   to be found, and a pasted override must not change what is searched);
 * - lower case (Latin names of foreign nationals).
 */
import { toLatinDigits, toPersianLetters } from './digits';

const INVISIBLE = /[\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const MARKS = /[\u064b-\u065f\u0670\u0640]/gu;

/** The search form of a text: the same for every way the same name can be typed. */
export function searchForm(text: string): string {
  return toLatinDigits(toPersianLetters(text.normalize('NFC')))
    .replace(INVISIBLE, '')
    .replace(MARKS, '')
    .replace(/[أإٱ]/gu, 'ا')
    .replace(/ة/gu, 'ه')
    .replace(/ۀ/gu, 'ه')
    .replace(/ؤ/gu, 'و')
    .toLowerCase();
}

/** The words of a text in search form: runs of letters and digits; everything else separates them. */
export function searchWords(text: string): string[] {
  return searchForm(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Digits only, from a number as typed: any script, with spaces, dashes, slashes or marks around; null if anything else is there. */
export function searchDigits(text: string): string | null {
  const value = searchForm(text).replace(/[\s\-.،,٬]/gu, '');
  return /^[0-9]+$/.test(value) ? value : null;
}

/** The names a person or an entity is searched by, as one text: an entity's name and its representative's. */
export function namesForSearch(a: { kind: string; firstName?: string; lastName?: string; name?: string; representative?: { firstName: string; lastName: string } }): string {
  const names = a.kind === 'legalEntity' ? [a.name ?? '', a.representative?.firstName ?? '', a.representative?.lastName ?? ''] : [a.firstName ?? '', a.lastName ?? ''];
  return searchWords(names.join(' ')).join(' ');
}
