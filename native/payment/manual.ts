/**
 * Manual entry: the clerk types what the bank terminal printed on its receipt — for any bank, and for
 * a Sadad approval the adapter could not read. Still an electronic payment with a bank receipt
 * (ماده ۱۳ تبصره ۱); never cash, which has no method at all (record.ts).
 *
 * Every field is normalised first (Persian and Arabic-Indic digits, spaces and dashes as people type
 * them). Errors carry stable reason codes, never sentences, as FieldIssues — like core/identity.
 */
import { z } from 'zod';
import type { FieldIssue } from '../../core/errors';
import { checkedText } from '../../core/text/checkedText';
import { compactReference, normalizeInput, readWholeNumber, toLatinDigits } from '../../core/text/digits';
import { normalizeMaskedCard } from './cardMask';
import { APPROVED_RESPONSE_CODE, MAX_AMOUNT_RIALS, type TerminalApproval } from './terminal';

export const manualEntryReasons = [
  'required',
  'invalid_type',
  'unknown_field',
  'invalid_amount',
  'invalid_rrn',
  'invalid_trace',
  'invalid_terminal_id',
  'invalid_masked_card',
  'not_approved',
  'invalid_time',
] as const;
export type ManualEntryReason = (typeof manualEntryReasons)[number];

/** An approval typed from a receipt. */
export type ManualApproval = TerminalApproval & { readonly method: 'manual' };

/** A receipt time more than this far ahead of the clock is a typing mistake. */
const FUTURE_SLACK_MS = 5 * 60_000;


const field = (reason: ManualEntryReason, normalize: (text: string) => string | null) => checkedText(reason, normalize);

/** Whole rials, as a number or as typed (۱٬۲۵۰٬۰۰۰); a sign or a fraction is refused, never dropped. */
const amount = z
  .union([z.number(), z.string()], { error: (issue) => (issue.input === undefined ? 'required' : 'invalid_type') })
  .transform((raw, ctx) => {
    const value = typeof raw === 'number' ? raw : (readWholeNumber(raw) ?? NaN);
    if (!Number.isSafeInteger(value) || value <= 0 || value > MAX_AMOUNT_RIALS) {
      ctx.addIssue({ code: 'custom', message: typeof raw === 'string' && normalizeInput(raw) === '' ? 'required' : 'invalid_amount' });
      return z.NEVER;
    }
    return value;
  });

/** Digits as typed (Persian/Arabic-Indic → Latin, separators between groups out), checked against `shape`. */
const match = (shape: RegExp) => (text: string) => {
  const value = compactReference(text)?.toUpperCase() ?? null;
  return value !== null && shape.test(value) ? value : null;
};

function manualEntrySchema(now: () => Date) {
  const approvedAt = field('invalid_time', (text) => {
    const value = toLatinDigits(text.trim());
    if (!z.iso.datetime({ offset: true }).safeParse(value).success) return null;
    const at = new Date(value);
    return at.getTime() > now().getTime() + FUTURE_SLACK_MS ? null : at.toISOString();
  });
  return z.strictObject(
    {
      amountRials: amount,
      /** شماره مرجع: always 12 digits on Shaparak receipts */
      rrn: field('invalid_rrn', match(/^\d{12}$/)),
      /** شماره پیگیری (STAN): 6 digits on most receipts; some banks print more */
      trace: field('invalid_trace', match(/^\d{1,12}$/)),
      /** شماره پایانه: 8 characters */
      terminalId: field('invalid_terminal_id', match(/^[0-9A-Z]{8}$/)),
      maskedCard: field('invalid_masked_card', normalizeMaskedCard),
      /** کد پاسخ: must read 00 — any other code is a declined transaction, not a payment */
      responseCode: field('not_approved', (text) => (compactReference(text) === APPROVED_RESPONSE_CODE ? APPROVED_RESPONSE_CODE : null)),
      /** the receipt's date and time (the UI turns the Jalali date into ISO); now when left out */
      approvedAt: z.preprocess((v) => (typeof v === 'string' && normalizeInput(v) === '' ? undefined : v), approvedAt.optional()),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.input === undefined ? 'required' : 'invalid_type') },
  );
}

export type ManualEntryInput = z.input<ReturnType<typeof manualEntrySchema>>;

/** Parses a typed receipt; on failure, one FieldIssue per problem with a reason code. */
export function parseManualEntry(
  input: unknown,
  options: { now?: () => Date } = {},
): { ok: true; approval: ManualApproval } | { ok: false; issues: FieldIssue[] } {
  const now = options.now ?? (() => new Date());
  const result = manualEntrySchema(now).safeParse(input);
  if (!result.success) return { ok: false, issues: manualEntryIssues(result.error) };
  const { approvedAt, ...fields } = result.data;
  return {
    ok: true,
    approval: { ...fields, responseCode: APPROVED_RESPONSE_CODE, approvedAt: approvedAt ?? now().toISOString(), method: 'manual' },
  };
}

function manualEntryIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const reason = (manualEntryReasons as readonly string[]).includes(issue.message) ? issue.message : issue.code;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [null];
    return keys.map((key) => ({ path: (key === null ? issue.path : [...issue.path, key]).map(String).join('.'), reason }));
  });
}
