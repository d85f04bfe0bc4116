/**
 * The life of a request at the counter, in the legal order of ماده ۴ (and ماده ۳ for what comes back):
 *
 *   the applicant hands over the request → the office verifies identity → computes the judicial costs
 *   through the system → takes electronic payment → turns the documents into an electronic document →
 *   shows it to the applicant → matches it against the paper originals → sends it to the competent
 *   authority through the system → a tracking code comes back.
 *
 * Pure: `transition(state, event)` returns the next state or throws a RequestTransitionError; the hub
 * stores the state and appends the event to the audit trail in one transaction. README.md beside this
 * file has the table and the reasons for each rule.
 */
import { normalizeInput } from '../text/digits';
import { filingSteps, type ServiceStep } from './steps';

export const requestStatuses = [
  'draft', // the applicant handed over the request and its documents (ماده ۴)
  'identityVerified', // احراز هویت
  'detailsComplete', // service, parties, claim value, page count: what the fees depend on
  'feesFixed', // judicial costs computed by the system + office tariff (ماده ۳، ۴، ۱۳)
  'paid', // fees settled: paid electronically, or waived for an exempt request (ماده ۱۴)
  'documentsCaptured', // converted to an electronic document (scan)
  'applicantConfirmed', // shown to the applicant, who confirmed it (به رؤیت متقاضی)
  'originalsMatched', // checked against the paper originals (مطابقت)
  'readyToSend', // in the outbox, waiting for the central system
  'submitted', // sent; the tracking code came back (ماده ۳، ۵)
  'accepted', // the authority registered it
  'returned', // the authority sent it back (e.g. a defect); fixing it is a new request
  'answered', // a service that files nothing: the central system answered its inquiry (a notification, a case's status)
  'delivered', // a service that files nothing: what the applicant came for was printed and handed over — final
  'cancelled', // withdrawn before sending (the applicant left, changed their mind…)
  'refused', // the office declined to serve, with its justification (ماده ۳۷ پ)
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const finalStatuses = ['accepted', 'returned', 'delivered', 'cancelled', 'refused'] as const satisfies readonly RequestStatus[];
export type FinalStatus = (typeof finalStatuses)[number];

/** After the fees are settled and before submission: the fees are frozen until the settlement is reversed. */
export const settledStatuses = [
  'paid',
  'documentsCaptured',
  'applicantConfirmed',
  'originalsMatched',
  'readyToSend',
  'answered',
] as const satisfies readonly RequestStatus[];

/** Everything before submission: the office still holds the request and may cancel or refuse it. */
export const openStatuses = ['draft', 'identityVerified', 'detailsComplete', 'feesFixed', ...settledStatuses] as const satisfies readonly RequestStatus[];

/**
 * Before «ارسال»: what the office may still take back (cancel, refuse, refund, reopen the documents).
 * Once a request is in the outbox (`readyToSend`) the office has handed it on: the outbox may deliver
 * it at any moment, so nothing local may undo it (exactly once, never half-withdrawn).
 */
export const withdrawableStatuses = openStatuses.filter((st) => st !== 'readyToSend');
const refundableStatuses = settledStatuses.filter((st) => st !== 'readyToSend');

/** How the fees were settled. Amounts are integer rials. */
export type Settlement =
  | { readonly kind: 'paid'; readonly amount: number }
  | { readonly kind: 'waived'; readonly reason: string };

export interface RequestState {
  readonly status: RequestStatus;
  /** what the applicant owes (judicial costs + office tariff − discounts), integer rials; set by `feesFixed` */
  readonly payable: number | null;
  /** set by `paymentReceived` / `paymentWaived`, cleared by `paymentRefunded`; kept on cancel/refuse so a refund owed shows */
  readonly settlement: Settlement | null;
  /** the central system's tracking code (کد رهگیری), set by `submitted` */
  readonly trackingCode: string | null;
  /** why it was cancelled, refused or returned — never null in those states */
  readonly reason: string | null;
  /** the status a cancelled or refused request was closed from (for reports: «refused at identity») */
  readonly closedFrom: RequestStatus | null;
  /**
   * Set (true) on a request cancelled because the clerk made a mistake (a wrong service, a duplicate):
   * «اشتباه متصدی», counted apart from the applicant's withdrawal («انصراف متقاضی»), which is a
   * cancelled request without it.
   */
  readonly clerkError?: true;
}

/** Why a request was cancelled: the applicant withdrew, or the clerk corrects a mistake. */
export const cancelCauses = ['applicant', 'clerkError'] as const;
export type CancelCause = (typeof cancelCauses)[number];

export type RequestEvent =
  | { readonly type: 'identityVerified' }
  | { readonly type: 'detailsCompleted' }
  | { readonly type: 'feesFixed'; readonly payable: number }
  | { readonly type: 'paymentReceived'; readonly amount: number }
  | { readonly type: 'paymentWaived'; readonly reason: string }
  | { readonly type: 'paymentRefunded'; readonly reason: string }
  | { readonly type: 'documentsCaptured' }
  | { readonly type: 'applicantConfirmed' }
  | { readonly type: 'applicantObjected'; readonly reason?: string }
  | { readonly type: 'originalsMatched' }
  | { readonly type: 'originalsMismatched'; readonly reason: string }
  | { readonly type: 'inquiryAnswered' }
  | { readonly type: 'delivered' }
  | { readonly type: 'queuedForSending' }
  | { readonly type: 'submitted'; readonly trackingCode: string }
  | { readonly type: 'accepted' }
  | { readonly type: 'returned'; readonly reason: string }
  | { readonly type: 'cancelled'; readonly reason: string; readonly cause?: CancelCause }
  | { readonly type: 'refused'; readonly reason: string };
export type RequestEventType = RequestEvent['type'];

/**
 * The transition table: for each event, the statuses it may happen in and the status it leads to.
 * Anything not listed is refused. Payload rules (reasons, amounts) are checked in `transition`.
 */
export const transitions = {
  identityVerified: { from: ['draft'], to: 'identityVerified' },
  // Editing details before payment is allowed and throws away fees fixed on the old details.
  detailsCompleted: { from: ['identityVerified', 'detailsComplete', 'feesFixed'], to: 'detailsComplete' },
  // Re-fixing before payment is free (e.g. a page was added); after payment, refund first.
  feesFixed: { from: ['detailsComplete', 'feesFixed'], to: 'feesFixed' },
  paymentReceived: { from: ['feesFixed'], to: 'paid' },
  paymentWaived: { from: ['feesFixed'], to: 'paid' },
  // The refund-and-refix path: back to the details, fees and settlement cleared (also with one part
  // of two paid: the part refunded cannot be paid again under the same quote).
  paymentRefunded: { from: ['feesFixed', ...refundableStatuses], to: 'detailsComplete' },
  // Re-scanning is allowed until the applicant has confirmed what they saw.
  documentsCaptured: { from: ['paid', 'documentsCaptured'], to: 'documentsCaptured' },
  applicantConfirmed: { from: ['documentsCaptured'], to: 'applicantConfirmed' },
  // «اشکال دارد»: until it is queued for sending, the applicant may reject what they saw; it is captured again.
  applicantObjected: { from: ['documentsCaptured', 'applicantConfirmed', 'originalsMatched'], to: 'paid' },
  originalsMatched: { from: ['applicantConfirmed'], to: 'originalsMatched' },
  // A page that does not match the paper sends the request back to capture (and to the applicant again).
  originalsMismatched: { from: ['applicantConfirmed', 'originalsMatched'], to: 'paid' },
  queuedForSending: { from: ['originalsMatched'], to: 'readyToSend' },
  // A service that files nothing: the central system's answer (asked again until it is printed), then the printout.
  inquiryAnswered: { from: ['paid', 'answered'], to: 'answered' },
  delivered: { from: ['paid', 'answered'], to: 'delivered' },
  submitted: { from: ['readyToSend'], to: 'submitted' },
  accepted: { from: ['submitted'], to: 'accepted' },
  returned: { from: ['submitted'], to: 'returned' },
  cancelled: { from: withdrawableStatuses, to: 'cancelled' },
  refused: { from: withdrawableStatuses, to: 'refused' },
} as const satisfies Record<RequestEventType, { readonly from: readonly RequestStatus[]; readonly to: RequestStatus }>;

export const requestEventTypes = Object.keys(transitions) as RequestEventType[];

export const requestTransitionErrorCodes = [
  'OUT_OF_ORDER', // the event is not allowed in this status (ماده ۴ order)
  'FINAL_STATE', // the request is accepted, returned, cancelled or refused: nothing more happens to it
  'REFUND_REQUIRED', // fees or details changed after settlement: refund (or withdraw the waiver) first
  'REASON_REQUIRED', // cancel, refuse, return, waive, refund and mismatch need a non-blank reason
  'INVALID_AMOUNT', // fees not a non-negative integer of rials, or a payment ≠ the fixed fees (ماده ۳۸ ذ)
  'NOT_EXEMPT', // a waiver on a request that owes something: only payable 0 may skip payment
  'TRACKING_CODE_REQUIRED', // submitted without the central system's tracking code
  'UNKNOWN_EVENT', // not an event of this machine (defensive: events may come off the wire)
  'STEP_NOT_IN_SERVICE', // the event belongs to a step the request's service does not have (a scan for a notification view)
] as const;
export type RequestTransitionErrorCode = (typeof requestTransitionErrorCodes)[number];

/** A refused transition. `code` is stable; the renderer maps it to one Persian sentence. */
export class RequestTransitionError extends Error {
  readonly code: RequestTransitionErrorCode;
  readonly status: RequestStatus;
  readonly event: string;

  constructor(code: RequestTransitionErrorCode, status: RequestStatus, event: string) {
    super(`${code}: ${event} in ${status}`);
    this.name = 'RequestTransitionError';
    this.code = code;
    this.status = status;
    this.event = event;
  }
}

export function initialRequestState(): RequestState {
  return { status: 'draft', payable: null, settlement: null, trackingCode: null, reason: null, closedFrom: null };
}

export function isFinalStatus(status: RequestStatus): status is FinalStatus {
  return (finalStatuses as readonly RequestStatus[]).includes(status);
}

/** The step each event belongs to; null for closing a request, which every service allows. */
export const stepOfEvent = {
  identityVerified: 'identity',
  detailsCompleted: 'details',
  feesFixed: 'fees',
  paymentReceived: 'payment',
  paymentWaived: 'payment',
  paymentRefunded: 'payment',
  documentsCaptured: 'documents',
  applicantConfirmed: 'applicantReview',
  applicantObjected: 'applicantReview',
  originalsMatched: 'originalsMatch',
  originalsMismatched: 'originalsMatch',
  queuedForSending: 'send',
  submitted: 'send',
  accepted: 'send',
  returned: 'send',
  inquiryAnswered: 'inquiry',
  delivered: 'printout',
  cancelled: null,
  refused: null,
} as const satisfies Record<RequestEventType, ServiceStep | null>;

/** The status each step leaves the request in once done (`send`: queued in the outbox). */
export const statusAfterStep = {
  identity: 'identityVerified',
  details: 'detailsComplete',
  fees: 'feesFixed',
  payment: 'paid',
  documents: 'documentsCaptured',
  applicantReview: 'applicantConfirmed',
  originalsMatch: 'originalsMatched',
  send: 'readyToSend',
  inquiry: 'answered',
  printout: 'delivered',
} as const satisfies Record<ServiceStep, RequestStatus>;

/**
 * Whether an event may happen in this status for a service with these steps: its row of the table,
 * its step among the service's, and — for the printout — the step before it done (an inquiry service
 * prints only an answer).
 */
function allowedFor(type: RequestEventType, status: RequestStatus, steps: readonly ServiceStep[]): boolean {
  const step = stepOfEvent[type];
  if (step !== null && !steps.includes(step)) return false;
  if (!(transitions[type].from as readonly RequestStatus[]).includes(status)) return false;
  if (type === 'delivered') {
    const before = steps[steps.indexOf('printout') - 1];
    return before !== undefined && status === statusAfterStep[before];
  }
  return true;
}

/**
 * Whether only the service's last step is left (`send`: the originals matched; `printout`: paid, or
 * the inquiry answered) — when a Sana account's owner is asked for consent (ماده ۴۰ ب).
 */
export function awaitsLastStep(status: RequestStatus, steps: readonly ServiceStep[] = filingSteps): boolean {
  const before = steps[steps.length - 2];
  return before !== undefined && status === statusAfterStep[before];
}

/**
 * The events the counter may offer in a status (to enable buttons and F-keys), in table order, for a
 * service with these steps (a filing's by default).
 */
export function allowedEvents(status: RequestStatus, steps: readonly ServiceStep[] = filingSteps): RequestEventType[] {
  return requestEventTypes.filter((type) => allowedFor(type, status, steps));
}

const isSettled = (status: RequestStatus): boolean => (settledStatuses as readonly RequestStatus[]).includes(status);
const isRials = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Characters that show nothing: zero-width joiners and spaces, direction marks, BOM. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A reason (or tracking code) as stored: normalised text, or null when blank, invisible or not text at all. */
function reasonOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = normalizeInput(value);
  return text.replace(INVISIBLE, '').trim() === '' ? null : text;
}

