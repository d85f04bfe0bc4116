/**
 * «جستجوی درخواست»: staff find a past request by its tracking code, request or receipt number, the
 * applicant's national id, legal id or name, or a range of days (docs/SEARCH.md). What a result shows
 * follows ماده ۳۸ ب: a request not being served at the caller's counter shows only what identifies it
 * — the applicant's id masked (******1234), a person's name as initials — until the caller opens it
 * with a stated purpose (`search.open`, audited). From the opened request: its receipts again
 * («المثنی»), its filing receipt, its status and the authority's decision as pulled from the central system.
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { id, requestId, requestView, staff } from './request-types';
import * as s from './schemas';
import { requestStatuses } from '../request/stateMachine';
import { serviceCodes } from '../fees/services';


/** What a search looks by; each reads through an index of its own (db/search.ts). */
export const searchKinds = ['trackingCode', 'requestNumber', 'receiptNumber', 'nationalId', 'legalId', 'name', 'dateRange'] as const;
export type SearchKind = (typeof searchKinds)[number];

/** Why a clerk opens a request not being served at their counter: the short list, then free text (ماده ۳۸ ب). */
export const searchPurposes = ['applicantReturned', 'receiptReprint', 'statusQuestion', 'followUp', 'managerReview', 'other'] as const;
export type SearchPurpose = (typeof searchPurposes)[number];

/** Typed text as it came: the hub reads it (any digits, marks stripped) and refuses what is not one (SEARCH_QUERY_INVALID). */
const typed = z.string().max(120);

export const searchQuery = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['trackingCode', 'requestNumber', 'receiptNumber', 'nationalId', 'legalId', 'name']), text: typed }).strict(),
  /** Jalali days «1405/09/07» in any digits, both included; `to` empty means the same day as `from` */
  z.object({ kind: z.literal('dateRange'), from: typed, to: typed.optional() }).strict(),
]);
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchResult = z.object({
  id: requestId,
  year: z.number().int(),
  number: z.number().int(),
  service: z.enum(serviceCodes),
  status: z.enum(requestStatuses),
  officeDay: z.string(),
  createdAt: s.isoInstant,
  counterId: id,
  trackingCode: z.string().nullable(),
  /** being served at the caller's counter now: shown whole, nothing to open */
  servedHere: z.boolean(),
  /** null before identity */
  applicant: z
    .object({
      kind: z.enum(['natural', 'legalEntity', 'foreign']),
      /** a person's initials («ع. ر.») unless served here; an entity's registered name is public and whole */
      name: z.string(),
      /** ******1234 unless served here */
      idNumber: z.string(),
      masked: z.boolean(),
    })
    .nullable(),
});
export type SearchResult = z.infer<typeof searchResult>;

const reprintTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('payment'), paymentId: z.string().uuid() }).strict(),
  z.object({ kind: z.literal('filing') }).strict(),
]);

export const searchProcedures = {
  'search.requests': procedure({
    summary:
      'Find requests by tracking code, request or receipt number, national id, legal id, name or a range of days (newest first, at most 50); identifying data masked unless the request is served at the caller’s counter; audited.',
    access: staff,
    input: z.object({ query: searchQuery, counterId: id.optional() }).strict(),
    output: z.object({ results: z.array(searchResult), more: z.boolean() }),
  }),
  'search.open': procedure({
    summary:
      'Open a found request with a stated purpose (ماده ۳۸ ب): its whole view — applicant, fees, payments, receipts, the submission, its tracking code and the authority’s decision; audited as requestOpened with the purpose.',
    access: staff,
    input: z.object({ requestId, counterId: id.optional(), purpose: z.enum(searchPurposes), note: s.freeText({ min: 0, max: 200 }) }).strict(),
    output: z.object({
      request: requestView,
      /** the authority returned it: the place where «پیگیری رفع نقص» will start from */
      returned: z.boolean(),
    }),
  }),
  'search.reprint': procedure({
    summary:
      'Issue a receipt of an opened request again — a payment receipt or its filing receipt — as a PDF or on the caller’s counter printer; every issue after the first is «المثنی» (the one receipt stack, hub/receipt/).',
    access: staff,
    input: z.object({ requestId, counterId: id.optional(), receipt: reprintTarget, output: z.enum(['pdf', 'print']) }).strict(),
    output: z.object({ duplicate: z.boolean(), fileName: z.string().nullable(), pdfBase64: z.string().nullable(), printer: z.string().nullable() }),
    answerWithinMs: 30_000,
  }),
} satisfies Record<string, ProcedureDef>;
