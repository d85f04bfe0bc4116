/**
 * The request's procedures: the counter workflow (ماده ۴: identity → details → fees → payment;
 * ماده ۱۴: exemptions) and «ارسال». Staff only: nothing here is for a kiosk, board or the applicant's
 * screen. The legal order itself lives in core/request; fees in core/fees. The schemas the request
 * family shares are in ./request-types.ts; tariff, applicant, payment and receipt have their own files.
 */
import { z } from 'zod';
import type { EventDef, ProcedureDef } from './contract-types';
import { event, procedure } from './define';
import { staff, id, requestId, positiveRials, identityDocuments, closeKinds, requestDetails, officeExemptionInput, requestView, openRequestItem, withRequest } from './request-types';
import * as s from './schemas';
import { serviceCodes } from '../fees/services';
import { normalizeInput } from '../text/digits';
import { trackingCode } from '../sync/protocol';

/** The shared schemas, where the renderer and the hub have always found them. */
export { identityDocuments, identityDocumentsFor, closeKinds, partyRoles, instances, paymentParts, nationalId, judicialCostsInput, requestDetails, officeExemptionInput, feeLine, quoteTotals, requestView, openRequestItem } from './request-types';
export type { CloseKind, PaymentPart, RequestDetails, RequestView, OpenRequestItem } from './request-types';

export const requestProcedures = {
  'request.open': procedure({
    summary: "Open a request for the ticket the caller's counter is serving.",
    access: staff,
    input: z
      .object({
        counterId: id,
        service: z.enum(serviceCodes),
        /** the legal deadline, Jalali «1404/05/23» in any digits */
        legalDeadline: z.preprocess((v) => (typeof v === 'string' && normalizeInput(v) === '' ? undefined : v), z.string().max(20).optional()),
      })
      .strict(),
    output: requestView,
  }),

  'request.atCounter': procedure({
    summary: "The requests opened for the ticket the counter is serving, oldest first (none when it serves no one).",
    access: staff,
    input: z.object({ counterId: id }).strict(),
    output: z.object({ ticketId: z.string().nullable(), requests: z.array(requestView) }),
  }),

  'request.openToday': procedure({
    summary: 'Today’s requests left unfinished by «پایان خدمت» (not on any desk, not closed, not yet in the outbox), oldest first, to resume or hand over.',
    access: staff,
    input: z.object({ counterId: id.optional() }).strict(),
    output: z.object({ requests: z.array(openRequestItem) }),
  }),

  'request.resume': procedure({
    summary: 'Take an open request of this counter (its own, or handed over to it) onto the ticket the counter serves now; audited.',
    access: staff,
    input: withRequest({ counterId: id }),
    output: requestView,
  }),

  'request.handOver': procedure({
    summary: 'Hand an open request over to another counter, which resumes it there; audited with both counters.',
    access: staff,
    input: withRequest({ toCounterId: id }),
    output: z.object({ counterId: id }),
  }),

  'request.get': procedure({ summary: 'A request: status, step, what is missing, applicant, details, fees, payments, receipts.', access: staff, input: withRequest({}), output: requestView }),

  'request.verifyIdentity': procedure({
    summary: 'Record that the applicant was identified against a document (ماده ۴).',
    access: staff,
    input: withRequest({ applicantId: id, document: z.enum(identityDocuments) }),
    output: requestView,
  }),

  'request.setDetails': procedure({
    summary: 'Parties, instance, pages, persons and judicial-cost input: what the fees depend on.',
    access: staff,
    input: withRequest({ details: requestDetails }),
    output: requestView,
  }),

  'request.fixFees': procedure({
    summary: 'Compute the fees under the tariff in force on the request’s day, with an optional discount (with reason) or exemption.',
    access: staff,
    input: withRequest({
      discount: z.object({ amountRials: positiveRials, reason: s.freeText({ min: 0, max: 300 }) }).strict().optional(),
      exemption: officeExemptionInput.optional(),
    }),
    output: requestView,
  }),

  'request.waivePayment': procedure({
    summary: 'Settle a request whose fees are 0 (exempt) without payment, with the reason.',
    access: staff,
    input: withRequest({ reason: s.freeText({ min: 0, max: 300 }) }),
    output: requestView,
  }),

  'request.close': procedure({
    summary: 'Cancel (the applicant withdrew), cancel as the clerk’s mistake, or refuse (the office declined, ماده ۳۷ پ) a request, with the reason.',
    access: staff,
    input: withRequest({ kind: z.enum(closeKinds), reason: s.freeText({ min: 0, max: 500, multiline: true }) }),
    output: requestView,
  }),

  'request.setDeadline': procedure({
    summary: 'Correct (or clear) a request’s legal deadline until it is queued for sending; never a day already past; audited with the old and new day.',
    access: staff,
    input: withRequest({
      /** Jalali «1405/09/20» in any digits; blank removes the deadline */
      legalDeadline: z.preprocess((v) => (typeof v === 'string' && normalizeInput(v) === '' ? null : v), z.string().max(20).nullable()),
    }),
    output: requestView,
  }),

  'request.inquire': procedure({
    summary:
      "A service that files nothing (مشاهدهٔ ابلاغیه، پیگیری، وضعیت پرونده): once paid, ask the central system at once — the applicant's own notifications, or a filing's status by its tracking code — log the inquiry and keep its answer for the printout; refused for a service without an inquiry step.",
    access: staff,
    input: withRequest({ trackingCode: z.preprocess((v) => (typeof v === 'string' ? normalizeInput(v).replace(/[\s-]/g, '') : v), trackingCode).optional() }),
    output: requestView,
    answerWithinMs: 35_000,
  }),

  'request.deliver': procedure({
    summary:
      'A service that files nothing ends: what the applicant came for (the inquiry’s answer, the payment receipt, the Sana password slip — with the owner’s consent) was printed and handed over; refused for a filing and before the step it follows.',
    access: staff,
    input: withRequest({}),
    output: requestView,
  }),

  'request.send': procedure({
    summary: 'Send a matched request to the competent authority: freezes it into a submission and queues it (works offline).',
    access: staff,
    input: z.object({ requestId }).strict(),
    output: z.object({ submissionId: z.string().uuid() }),
  }),
} satisfies Record<string, ProcedureDef>;

export const requestEvents = {
  'request.changed': event({
    summary: "A request at a counter changed (step, fees, payment); the counter refreshes (the applicant's screen hears applicantScreen.changed with it).",
    access: ['applicant', ...staff],
    payload: z.object({ counterId: id, at: s.isoInstant }),
  }),
} satisfies Record<string, EventDef>;
