/**
 * Free text as people type it — names, reasons, notes, titles, certificate fields — by one rule for
 * every such field of the contract (docs/SECURITY.md § Free text):
 *
 * - normalised as every stored text is (`normalizeInput`: NFC, Persian ی/ک for the Arabic forms,
 *   Latin digits, trimmed), runs of spaces made one, and in a multi-line field each line trimmed;
 * - the direction *marks* (LRM U+200E, RLM U+200F, ALM U+061C) are taken out: they reorder nothing
 *   but neutral characters, a Persian keyboard types them, and two values that look the same are
 *   then stored the same;
 * - refused (`invalid_characters`): the direction *embeddings, overrides and isolates* (U+202A–U+202E,
 *   U+2066–U+2069), which reorder what a screen, a receipt or the audit trail shows («Trojan Source»);
 *   C0 and C1 controls, a line break outside a multi-line field included; every other invisible
 *   format character (zero-width space, word joiner, BOM, soft hyphen, tag characters…); a lone
 *   surrogate; and a value made only of invisible characters;
 * - kept: ZWNJ (U+200C, the Persian half-space inside words), ZWJ (U+200D) and the variation
 *   selectors, which belong to the letters around them — but never on their own.
 *
 * Errors are stable reason codes: `required`, `too_short`, `too_long`, `invalid_characters`.
 */
import { z } from 'zod';
import { requiredString } from './checkedText';
import { normalizeInput } from './digits';

export type FreeTextReason = 'required' | 'too_short' | 'too_long' | 'invalid_characters';

export interface FreeTextOptions {
  /** fewest characters after normalising; 0 lets a blank value through as '' (the handler decides) */
  min?: number;
  max: number;
  /** a field typed in a text area: line breaks are kept (CR LF and CR become LF) */
  multiline?: boolean;
}

/** The embeddings, overrides and isolates: they reorder visible text. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
/** The direction marks: invisible, and reorder only neutral characters. */
const BIDI_MARKS = /[\u200e\u200f\u061c]/gu;
/** What belongs inside words and is kept there: ZWNJ, ZWJ, variation selectors. */
const JOINERS = /[\u200c\u200d\ufe00-\ufe0f]/gu;
/** Controls, format characters, other default-ignorables and lone surrogates. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/u;
/** Everything that shows nothing. */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\ufe00-\ufe0f]/gu;

/** A typed value by the rule above: the value to store, or why it is refused. */
export function cleanFreeText(raw: string, options: FreeTextOptions): { ok: true; value: string } | { ok: false; reason: FreeTextReason } {
  const { min = 0, max, multiline = false } = options;
  let value = normalizeInput(raw).replace(/\r\n?/g, '\n');
  // blank (spaces only) is «not given»; anything else must show something
  if (!/^\p{White_Space}*$/u.test(raw) && value.replace(INVISIBLE, '') === '') return { ok: false, reason: 'invalid_characters' };
  value = value.replace(BIDI_MARKS, '');
  if (BIDI_CONTROLS.test(value)) return { ok: false, reason: 'invalid_characters' };
  const rest = (multiline ? value.replace(/\n/g, '') : value).replace(JOINERS, '');
  if (HIDDEN.test(rest)) return { ok: false, reason: 'invalid_characters' };
  value = multiline
    ? value
        .split('\n')
        .map((line) => line.replace(/\p{White_Space}+/gu, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    : value.replace(/\p{White_Space}+/gu, ' ').trim();
  if (value === '' && min > 0) return { ok: false, reason: 'required' };
  if (value.length < min) return { ok: false, reason: 'too_short' };
  if (value.length > max) return { ok: false, reason: 'too_long' };
  return { ok: true, value };
}

/** The zod field for free text: a string, cleaned by `cleanFreeText`, its reason code as the issue's message. */
export function freeText(options: FreeTextOptions) {
  return requiredString().transform((raw, ctx) => {
    const result = cleanFreeText(raw, options);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.reason });
      return z.NEVER;
    }
    return result.value;
  });
}

/**
 * A folder on the hub's PC as the manager types or pastes it (a backup target, a USB disk to import
 * an update from). Kept as typed — a path must name the folder on disk byte for byte, so nothing is
 * normalised — but refused (`invalid_characters`) when it carries what the screen would not show:
 * controls, the direction embeddings and overrides, invisible format characters (ZWNJ and ZWJ stay
 * allowed, a Persian folder name has them), or nothing visible at all.
 */
export function checkFolderPath(raw: string): { ok: true; value: string } | { ok: false; reason: FreeTextReason } {
  const value = raw.trim();
  if (value === '') return { ok: false, reason: 'required' };
  if (value.replace(INVISIBLE, '') === '') return { ok: false, reason: 'invalid_characters' };
  if (BIDI_CONTROLS.test(value) || HIDDEN.test(value.replace(JOINERS, ''))) return { ok: false, reason: 'invalid_characters' };
  return { ok: true, value };
}

/** The zod field for a folder path (`checkFolderPath`), at most `max` characters. */
export function folderPath(max: number) {
  return requiredString().transform((raw, ctx) => {
    const result = checkFolderPath(raw);
    if (result.ok && result.value.length > max) {
      ctx.addIssue({ code: 'custom', message: 'too_long' });
      return z.NEVER;
    }
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.reason });
      return z.NEVER;
    }
    return result.value;
  });
}
