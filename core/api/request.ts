/**
 * The counter workflow's procedures (ماده ۴: identity → details → fees → electronic payment; ماده ۱۳:
 * tariff and receipts; ماده ۱۴: exemptions). Staff only: nothing here is for a kiosk, board or the
 * applicant's screen. The legal order itself lives in core/request; fees in core/fees.
 */
import { z } from 'zod';
import { serviceCodes } from '../fees/services';
import { tariffItemCodes } from '../fees/tariff';
import { applicantSchema } from '../identity/applicant';
import { normalizeNationalId } from '../identity/nationalId';
import { cancelCauses, requestStatuses } from '../request/stateMachine';
import { requestSteps } from '../request/stepper';
import { normalizeInput } from '../text/digits';
import type { EventDef, ProcedureDef } from './contract-types';
import * as s from './schemas';
import { submissionView } from './sync';

const procedure = <I extends z.ZodType, O extends z.ZodType>(def: ProcedureDef<I, O>) => def;
const event = <P extends z.ZodType>(def: EventDef<P>) => def;

const staff = ['manager', 'legalExpert', 'clerk'] as const;
const id = z.number().int().positive().max(1_000_000_000);
const requestId = z.string().uuid();
const rials = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const positiveRials = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const jalaliDay = z.string().regex(/^1[34]\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'invalid_format' });

/** Documents a clerk may verify identity against (ماده ۴). */
export const identityDocuments = ['nationalCard', 'birthCertificate', 'passport', 'foreignNationalCard', 'residencePermit', 'companyDocuments'] as const;
/** Which documents identify which kind of applicant: a passport is not a legal entity's papers. */
export const identityDocumentsFor = {
  natural: ['nationalCard', 'birthCertificate'],
  legalEntity: ['companyDocuments'],
  foreign: ['passport', 'foreignNationalCard', 'residencePermit'],
} as const satisfies Record<'natural' | 'legalEntity' | 'foreign', ReadonlyArray<(typeof identityDocuments)[number]>>;

/** How the counter closes a request: the applicant withdrew, the clerk's own mistake, or the office refused (ماده ۳۷ پ). */
export const closeKinds = ['cancelled', 'clerkError', 'refused'] as const;
export type CloseKind = (typeof closeKinds)[number];

export const partyRoles = ['plaintiff', 'defendant', 'attorney', 'representative', 'other'] as const;
export const instances = ['first', 'appeal', 'cassation'] as const;
export const paymentParts = ['officeTariff', 'judicialCost'] as const;
export type PaymentPart = (typeof paymentParts)[number];

/** A national id typed in any digits; checked (check digit, repeated digits) and stored in Latin digits. */
export const nationalId = z.string().max(20).transform((raw, ctx) => {
  const value = normalizeNationalId(raw);
  if (value === null) {
    ctx.addIssue({ code: 'custom', message: 'invalid_national_id' });
    return z.NEVER;
  }
  return value;
});

const evidence = z.object({ cardNumber: s.freeText({ min: 1, max: 40 }).optional(), confirmationRef: s.freeText({ min: 1, max: 80 }) }).strict();

const percentageKinds = ['monetaryFirstInstance', 'appeal', 'defaultJudgmentObjection', 'cassation', 'retrial', 'thirdPartyObjection'] as const;
const fixedKinds = ['unknownValue', 'criminalComplaint', 'adminCourtFirstInstance', 'adminCourtAppeal'] as const;

/** core/fees JudicialCostRequest, as the counter sends it. */
export const judicialCostsInput = z
  .object({
    claims: z
      .array(
        z.union([
          z.object({ kind: z.enum(percentageKinds), valueRials: positiveRials }).strict(),
          z.object({ kind: z.literal('nonMonetary'), amountRials: positiveRials }).strict(),
          z.object({ kind: z.enum(fixedKinds) }).strict(),
        ]),
      )
      .max(20)
      .optional(),
    formSheets: z.number().int().min(0).max(1000).optional(),
    certifiedCopies: z.number().int().min(0).max(1000).optional(),
    exemption: z.object({ category: z.enum(['reliefCommittee', 'welfarePensioner', 'indigentByCourtDecision']), evidence }).strict().optional(),
  })
  .strict();

