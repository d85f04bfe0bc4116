/**
 * The schemas the request family of the contract shares (request, applicant, tariff, payment,
 * receipt): a request as the counter sees it, its details, fees, payments and receipts. Not a
 * namespace: the procedures are in ./request.ts, ./applicant.ts, ./tariff.ts, ./payment.ts, ./receipt.ts.
 */
import { z } from 'zod';
import { serviceCodes } from '../fees/services';
import { tariffItemCodes } from '../fees/tariff';
import { applicantSchema } from '../identity/applicant';
import { normalizeNationalId } from '../identity/nationalId';
import { cancelCauses, requestStatuses } from '../request/stateMachine';
import { serviceSteps } from '../request/stepper';
import { printoutKinds, serviceInquiryKinds } from '../request/steps';
import { normalizeInput } from '../text/digits';
import * as s from './schemas';
import { followUpLink } from './followUp-types';
import { submissionView } from './sync';
import { inquiryAnswer } from '../sync/protocol';

export const staff = ['manager', 'legalExpert', 'clerk'] as const;
export const id = z.number().int().positive().max(1_000_000_000);
export const requestId = z.string().uuid();
export const rials = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const positiveRials = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const jalaliDay = z.string().regex(/^1[34]\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'invalid_format' });

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

export const evidence = z.object({ cardNumber: s.freeText({ min: 1, max: 40 }).optional(), confirmationRef: s.freeText({ min: 1, max: 80 }) }).strict();

export const percentageKinds = ['monetaryFirstInstance', 'appeal', 'defaultJudgmentObjection', 'cassation', 'retrial', 'thirdPartyObjection'] as const;
export const fixedKinds = ['unknownValue', 'criminalComplaint', 'adminCourtFirstInstance', 'adminCourtAppeal'] as const;

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

export const tariffTable = z.object({
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

export const storedApplicant = z.object({ id, data: applicantSchema });

export const payment = z.object({
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

export const receipt = z.object({
  paymentId: z.string(),
  year: z.number().int(),
  number: z.number().int(),
  issuedAt: s.isoInstant,
  verifyHash: z.string(),
  /** its payment was given back (core/api/refund.ts): every print from then on says «ابطال شد» */
  voided: z.boolean().optional(),
});

export const refundMethods = ['pcpos', 'manual'] as const;
export const refundStates = ['pending', 'inDoubt', 'approved', 'declined'] as const;

/** A refund of one payment: a reversal on the terminal (`pcpos`) or recorded by hand with a manager's approval (`manual`). */
export const refundView = z.object({
  id: z.string(),
  paymentId: z.string(),
  method: z.enum(refundMethods),
  amountRials: positiveRials,
  reason: z.string(),
  state: z.enum(refundStates),
  /** the reversal's own RRN on the terminal; null for a manual refund or one not approved */
  rrn: z.string().nullable(),
  startedAt: s.isoInstant,
  doneAt: s.isoInstant.nullable(),
});
export type RefundView = z.infer<typeof refundView>;

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
  /** the steps its service has (core/fees/services.ts `flow`): a filing's, or those of a service that files nothing */
  steps: z.array(z.enum(serviceSteps)),
  /** what a service that files nothing asks the central system, and what it prints; null for a filing */
  inquiryKind: z.enum(serviceInquiryKinds).nullable(),
  printout: z.enum(printoutKinds).nullable(),
  currentStep: z.enum(serviceSteps).nullable(),
  /** steps still missing before its last step (send, printout); null once cancelled or refused */
  missing: z.array(z.enum(serviceSteps)).nullable(),
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
  /** the payments that stand (a payment given back is in `refunds`, its receipt `voided`) */
  payments: z.array(payment),
  receipts: z.array(receipt),
  /** every refund of the request's payments, any state (core/api/refund.ts) */
  refunds: z.array(refundView).optional(),
  /** what «ارسال» queued, and what came back: the tracking code, the authority's decision */
  submission: submissionView.nullable(),
  /** an inquiry service's answer from the central system (the latest one asked), to print; null before it is answered or for other services */
  inquiryAnswer: z.object({ inquiryId: z.string().uuid(), subject: z.string(), answeredAt: s.isoInstant, answer: inquiryAnswer }).nullable(),
  /** a Sana service's owner consent, as answered on the applicant screen; null when not asked or not a Sana service */
  sanaConsent: z.object({ given: z.boolean(), identityDocument: z.string(), at: s.isoInstant }).nullable(),
  /** a remedy request (رفع نقص): the returned filing it answers, with the authority's reason; null for any other */
  followUpOf: followUpLink.nullable(),
});
export type RequestView = z.infer<typeof requestView>;

/** A request «پایان خدمت» left unfinished today, as the open-requests list shows it. */
export const openRequestItem = z.object({
  id: requestId,
  year: z.number().int(),
  number: z.number().int(),
  service: z.enum(serviceCodes),
  status: z.enum(requestStatuses),
  currentStep: z.enum(serviceSteps).nullable(),
  counterId: id,
  counterNumber: z.number().int(),
  /** the applicant's name: whole for the caller's own counter, first name and initial otherwise; null before identity */
  applicantName: z.string().nullable(),
  nameMasked: z.boolean(),
  legalDeadline: z.string().nullable(),
  openedAt: s.isoInstant,
});
export type OpenRequestItem = z.infer<typeof openRequestItem>;

export const withRequest = <T extends z.ZodRawShape>(shape: T) => z.object({ requestId, ...shape }).strict();
