/**
 * The counter's stepper (shared/design/UX.md): where a request stands among its service's steps
 * (core/request/steps.ts; a filing has the whole legal order of ماده ۴), and what is still missing
 * before its last step.
 *
 *   filing:          identity → details → fees → payment → documents → applicant review → originals matched → send
 *   files nothing:   identity → details → fees → payment → [inquiry →] printout
 */
import type { RequestState, RequestStatus } from './stateMachine';
import { filingSteps, serviceSteps, type ServiceStep } from './steps';

/** A filing's steps, in the order of UX.md (the steps every request had before services declared theirs). */
export const requestSteps = filingSteps as readonly Exclude<ServiceStep, 'inquiry' | 'printout'>[];
/** Any step a service may have. */
export type RequestStep = ServiceStep;
export { serviceSteps };

/** The last step a status has completed; `'none'` for a draft, null for a request closed without its end. */
const LAST_DONE: Readonly<Record<RequestStatus, ServiceStep | 'none' | null>> = {
  draft: 'none',
  identityVerified: 'identity',
  detailsComplete: 'details',
  feesFixed: 'fees',
  paid: 'payment',
  documentsCaptured: 'documents',
  applicantConfirmed: 'applicantReview',
  originalsMatched: 'originalsMatch',
  readyToSend: 'originalsMatch', // queued; `send` completes when the central system answers
  submitted: 'send',
  accepted: 'send',
  returned: 'send',
  answered: 'inquiry',
  delivered: 'printout',
  cancelled: null,
  refused: null,
};

const statusOf = (state: RequestState | RequestStatus): RequestStatus => (typeof state === 'string' ? state : state.status);

/** How many of `steps` a status has done; null for a request closed without its end. */
function doneCount(status: RequestStatus, steps: readonly ServiceStep[]): number | null {
  const last = LAST_DONE[status];
  if (last === null) return null;
  return last === 'none' ? 0 : steps.indexOf(last) + 1;
}

/**
 * What is still missing before the service's last step (`send`: `readyToSend`; `printout`: the
 * printout itself), in order — empty once only the last step is left or it is done; null for a
 * cancelled or refused request, which will never get there. A filing's steps by default.
 */
export function missingFor(state: RequestState | RequestStatus, steps: readonly ServiceStep[] = filingSteps): ServiceStep[] | null {
  const done = doneCount(statusOf(state), steps);
  return done === null ? null : steps.slice(0, -1).slice(done);
}

/** The step the stepper highlights: the first one not done; null once sent, answered, delivered or closed. */
export function currentStep(state: RequestState | RequestStatus, steps: readonly ServiceStep[] = filingSteps): ServiceStep | null {
  const done = doneCount(statusOf(state), steps);
  return done === null ? null : (steps[done] ?? null);
}