export const requestDetails = z
  .object({
    parties: z
      .array(z.object({ role: z.enum(partyRoles), name: s.freeText({ min: 2, max: 120 }), nationalId: nationalId.optional() }).strict())
      .min(1)
      .max(200),
    instance: z.enum(instances),
    /** attachment pages */
    pages: z.number().int().min(0).max(10_000),
    /** everyone on the request (parties, attorneys, representatives); default: the parties listed */
    persons: z.number().int().min(0).max(1000).optional(),
    judicialCosts: judicialCostsInput.optional(),
  })
  .strict();
export type RequestDetails = z.output<typeof requestDetails>;

export const officeExemptionInput = z
  .object({ category: z.enum(['reliefCommittee', 'welfarePensioner', 'indigentPrisoner']), evidence })
  .strict();

const tariffTable = z.object({
  id: z.string(),
  title: z.string(),
  effectiveFrom: z.string(),
  source: z.string(),
  items: z.partialRecord(z.enum(tariffItemCodes), z.number().int()),
  addedAt: z.string(),
  addedBy: z.number().int().nullable(),
});

export const feeLine = z.object({
  kind: z.enum(['officeTariff', 'judicialCost']),
  code: z.string(),
  quantity: z.number().int(),
  unitRials: rials,
  amountRials: rials,
  discountRials: rials,
  exemptRials: rials,
  chargedRials: rials,
  basisRials: rials.optional(),
});

export const quoteTotals = z.object({
  officeTariffRials: rials,
  judicialCostRials: rials,
  discountRials: rials,
  exemptRials: rials,
  judicialExemptRials: rials,
  payableRials: rials,
});

const storedApplicant = z.object({ id, data: applicantSchema });

const payment = z.object({
  id: z.string(),
  part: z.enum(paymentParts),
  method: z.enum(['pcpos', 'manual']),
  amountRials: positiveRials,
  rrn: z.string(),
  trace: z.string(),
  terminalId: z.string(),
  maskedCard: z.string(),
  paidAt: s.isoInstant,
});

const receipt = z.object({ paymentId: z.string(), year: z.number().int(), number: z.number().int(), issuedAt: s.isoInstant, verifyHash: z.string() });

/** A request as the counter's stepper shows it. */
export const requestView = z.object({
  id: requestId,
  year: z.number().int(),
  number: z.number().int(),
  ticketId: z.string(),
  counterId: id,
  service: z.enum(serviceCodes),
  officeDay: z.string(),
  legalDeadline: z.string().nullable(),
  status: z.enum(requestStatuses),
  currentStep: z.enum(requestSteps).nullable(),
  /** steps still missing before it can be sent; null once cancelled or refused */
  missing: z.array(z.enum(requestSteps)).nullable(),
  reason: z.string().nullable(),
  /** why a cancelled request was cancelled: the applicant withdrew («انصراف متقاضی») or the clerk's mistake («اشتباه متصدی»); null otherwise */
  cancelCause: z.enum(cancelCauses).nullable(),
  applicant: storedApplicant.nullable(),
  details: requestDetails.nullable(),
  quote: z
    .object({
      id,
      tableId: z.string(),
      totals: quoteTotals,
      lines: z.array(feeLine),
      discount: z.object({ amountRials: positiveRials, reason: z.string() }).nullable(),
      /** what each part of the payment is: the office's charge and the judiciary's, paid separately */
      due: z.object({ officeTariff: rials, judicialCost: rials }),
    })
    .nullable(),
  payments: z.array(payment),
  receipts: z.array(receipt),
  /** what «ارسال» queued, and what came back: the tracking code, the authority's decision */
  submission: submissionView.nullable(),
  /** a Sana service's owner consent, as answered on the applicant screen; null when not asked or not a Sana service */
  sanaConsent: z.object({ given: z.boolean(), identityDocument: z.string(), at: s.isoInstant }).nullable(),
});
export type RequestView = z.infer<typeof requestView>;

