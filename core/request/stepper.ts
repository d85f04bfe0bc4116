/**
 * The counter's stepper (shared/design/UX.md): where a request stands in the legal order of ماده ۴,
 * and what is still missing before it can be sent.
 *
 *   identity → details → fees → payment → documents → applicant review → originals matched → send
 */
import type { RequestState, RequestStatus } from './stateMachine';

export const requestSteps = [
  'identity',
  'details',
  'fees',
  'payment',
  'documents',
  'applicantReview',
  'originalsMatch',
  'send',
] as const;
export type RequestStep = (typeof requestSteps)[number];

/** Steps before `send`: what `readyToSend` needs. */
const STEPS_BEFORE_SEND = requestSteps.slice(0, -1) as Exclude<RequestStep, 'send'>[];

/** How many steps each status has completed; null for a request closed without being sent. */
const STEPS_DONE: Readonly<Record<RequestStatus, number | null>> = {
  draft: 0,
  identityVerified: 1,
  detailsComplete: 2,
  feesFixed: 3,
  paid: 4,
  documentsCaptured: 5,
  applicantConfirmed: 6,
  originalsMatched: 7,
  readyToSend: 7, // queued; `send` completes when the central system answers
  submitted: 8,
  accepted: 8,
  returned: 8,
  cancelled: null,
  refused: null,
};

const statusOf = (state: RequestState | RequestStatus): RequestStatus => (typeof state === 'string' ? state : state.status);

/**
 * What is still missing to reach `readyToSend`, in order — empty once it is ready, sent or answered;
 * null for a cancelled or refused request, which will never be ready.
 */
export function missingFor(state: RequestState | RequestStatus): Exclude<RequestStep, 'send'>[] | null {
  const done = STEPS_DONE[statusOf(state)];
  return done === null ? null : STEPS_BEFORE_SEND.slice(done);
}

/** The step the stepper highlights: the first one not done; null once sent, answered or closed. */
export function currentStep(state: RequestState | RequestStatus): RequestStep | null {
  const done = STEPS_DONE[statusOf(state)];
  return done === null ? null : (requestSteps[done] ?? null);
}
