import { describe, expect, it } from 'vitest';
import { applicantReasons, applicantSchema, parseApplicant } from './applicant';

const person = {
  kind: 'natural',
  nationalId: '0013542419',
  firstName: 'علی',
  lastName: 'رضایی',
  fatherName: 'حسن',
  mobile: '09121234567',
  sanaStatus: 'registered',
} as const;
const { kind: _kind, ...representative } = person;
const entity = { kind: 'legalEntity', legalId: '10380284790', name: 'شرکت نمونه ۲', representative } as const;
const foreigner = { kind: 'foreign', passportNumber: 'P01234567', nationality: 'AF', firstName: 'Ahmad', lastName: 'Karimi' } as const;

/** The issues of a rejected input as `path: reason` strings. */
function reasons(input: unknown): string[] {
  const result = parseApplicant(input);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.applicant)}`);
  return result.issues.map((i) => `${i.path}: ${i.reason}`);
}

describe('applicant schema: natural person', () => {
  it('accepts a complete person and normalises digits, Arabic letters and spaces', () => {
    const result = applicantSchema.parse({
      ...person,
      nationalId: '۰۰۱۳۵۴۲۴۱۹',
      firstName: '  علي  ',
      lastName: 'رضايي   كريمي',
      mobile: '+98 912 123 4567',
    });
    expect(result).toEqual({ ...person, firstName: 'علی', lastName: 'رضایی کریمی', mobile: '09121234567' });
  });

  it('left-pads an 8-digit national id as the national-id check does', () => {
    expect(applicantSchema.parse({ ...person, nationalId: '13542419' })).toMatchObject({ nationalId: '0013542419' });
  });

  it('keeps the half-space (ZWNJ) inside a name', () => {
    expect(applicantSchema.parse({ ...person, lastName: 'محمدی\u200cنیا' })).toMatchObject({ lastName: 'محمدی\u200cنیا' });
  });

  it('refuses a wrong national id, a landline and a Sana status it does not know, each with its own code', () => {
    expect(reasons({ ...person, nationalId: '0013542418', mobile: '02188776655', sanaStatus: 'yes' })).toEqual([
      'nationalId: invalid_national_id',
      'mobile: invalid_mobile',
      'sanaStatus: invalid_sana_status',
    ]);
  });

  it('says «required» for missing and blank fields rather than «invalid»', () => {
    expect(reasons({ kind: 'natural', nationalId: '  ', firstName: '' })).toEqual([
      'nationalId: required',
      'firstName: required',
      'lastName: required',
      'fatherName: required',
      'mobile: required',
      'sanaStatus: required',
    ]);
  });

  it('refuses names with digits or without letters, and names over 80 characters', () => {
    expect(reasons({ ...person, firstName: 'علی۲', lastName: '---', fatherName: 'ح'.repeat(81) })).toEqual([
      'firstName: invalid_name',
      'lastName: invalid_name',
      'fatherName: too_long',
    ]);
  });

  it('refuses fields it does not know, naming each one', () => {
    expect(reasons({ ...person, password: 'x', note: 'y' })).toEqual(['password: unknown_field', 'note: unknown_field']);
  });

  it('refuses a number where text belongs', () => {
    expect(reasons({ ...person, nationalId: 13542419 })).toEqual(['nationalId: invalid_type']);
  });
});

describe('applicant schema: legal entity', () => {
  it('accepts an entity with its representative, Sana status unknown by default', () => {
    expect(applicantSchema.parse({ ...entity, legalId: '۱۰۳۸۰۲۸۴۷۹۰' })).toEqual({ ...entity, name: 'شرکت نمونه 2', sanaStatus: 'unknown' });
  });

  it('refuses a wrong legal id and reports the representative’s problems under its path', () => {
    expect(reasons({ ...entity, legalId: '10380284791', representative: { ...representative, nationalId: '1111111111' } })).toEqual([
      'legalId: invalid_legal_id',
      'representative.nationalId: invalid_national_id',
    ]);
  });

  it('needs a representative', () => {
    const { representative: _r, ...withoutRepresentative } = entity;
    expect(reasons(withoutRepresentative)).toEqual(['representative: required']);
  });

  it('refuses a natural person’s national id in the legal-id field', () => {
    expect(reasons({ ...entity, legalId: '0013542419' })).toEqual(['legalId: invalid_legal_id']);
  });
});

describe('applicant schema: foreign national', () => {
  it('accepts a passport holder without father’s name or mobile, upper-casing passport and nationality', () => {
    expect(applicantSchema.parse({ ...foreigner, passportNumber: 'p01234567', nationality: 'af' })).toEqual({ ...foreigner, sanaStatus: 'unknown' });
  });

  it('accepts a foreign-national id instead of a passport, and treats blank optional fields as absent', () => {
    const parsed = applicantSchema.parse({ ...foreigner, passportNumber: ' ', foreignId: '۱۲۳۴۵۶۷۸۹۰۱۲', fatherName: '', mobile: '' });
    expect(parsed).toEqual({ kind: 'foreign', foreignId: '123456789012', nationality: 'AF', firstName: 'Ahmad', lastName: 'Karimi', sanaStatus: 'unknown' });
  });

  it('needs a passport number or a foreign-national id', () => {
    const { passportNumber: _p, ...neither } = foreigner;
    expect(reasons(neither)).toEqual(['passportNumber: passport_or_foreign_id_required']);
  });

  it('refuses a malformed passport number, foreign id, mobile and nationality', () => {
    expect(reasons({ ...foreigner, passportNumber: 'AB', foreignId: '123', mobile: '0912', nationality: 'AFG' })).toEqual([
      'passportNumber: invalid_passport_number',
      'foreignId: invalid_foreign_id',
      'nationality: invalid_nationality',
      'mobile: invalid_mobile',
    ]);
  });

  it('sends an Iranian to the national-id path', () => {
    expect(reasons({ ...foreigner, nationality: 'ir' })).toEqual(['nationality: iranian_needs_national_id']);
  });
});

describe('applicant schema: errors', () => {
  it('refuses an unknown kind and things that are not applicants at all', () => {
    expect(reasons({ ...person, kind: 'robot' })).toEqual(['kind: invalid_applicant_kind']);
    expect(reasons(null)).toEqual([': invalid_applicant']);
    expect(reasons('0013542419')).toEqual([': invalid_applicant']);
  });

  it('only ever reports its own reason codes, never zod’s English sentences', () => {
    const bad: unknown[] = [
      {},
      null,
      [],
      { kind: 'natural', nationalId: 1, firstName: 2, lastName: [], fatherName: {}, mobile: true, sanaStatus: 3 },
      { kind: 'legalEntity', legalId: null, name: 5, representative: 'x', sanaStatus: 'maybe' },
      { kind: 'legalEntity', legalId: '10380284790', name: 'x', representative: { nationalId: 'x', extra: 1 } },
      { kind: 'foreign', nationality: 7, firstName: 'A1', lastName: '', passportNumber: 8, foreignId: 9, mobile: 10, fatherName: 11 },
    ];
    for (const input of bad) {
      const result = applicantSchema.safeParse(input);
      expect(result.success).toBe(false);
      for (const issue of result.error!.issues) expect(applicantReasons).toContain(issue.message);
    }
  });
});
