/**
 * The applicant's screen (the second display at a counter, ماده ۴ "show to the applicant"): what the
 * person in front of the counter may see of their own request — the service, their name, the fees
 * line by line and what is paid. No identity numbers, no parties, nothing of anyone else.
 */
import { z } from 'zod';
import { serviceCodes } from '../fees/services';
import { requestStatuses } from '../request/stateMachine';
import { serviceSteps } from '../request/steps';
import type { EventDef, ProcedureDef } from './contract-types';
import { event, procedure } from './define';
import * as s from './schemas';
import { feeLine, paymentParts, quoteTotals } from './request';
import { documentTypes } from './capture';

const id = z.number().int().positive().max(1_000_000_000);
const viewers = ['applicant', 'manager', 'legalExpert', 'clerk'] as const;

export const applicantScreenView = z.object({
  counterNumber: z.number().int(),
  /** the number being served at the counter, «ب-۰۱۲» */
  ticketDisplay: z.string().nullable(),
  request: z
    .object({
      /** which request this is: an answer given on the screen names it back (review, Sana consent) */
      id: z.string().uuid(),
      year: z.number().int(),
      number: z.number().int(),
      service: z.enum(serviceCodes),
      status: z.enum(requestStatuses),
      /** the steps its service has (a filing's, or those of a service that files nothing), and the one it is at */
      steps: z.array(z.enum(serviceSteps)),
      currentStep: z.enum(serviceSteps).nullable(),
      /**
       * An inquiry service's answer, once the central system gave it: how many notifications, or
       * whether the case was found — the text itself is printed, not shown on the screen.
       */
      inquiry: z.object({ kind: z.enum(['notification', 'caseStatus']), found: z.number().int().nonnegative() }).nullable(),
      legalDeadline: z.string().nullable(),
      /** the applicant's own name, once identified */
      applicantName: z.string().nullable(),
      fees: z
        .object({
          lines: z.array(feeLine),
          totals: quoteTotals,
          discountReason: z.string().nullable(),
          due: z.object({ officeTariff: z.number().int(), judicialCost: z.number().int() }),
          paid: z.array(z.enum(paymentParts)),
        })
        .nullable(),
      /**
       * The captured pages, while the applicant is asked to look at them (ماده ۴ «به رؤیت متقاضی»):
       * ids and document types only; each page's image comes from applicantScreen.page.
       */
      /**
       * Sana registration or change (ماده ۴۰ ب): whether the owner is being asked now (the request is
       * ready to send) and what they answered; null for any other service.
       */
      sanaConsent: z.object({ asked: z.boolean(), given: z.boolean().nullable() }).nullable(),
      documents: z
        .object({
          digest: z.string(),
          pages: z.array(z.object({ id: z.string().uuid(), number: z.number().int(), documentType: z.enum(documentTypes) })),
        })
        .nullable(),
    })
    .nullable(),
});
export type ApplicantScreenView = z.infer<typeof applicantScreenView>;

export const applicantScreenProcedures = {
  'applicantScreen.counters': procedure({
    summary: 'The active counters, for choosing which one this screen faces.',
    access: viewers,
    input: z.object({}).strict(),
    output: z.object({ counters: z.array(z.object({ id, number: z.number().int() })) }),
  }),
  'applicantScreen.view': procedure({
    summary: "What the applicant at a counter sees: the current ticket's latest open request and its fees (an applicant view: its own counter's only).",
    access: viewers,
    input: z.object({ counterId: id }).strict(),
    output: applicantScreenView,
  }),
  'applicantScreen.page': procedure({
    summary: "A page of the request shown on the counter's applicant screen, as a screen-size JPEG (only while it waits for the applicant's review; an applicant view: its own counter's only).",
    access: viewers,
    input: z.object({ counterId: id, pageId: z.string().uuid() }).strict(),
    output: z.object({ mime: z.literal('image/jpeg'), base64: z.string() }),
  }),
  'applicantScreen.review': procedure({
    summary:
      "The applicant confirms the pages they were shown, or objects with a reason; it counts only for the request and the page list shown (requestId, digest), and only from the screen of that request's counter.",
    access: ['applicant'],
    input: z
      .object({
        counterId: id,
        requestId: z.string().uuid(),
        outcome: z.enum(['confirmed', 'objected']),
        digest: z.string().regex(/^[0-9a-f]{64}$/),
        reason: s.freeText({ min: 0, max: 300, multiline: true }).optional(),
      })
      .strict(),
    output: applicantScreenView,
  }),
  'applicantScreen.sanaConsent': procedure({
    summary:
      "The owner of the Sana account answers on the applicant screen whether they ask for this registration or change (ماده ۴۰ ب); only from the screen of that request's counter, and only for the request it showed (requestId).",
    access: ['applicant'],
    input: z.object({ counterId: id, requestId: z.string().uuid(), consent: z.boolean() }).strict(),
    output: applicantScreenView,
  }),
} satisfies Record<string, ProcedureDef>;

export const applicantScreenEvents = {
  'applicantScreen.changed': event({
    summary:
      "What a counter's applicant screen shows may have changed (a ticket called, finished, set aside, sent on or closed at the day's end; the counter changed; its request moved on or closed): that screen asks for its view again.",
    access: viewers,
    payload: z.object({ counterId: id, at: s.isoInstant }),
  }),
} satisfies Record<string, EventDef>;
