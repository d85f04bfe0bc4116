/**
 * Who a request is for (متقاضی, ماده ۴): a natural person with an Iranian national id, a legal entity
 * acting through a natural-person representative, or a foreign national (ماده ۵۰: services reach
 * people abroad and foreigners too).
 *
 * Every field is normalised on the way in (NFC, Persian ی/ک, Latin digits, trimmed) and every
 * identity number is checked here, at entry (ماده ۳۶ چ، ۳۷ ت: careless or wrong data entry is a
 * violation). Errors carry stable reason codes as their message — never a sentence — so the
 * renderer maps each code to one Persian sentence; `applicantIssues` turns them into FieldIssues.
 */
import { z } from 'zod';
import type { FieldIssue } from '../errors';
import { checkedText, requiredString } from '../text/checkedText';
import { normalizeInput } from '../text/digits';
import { cleanFreeText, type FreeTextReason } from '../text/freeText';
import { normalizeForeignNationalId, normalizePassportNumber } from './foreign';
import { normalizeLegalEntityId } from './legalEntityId';
import { normalizeMobile } from './mobile';
import { normalizeNationalId } from './nationalId';

/** Every reason code this module can put on an issue. */
export const applicantReasons = [
  'required',
  'too_long',
  'invalid_type',
  'unknown_field',
  'invalid_applicant',
  'invalid_applicant_kind',
  'invalid_name',
  'invalid_characters',
  'invalid_national_id',
  'invalid_legal_id',
  'invalid_mobile',
  'invalid_passport_number',
  'invalid_foreign_id',
  'passport_or_foreign_id_required',
  'invalid_nationality',
  'iranian_needs_national_id',
  'invalid_sana_status',
] as const;
export type ApplicantReason = (typeof applicantReasons)[number];

/** Whether the applicant has an account in Sana (ثنا), the judiciary's notification system. */
export const sanaStatuses = ['registered', 'notRegistered', 'unknown'] as const;
export type SanaStatus = (typeof sanaStatuses)[number];

const NAME_MAX = 80;
const ENTITY_NAME_MAX = 200;

/** Missing → `required`; present but not a string → `invalid_type`. */
const stringInput = requiredString;

const checked = (reason: ApplicantReason, normalize: (value: string) => string | null) => checkedText(reason, normalize);

/** Letters (any script, with their marks), spaces, ZWNJ, apostrophe, hyphen, dot; no digits. */
const NAME_SHAPE = /^[\p{L}\p{M}\u200c' .-]+$/u;

/** A field of at least one character is never too short, only blank. */
const freeTextReason = (reason: FreeTextReason): ApplicantReason => (reason === 'too_short' ? 'required' : reason);

/** A person's name: free text by the one rule (core/text/freeText.ts), then letters only, at most 80 characters. */
const personName = () =>
  stringInput().transform((raw, ctx) => {
    const text = cleanFreeText(raw, { min: 1, max: NAME_MAX });
    const value = text.ok ? text.value : '';
    const reason: ApplicantReason | null =
      !text.ok ? freeTextReason(text.reason)
      : !NAME_SHAPE.test(value) || !/\p{L}/u.test(value) ? 'invalid_name'
      : null;
    if (reason) {
      ctx.addIssue({ code: 'custom', message: reason });
      return z.NEVER;
    }
    return value;
  });

/** A legal entity's registered name: free text by the one rule (digits allowed), at most 200 characters. */
const entityName = () =>
  stringInput().transform((raw, ctx) => {
    const text = cleanFreeText(raw, { min: 1, max: ENTITY_NAME_MAX });
    if (!text.ok) {
      ctx.addIssue({ code: 'custom', message: freeTextReason(text.reason) });
      return z.NEVER;
    }
    return text.value;
  });

const sanaStatus = z.enum(sanaStatuses, { error: (issue) => (issue.input === undefined ? 'required' : 'invalid_sana_status') });

/**
 * ISO 3166-1 alpha-2 country code (the UI picks from a list and shows the Persian name). «IR» is
 * refused: an Iranian is served with a national id, as a natural person, even abroad (ماده ۵۰).
 */
const nationality = stringInput().transform((raw, ctx) => {
  const code = normalizeInput(raw).toUpperCase();
  const reason: ApplicantReason | null =
    code === '' ? 'required' : !/^[A-Z]{2}$/.test(code) ? 'invalid_nationality' : code === 'IR' ? 'iranian_needs_national_id' : null;
  if (reason) {
    ctx.addIssue({ code: 'custom', message: reason });
    return z.NEVER;
  }
  return code;
});

/** An optional field: a blank input (an empty form field) means «not given», not «wrong». */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && normalizeInput(v) === '' ? undefined : v), schema.optional());
}

