/**
 * Follow-up of a returned request (رفع نقص; docs/SYNC.md § Follow-up of a returned request). The
 * authority returns a filing with a reason (pulled by the outbox); the office lists those filings
 * for staff, and opens a linked request of service `remedy` on the ticket a counter serves. That
 * request goes through the counter's steps with only the new pages, and «ارسال» sends it as a
 * supplement to the same tracking code.
 */
import { z } from 'zod';
import { serviceCodes } from '../fees/services';
import { requestStatuses } from '../request/stateMachine';
import { trackingCode } from '../sync/protocol';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { id, requestView, staff } from './request-types';
import * as s from './schemas';


/** A returned filing as the list shows it: what identifies it, never the applicant's whole name. */
export const returnedItem = z.object({
  requestId: z.string().uuid(),
  year: z.number().int(),
  number: z.number().int(),
  service: z.enum(serviceCodes),
  /** first name and the initial of the last (ماده ۳۸ ب): enough to recognise, not to read a file */
  applicantName: z.string().nullable(),
  trackingCode,
  reason: z.string().nullable(),
  returnedAt: s.isoInstant,
  /** the remedy request under way for this return, if any */
  followUp: z.object({ requestId: z.string().uuid(), year: z.number().int(), number: z.number().int(), status: z.enum(requestStatuses) }).nullable(),
});
export type ReturnedItem = z.infer<typeof returnedItem>;

export const followUpProcedures = {
  'followUp.returned': procedure({
    summary: 'Filings the authority returned (ابلاغ رفع نقص), newest first, with the reason and the remedy request under way for each.',
    access: staff,
    input: z.object({}).strict(),
    output: z.object({ items: z.array(returnedItem) }),
  }),

  'followUp.start': procedure({
    summary: 'Open a remedy request (رفع نقص) for a returned filing on the ticket the caller’s counter serves; refused (audited) for a request not returned or already being followed up.',
    access: staff,
    input: z.object({ requestId: z.string().uuid(), counterId: id }).strict(),
    output: requestView,
  }),
};