/**
 * The state after `event`, or a RequestTransitionError. The input is never modified. `steps` are the
 * request's service's (core/fees/services.ts `flow`; a filing's by default). Checks, in order:
 * a final state refuses everything (FINAL_STATE); an unknown event (UNKNOWN_EVENT); an event of a step
 * the service does not have (STEP_NOT_IN_SERVICE); a fee change after settlement (REFUND_REQUIRED);
 * any other event outside its `from` list (OUT_OF_ORDER); then the event's own data (REASON_REQUIRED,
 * INVALID_AMOUNT, NOT_EXEMPT, TRACKING_CODE_REQUIRED).
 */
export function transition(state: RequestState, event: RequestEvent, steps: readonly ServiceStep[] = filingSteps): RequestState {
  const { status } = state;
  const type: string = event.type;
  if (isFinalStatus(status)) throw new RequestTransitionError('FINAL_STATE', status, type);
  if (!Object.hasOwn(transitions, type)) throw new RequestTransitionError('UNKNOWN_EVENT', status, type);
  const step = stepOfEvent[event.type];
  if (step !== null && !steps.includes(step)) throw new RequestTransitionError('STEP_NOT_IN_SERVICE', status, type);
  const rule = transitions[event.type];
  if (!allowedFor(event.type, status, steps)) {
    const feeChange = event.type === 'feesFixed' || event.type === 'detailsCompleted';
    throw new RequestTransitionError(feeChange && isSettled(status) ? 'REFUND_REQUIRED' : 'OUT_OF_ORDER', status, type);
  }
  const fail = (code: RequestTransitionErrorCode): never => {
    throw new RequestTransitionError(code, status, type);
  };
  const to: RequestStatus = rule.to;

  switch (event.type) {
    case 'detailsCompleted':
      return { ...state, status: to, payable: null };
    case 'feesFixed':
      if (!isRials(event.payable)) fail('INVALID_AMOUNT');
      return { ...state, status: to, payable: event.payable };
    case 'paymentReceived': {
      // ماده ۳۸ ذ: never more than the fixed fees; less is a discount, fixed into `payable` beforehand.
      const payable = state.payable ?? 0;
      if (!isRials(event.amount) || payable === 0 || event.amount !== payable) fail('INVALID_AMOUNT');
      return { ...state, status: to, settlement: { kind: 'paid', amount: event.amount } };
    }
    case 'paymentWaived': {
      const reason = reasonOf(event.reason) ?? fail('REASON_REQUIRED');
      if (state.payable !== 0) fail('NOT_EXEMPT');
      return { ...state, status: to, settlement: { kind: 'waived', reason } };
    }
    case 'paymentRefunded':
      if (reasonOf(event.reason) === null) fail('REASON_REQUIRED');
      return { ...state, status: to, payable: null, settlement: null };
    case 'originalsMismatched':
      if (reasonOf(event.reason) === null) fail('REASON_REQUIRED');
      return { ...state, status: to };
    case 'submitted': {
      const trackingCode = reasonOf(event.trackingCode) ?? fail('TRACKING_CODE_REQUIRED');
      return { ...state, status: to, trackingCode };
    }
    case 'returned': {
      const reason = reasonOf(event.reason) ?? fail('REASON_REQUIRED');
      return { ...state, status: to, reason };
    }
    case 'cancelled':
    case 'refused': {
      // ماده ۳۷ پ: refusing service without a justified reason is a violation, so every close says why.
      const reason = reasonOf(event.reason) ?? fail('REASON_REQUIRED');
      const closed: RequestState = { ...state, status: to, reason, closedFrom: status };
      return event.type === 'cancelled' && event.cause === 'clerkError' ? { ...closed, clerkError: true } : closed;
    }
    default:
      return { ...state, status: to };
  }
}

/** Applies events in order from `initial` (the draft by default); throws at the first refused one. */
export function replay(events: readonly RequestEvent[], initial: RequestState = initialRequestState(), steps: readonly ServiceStep[] = filingSteps): RequestState {
  return events.reduce((state, event) => transition(state, event, steps), initial);
}
