/**
 * Inquiries at the counter (ماده ۳۸ ج: an inquiry without legal basis is a violation of degree 5;
 * ماده ۱۴: exemption coverage checked electronically; ماده ۳ تبصره: a document's authenticity). Every
 * inquiry names the request it serves and its purpose; the hub checks the basis (the request is
 * open at the caller's counter, the person is on it), asks the central system at once — an inquiry
 * is never queued offline — and logs it, answered or not. A refused inquiry is in the audit trail.
 */
import { z } from 'zod';
import { documentCode, inquiryAnswer, inquiryKinds } from '../sync/protocol';
import { staffRoles } from '../roles';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { nationalId } from './request';
import * as s from './schemas';

const requestId = z.string().uuid();

export const inquiryInput = z.discriminatedUnion('kind', [
  z.object({ requestId, kind: z.literal('identity'), purpose: z.literal('identityVerification'), nationalId }).strict(),
  z.object({ requestId, kind: z.literal('coverage'), purpose: z.literal('feeExemption'), nationalId }).strict(),
  z.object({ requestId, kind: z.literal('document'), purpose: z.literal('documentAuthenticity'), documentCode: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), documentCode) }).strict(),
]);

export const inquiryView = z.object({
  id: z.string().uuid(),
  kind: z.enum(inquiryKinds),
  purpose: z.string(),
  subject: z.string(),
  askedAt: s.isoInstant,
  askedBy: z.string(),
  outcome: z.enum(['answered', 'failed']),
  answer: inquiryAnswer.nullable(),
  answeredAt: s.isoInstant.nullable(),
});
export type InquiryView = z.infer<typeof inquiryView>;

export const inquiryProcedures = {
  'inquiry.run': procedure({
    summary:
      "Ask the judiciary's registries (through the central system, at once) about the request's applicant or a party — identity, exemption coverage — or a document's authenticity; the request and the purpose are required, the basis is checked, every inquiry is logged.",
    access: staffRoles,
    input: inquiryInput,
    output: inquiryView,
    answerWithinMs: 35_000,
  }),

  'inquiry.list': procedure({
    summary: "The inquiries made for a request, with their answers (the request's counter, or a manager).",
    access: staffRoles,
    input: z.object({ requestId }).strict(),
    output: z.object({ inquiries: z.array(inquiryView) }),
  }),
} satisfies Record<string, ProcedureDef>;
