/**
 * Card numbers as receipts and terminals show them. Daftaryar never stores a whole card number:
 * at most the first 6 digits (the issuing bank) and the last 4, the rest `*`.
 */
import { toLatinDigits } from '../../core/text/digits';

/** Spaces, dashes and direction marks as they come from receipts and copy-paste; x/X/•/× as the mask. */
function compact(text: string): string {
  return toLatinDigits(text)
    .replace(/[\s\-_.\u200c\u200e\u200f\u202a-\u202e]/g, '')
    .replace(/[xX•×#]/g, '*');
}

/**
 * A masked card typed from a receipt: exactly 6 first digits, stars, 4 last digits, 16–19 long in
 * all (Iranian cards are 16 digits; 19 is the ISO maximum). `6037-99**-****-1234`, `۶۰۳۷۹۹******۱۲۳۴`
 * → `603799******1234`. A whole card number is refused, not masked: the receipt never shows one.
 */
export function normalizeMaskedCard(text: string): string | null {
  const card = compact(text);
  return /^\d{6}\*+\d{4}$/.test(card) && card.length >= 16 && card.length <= 19 ? card : null;
}

/**
 * The card as a terminal reported it, made safe to store: a whole card number (13–19 digits) is
 * masked here; a mask with fewer first digits (`************1234`) is kept; anything else, or
 * nothing, becomes '' — the approval still stands, the receipt just shows no card.
 */
export function maskedCardFromTerminal(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const card = compact(value);
  if (/^\d{13,19}$/.test(card)) return `${card.slice(0, 6)}${'*'.repeat(card.length - 10)}${card.slice(-4)}`;
  if (/^\d{0,6}\*+\d{4}$/.test(card) && card.length <= 19) return card;
  return '';
}
