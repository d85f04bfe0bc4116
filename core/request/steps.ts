/**
 * The steps a service has (issue 19, point 4). Every service starts the same way — identity, details,
 * fees, payment (ماده ۴: nothing is computed for someone not identified; the fees come before anything
 * the office does) — and then either **files** something (documents → applicant review → originals
 * matched → send, the rest of ماده ۴) or **files nothing** and ends with what the applicant came for:
 *
 * - `inquiry` → `printout`: the central system is asked (a notification, a case's status) and the answer
 *   is printed for the applicant;
 * - `printout` alone: a payment receipt (پرداخت الکترونیک وجوه) or a Sana password slip (with the
 *   owner's consent, ماده ۴۰ ب).
 *
 * The catalogue (core/fees/services.ts) declares the steps of each service; `serviceFlow` validates a
 * declaration, so a catalogue that skips identity or sends without matching the originals cannot load.
 * Pure; imports only zod.
 */
import { z } from 'zod';

/** Every step a service may have, in the order they happen. */
export const serviceSteps = [
  'identity',
  'details',
  'fees',
  'payment',
  'documents',
  'applicantReview',
  'originalsMatch',
  'send',
  'inquiry',
  'printout',
] as const;
export type ServiceStep = (typeof serviceSteps)[number];

/** The head every service has (ماده ۴). */
const COMMON_HEAD = ['identity', 'details', 'fees', 'payment'] as const satisfies readonly ServiceStep[];
/** What a filing adds: capture, the applicant's review, the match against the originals, sending. */
const FILING_TAIL = ['documents', 'applicantReview', 'originalsMatch', 'send'] as const satisfies readonly ServiceStep[];

/** A filing service's steps: the whole of ماده ۴. The steps every service had before services declared theirs. */
export const filingSteps: readonly ServiceStep[] = Object.freeze([...COMMON_HEAD, ...FILING_TAIL]);
/** An inquiry service's steps: the central system's answer, printed. */
export const inquirySteps: readonly ServiceStep[] = Object.freeze([...COMMON_HEAD, 'inquiry', 'printout']);
/** A service that ends with a slip or receipt printed at the counter. */
export const printoutSteps: readonly ServiceStep[] = Object.freeze([...COMMON_HEAD, 'printout']);

/** What the central system is asked for an inquiry service (core/sync/protocol.ts `inquiryKinds`). */
export const serviceInquiryKinds = ['notification', 'caseStatus'] as const;
export type ServiceInquiryKind = (typeof serviceInquiryKinds)[number];

/** What is printed at the end of a service that files nothing. */
export const printoutKinds = ['inquiryAnswer', 'paymentReceipt', 'sanaSlip'] as const;
export type PrintoutKind = (typeof printoutKinds)[number];

/**
 * A service's declared steps, with what its inquiry asks and what its printout is. Refinements:
 * the common head comes first, in order; a filing has the whole filing tail and nothing else; an
 * inquiry is followed by its printout; the inquiry kind and printout kind are given exactly when the
 * steps have them, and an inquiry's printout is its answer.
 */
export const serviceFlow = z
  .object({
    steps: z.array(z.enum(serviceSteps)).min(1).max(serviceSteps.length),
    inquiry: z.enum(serviceInquiryKinds).nullable(),
    printout: z.enum(printoutKinds).nullable(),
  })
  .strict()
  .superRefine((flow, ctx) => {
    const problem = flowProblem(flow.steps, flow.inquiry, flow.printout);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['steps'] });
  });
export type ServiceFlow = z.infer<typeof serviceFlow>;

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function flowProblem(steps: readonly ServiceStep[], inquiry: ServiceInquiryKind | null, printout: PrintoutKind | null): string | null {
  if (!same(steps.slice(0, COMMON_HEAD.length), COMMON_HEAD)) return 'steps_must_start_with_identity_details_fees_payment';
  const tail = steps.slice(COMMON_HEAD.length);
  if (same(tail, FILING_TAIL)) return inquiry === null && printout === null ? null : 'filing_has_no_inquiry_or_printout';
  if (same(tail, ['inquiry', 'printout'])) return inquiry !== null && printout === 'inquiryAnswer' ? null : 'inquiry_needs_its_kind_and_prints_its_answer';
  if (same(tail, ['printout'])) return inquiry === null && printout !== null && printout !== 'inquiryAnswer' ? null : 'printout_needs_its_kind';
  return 'steps_end_with_send_or_printout';
}

/** The filing flow, for a request whose service declares nothing else. */
export const filingFlow: ServiceFlow = Object.freeze({ steps: filingSteps as ServiceStep[], inquiry: null, printout: null });

/** The last step: `send` for a filing, `printout` for a service that files nothing. */
export function lastStep(steps: readonly ServiceStep[]): ServiceStep {
  return steps[steps.length - 1] ?? 'send';
}

export function hasStep(steps: readonly ServiceStep[], step: ServiceStep): boolean {
  return steps.includes(step);
}
