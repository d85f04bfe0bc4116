/** The applicants on record: found again by their identity number, saved with the numbers checked at entry. */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { applicantSchema } from '../identity/applicant';
import { staff, id, storedApplicant } from './request-types';

export const applicantProcedures = {
  'applicant.find': procedure({
    summary: 'A returning applicant by national id, legal-entity id, foreign-national id or passport number.',
    access: staff,
    input: z.object({ kind: z.enum(['natural', 'legal', 'foreignId', 'passport']), id: z.string().min(1).max(40) }).strict(),
    output: z.object({ applicant: storedApplicant.nullable() }),
  }),
  'applicant.save': procedure({
    summary: 'Save an applicant (new, or the returning one updated); identity numbers checked at entry.',
    access: staff,
    input: applicantSchema,
    output: z.object({ applicantId: id }),
  }),
} satisfies Record<string, ProcedureDef>;
