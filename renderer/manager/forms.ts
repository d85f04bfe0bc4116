/**
 * Reading what a manager typed into the queue forms, in any digits (Persian, Arabic-Indic,
 * Latin), and placing the hub's field errors next to the fields they are about.
 */
import { normalizeInput, toPersianDigits } from '../../core/text/digits';
import { ApiError } from '../api/client';
import { fieldErrors } from '../app/errors';
import { fa } from '../i18n/fa';

/** Field path → Persian sentence, as the forms show them. */
export type FieldErrors = Record<string, string>;

/** A whole number typed in any digits; `null` when left empty, `undefined` when it is not one. */
export function readWholeNumber(text: string): number | null | undefined {
  const t = normalizeInput(text);
  if (t === '') return null;
  return /^[0-9]{1,9}$/.test(t) ? Number(t) : undefined;
}

/** «۷:۳۰» or «07:30» → `07:30` (and «۲۴:۰۰» with `endOfDay`, a closing time); `undefined` when it is not a time of day. */
export function readTimeOfDay(text: string, options: { endOfDay?: boolean } = {}): string | undefined {
  const m = /^([0-9]{1,2})[:.٫]([0-9]{2})$/.exec(normalizeInput(text));
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  // a closing time may be «24:00»: to the end of the day
  if (options.endOfDay && h === 24 && min === 0) return '24:00';
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/** What an input shows for a stored value: Persian digits, empty for nothing. */
export function typed(value: number | string | null): string {
  return value === null ? '' : toPersianDigits(String(value));
}

/** The sentence for a field the form itself found wrong before asking the hub. */
export const badFormat = (): string => fa.fields.invalid_format ?? fa.errors.INVALID_INPUT;

/**
 * The hub's field errors, with a clearer sentence where a DUPLICATE names a field
 * (fa.fields has no generic sentence for "already taken").
 */
export function hubFieldErrors(err: unknown, duplicateText: Record<string, string> = {}): FieldErrors {
  const out = fieldErrors(err);
  if (err instanceof ApiError && err.code === 'DUPLICATE') {
    for (const f of err.fields) {
      const text = duplicateText[f.path];
      if (text) out[f.path] = text;
    }
  }
  return out;
}