/** A request «پایان خدمت» left unfinished today, as the open-requests list shows it. */
export const openRequestItem = z.object({
  id: requestId,
  year: z.number().int(),
  number: z.number().int(),
  service: z.enum(serviceCodes),
  status: z.enum(requestStatuses),
  currentStep: z.enum(requestSteps).nullable(),
  counterId: id,
  counterNumber: z.number().int(),
  /** the applicant's name: whole for the caller's own counter, first name and initial otherwise; null before identity */
  applicantName: z.string().nullable(),
  nameMasked: z.boolean(),
  legalDeadline: z.string().nullable(),
  openedAt: s.isoInstant,
});
export type OpenRequestItem = z.infer<typeof openRequestItem>;

const withRequest = <T extends z.ZodRawShape>(shape: T) => z.object({ requestId, ...shape }).strict();

export const requestProcedures = {
  'tariff.tables': procedure({
    summary: 'The office tariff tables on record, oldest first (ماده ۱۳).',
    access: staff,
    input: z.object({}).strict(),
    output: z.object({ tables: z.array(tariffTable) }),
  }),

  'tariff.addTable': procedure({
    summary: 'Add a tariff table with its effective day and source; never overwrites one (manager).',
    access: ['manager'],
    input: z
      .object({
        id: z.string().regex(/^[a-z0-9-]{3,60}$/, { message: 'invalid_format' }),
        title: s.freeText({ min: 2, max: 200 }),
        effectiveFrom: jalaliDay,
        source: s.freeText({ min: 2, max: 500 }),
        items: z.partialRecord(z.enum(tariffItemCodes), z.number().int().min(0).max(1_000_000_000)),
      })
      .strict(),
    output: z.object({ tables: z.array(tariffTable) }),
  }),

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

  'payment.manual': procedure({
    summary: "Record a card payment typed from the bank terminal's receipt, for one part of the fees; issues the receipt.",
    access: staff,
    input: withRequest({
      part: z.enum(paymentParts),
      approval: z
        .object({
          amountRials: z.union([z.number(), z.string().max(40)]),
          rrn: z.string().max(40),
          trace: z.string().max(40),
          terminalId: z.string().max(40),
          maskedCard: z.string().max(40),
          responseCode: z.string().max(10),
          approvedAt: z.string().max(40).optional(),
        })
        .strict(),
    }),
    output: z.object({ paymentId: z.string(), receipt, request: requestView }),
  }),

  'receipt.pdf': procedure({
    summary: 'The A5 PDF receipt of a payment (FEES.md §4); every print is recorded, and every one after the first is marked «المثنی».',
    access: staff,
    input: z.object({ paymentId: z.string().uuid() }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string(), duplicate: z.boolean() }),
  }),

  'receipt.thermal': procedure({
    summary: 'The 80 mm thermal receipt of a payment as a PNG for the screen preview; recorded like a PDF print («المثنی» after the first).',
    access: staff,
    input: z.object({ paymentId: z.string().uuid() }).strict(),
    output: z.object({ pngBase64: z.string(), duplicate: z.boolean() }),
  }),
} satisfies Record<string, ProcedureDef>;

export const requestEvents = {
  'request.changed': event({
    summary: "A request at a counter changed (step, fees, payment); the counter refreshes (the applicant's screen hears applicantScreen.changed with it).",
    access: ['applicant', ...staff],
    payload: z.object({ counterId: id, at: s.isoInstant }),
  }),
} satisfies Record<string, EventDef>;