/** `unknown_field` for extra keys, `invalid_type` when the value is not an object at all. */
const objectError = (issue: { code?: string; input?: unknown }) =>
  issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.input === undefined ? 'required' : 'invalid_type';

const naturalPersonFields = {
  nationalId: checked('invalid_national_id', normalizeNationalId),
  firstName: personName(),
  lastName: personName(),
  fatherName: personName(),
  mobile: checked('invalid_mobile', normalizeMobile),
  sanaStatus,
};

/** A natural person (شخص حقیقی) with an Iranian national id. */
export const naturalPersonSchema = z.strictObject({ kind: z.literal('natural'), ...naturalPersonFields }, { error: objectError });

/** The natural person who acts for a legal entity (managing director, authorised signatory…). */
export const representativeSchema = z.strictObject(naturalPersonFields, { error: objectError });

/** A legal entity (شخص حقوقی) by its national id (شناسه ملی), acting through a representative. */
export const legalEntitySchema = z.strictObject(
  {
    kind: z.literal('legalEntity'),
    legalId: checked('invalid_legal_id', normalizeLegalEntityId),
    name: entityName(),
    representative: representativeSchema,
    // Legal entities have Sana accounts of their own; not always known at the counter.
    sanaStatus: sanaStatus.default('unknown'),
  },
  { error: objectError },
);

/**
 * A foreign national (تبعه خارجی): a passport number, a foreign-national id (کد فراگیر), or both —
 * at least one. Father's name is not on every passport, and a visitor may have no Iranian mobile,
 * so both are optional.
 */
export const foreignNationalSchema = z
  .strictObject(
    {
      kind: z.literal('foreign'),
      passportNumber: optional(checked('invalid_passport_number', normalizePassportNumber)),
      foreignId: optional(checked('invalid_foreign_id', normalizeForeignNationalId)),
      nationality,
      firstName: personName(),
      lastName: personName(),
      fatherName: optional(personName()),
      mobile: optional(checked('invalid_mobile', normalizeMobile)),
      sanaStatus: sanaStatus.default('unknown'),
    },
    { error: objectError },
  )
  .superRefine((value, ctx) => {
    if (value.passportNumber === undefined && value.foreignId === undefined) {
      ctx.addIssue({ code: 'custom', message: 'passport_or_foreign_id_required', path: ['passportNumber'] });
    }
  });

export const applicantSchema = z.discriminatedUnion('kind', [naturalPersonSchema, legalEntitySchema, foreignNationalSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? 'invalid_applicant_kind' : 'invalid_applicant'),
});

/** The applicant as stored: normalised, validated. */
export type Applicant = z.output<typeof applicantSchema>;
/** The applicant as typed at the counter, before normalisation. */
export type ApplicantInput = z.input<typeof applicantSchema>;
export type NaturalPerson = z.output<typeof naturalPersonSchema>;
export type LegalEntity = z.output<typeof legalEntitySchema>;
export type ForeignNational = z.output<typeof foreignNationalSchema>;

/** Parse an applicant; on failure, one FieldIssue per problem with a dotted path and a reason code. */
export function parseApplicant(input: unknown): { ok: true; applicant: Applicant } | { ok: false; issues: FieldIssue[] } {
  const result = applicantSchema.safeParse(input);
  return result.success ? { ok: true, applicant: result.data } : { ok: false, issues: applicantIssues(result.error) };
}

/**
 * A zod error from these schemas as FieldIssues. An unknown key becomes one issue at that key's path;
 * a message that is not one of our codes (should not happen) falls back to zod's issue code.
 */
export function applicantIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const reason = (applicantReasons as readonly string[]).includes(issue.message) ? issue.message : issue.code;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [null];
    return keys.map((key) => ({ path: (key === null ? issue.path : [...issue.path, key]).map(String).join('.'), reason }));
  });
}

/**
 * A person's name for a list others may see (another counter's open request, the manager's overview):
 * the first name and the initial of the last — enough to tell two requests apart, not to name a
 * party. An entity's registered name is public and stays whole.
 */
export function maskedApplicantName(a: Applicant): string {
  if (a.kind === 'legalEntity') return a.name;
  const initial = [...a.lastName.trim()][0];
  return initial ? `${a.firstName} ${initial}.` : a.firstName;
}

/** The name a screen or receipt shows: a person's first and last name, an entity's registered name. */
export function applicantName(a: Applicant): string {
  return a.kind === 'legalEntity' ? a.name : `${a.firstName} ${a.lastName}`;
}
