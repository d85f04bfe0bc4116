/**
 * Giving a recorded payment back (issue 19 § 3; core/api/refund.ts): a reversal on the card terminal
 * the same office day, or a refund made outside the app, recorded with a reason and a manager's approval.
 *
 * The checks, each a refusal with its code, audited (`refundRefused`), nothing changed:
 *   the request in the outbox (REFUND_IN_OUTBOX) or sent (REFUND_AFTER_SENDING) — it may be on its way;
 *   an amount larger than the payment (REFUND_EXCEEDS_PAYMENT) or smaller (REFUND_PARTIAL);
 *   the payment refunded already, or its refund on its way (REFUND_ALREADY);
 *   a clerk of another counter without a manager's approval (REFUND_OTHER_COUNTER);
 *   a manual refund without one (REFUND_APPROVAL_REQUIRED); an approval that is not a manager's (REFUND_APPROVAL_INVALID);
 *   a reversal of a payment typed by hand or of another day (REFUND_NOT_REVERSIBLE);
 *   a card sale of the request still in doubt (PAYMENT_IN_DOUBT).
 *
 * A sale taken on a workstation's card terminal is reversed on that terminal, through that
 * workstation's agent (`saleTerminal`), whoever asks; that agent away is WORKSTATION_TERMINAL_OFFLINE
 * before any row is written.
 *
 * A reversal is a row (`refund`, migration 0028) stored and committed before the terminal is called,
 * under an order id of its own; one never answered stays `inDoubt`, and the next `refund.reverse`
 * of that payment reuses its order id, so the adapter asks the terminal first (never given back twice).
 * An approved refund, the request's `paymentRefunded` (back to its details, to be priced again) and
 * the audit entry are one transaction; the receipt says «ابطال شد» from then on (hub/receipt).
 */
import { randomUUID } from 'node:crypto';
import { DomainError, type ErrorCode } from '../../core/errors';
import { officeDay } from '../../core/format/jalaliDay';
import { transition, type RequestStatus } from '../../core/request/stateMachine';
import * as pt from '../../db/paymentTerminals';
import * as q from '../../db/queue';
import * as rf from '../../db/refunds';
import * as r from '../../db/requests';
import { claimTotpStep, findStaffByUsername, getStaffTotp, releasePasswordAttempt, resetFailedLogins } from '../../db/staff';
import { PaymentError, type PaymentTerminal, type TerminalApproval } from '../../native/payment/terminal';
import { record } from '../audit/auditLog';
import { checkPasswordAttempt } from '../auth/attempts';
import { decoyHash, verifyPassword } from '../auth/passwords';
import { totpStep } from '../auth/totp';
import type { HubBase } from '../base';
import { afterCommit, salesInFlight, terminalOutcome } from '../payment/terminalPayment';
import type { Staff } from '../request/caller';
import { domain } from '../request/errors';

export interface RefundInput {
  paymentId: string;
  amountRials: number;
  reason: string;
  approval?: { username: string; password: string; otp?: string | undefined } | undefined;
}

/** Statuses whose refund sends the request back to its details (core/request/stateMachine `paymentRefunded`). */
const BACK_TO_DETAILS: readonly RequestStatus[] = ['feesFixed', 'paid', 'documentsCaptured', 'applicantConfirmed', 'originalsMatched'];
const SENT: readonly RequestStatus[] = ['submitted', 'accepted', 'returned'];

/** What a refund stands on, once every check passed. */
interface Refundable {
  payment: r.PaymentRow;
  req: r.RequestRow;
  /** a reversal of this payment never answered: its retry reuses the row and the order id */
  open: rf.RefundRow | undefined;
}

/**
 * The refusal, on the audit trail and to the caller: `record` joins the call's batch, which commits
 * even though the call fails (the call's own writes, none here, would be rolled back).
 */
function refuse(hub: HubBase, staff: Staff, input: RefundInput, method: rf.RefundMethod, code: ErrorCode, message: string, ref?: string): never {
  record(hub.db, hub.now(), {
    actor: `staff:${staff.userId}`,
    action: 'refundRefused',
    subject: `payment:${input.paymentId}`,
    reason: input.reason,
    detail: { code, method, amountRials: input.amountRials },
  });
  hub.log.warn('refund refused', { paymentId: input.paymentId, method, code });
  throw new DomainError(code, message, ref === undefined ? {} : { ref });
}

/** Every check that needs no password: the payment, the request's state, the amount, the money already given back. */
function check(hub: HubBase, input: RefundInput, staff: Staff, method: rf.RefundMethod): Refundable {
  const no = (code: ErrorCode, message: string, ref?: string): never => refuse(hub, staff, input, method, code, message, ref);
  const payment = r.getPayment(hub.db, input.paymentId) ?? no('UNKNOWN_PAYMENT', 'no such payment');
  const req = r.getRequest(hub.db, payment.requestId)!;
  const status = req.state.status;
  if (status === 'readyToSend') no('REFUND_IN_OUTBOX', 'the request is in the outbox and may be on its way to the central system');
  if (SENT.includes(status)) no('REFUND_AFTER_SENDING', 'the request was sent to the central system');
  if (input.amountRials > payment.amountRials) no('REFUND_EXCEEDS_PAYMENT', `the refund (${input.amountRials}) is larger than the payment (${payment.amountRials})`);
  if (input.amountRials < payment.amountRials) no('REFUND_PARTIAL', `a refund gives the whole payment (${payment.amountRials}) back`);
  const standing = rf.standingRefund(hub.db, payment.id);
  if (standing?.state === 'approved') no('REFUND_ALREADY', 'this payment was refunded already', standing.id);
  if (standing && method === 'manual') no('REFUND_IN_DOUBT', 'a reversal of this payment was never answered: retry it through the terminal', standing.orderId ?? standing.id);
  for (const part of ['officeTariff', 'judicialCost'] as const) {
    const attempt = pt.openAttempt(hub.db, req.id, part);
    if (attempt) no('PAYMENT_IN_DOUBT', 'a card sale of this request was never answered: retry it through the terminal first', attempt.orderId);
  }
  if (method === 'pcpos') {
    if (payment.method !== 'pcpos') no('REFUND_NOT_REVERSIBLE', 'a payment typed from a receipt was not taken on this terminal: record a manual refund');
    // the day the hub issued its receipt (the terminal's own clock is not ours)
    const issued = r.receiptOfPayment(hub.db, payment.id)?.issuedAt ?? payment.paidAt;
    if (officeDay(issued) !== officeDay(hub.now())) no('REFUND_NOT_REVERSIBLE', 'a reversal is possible only on the day of the payment: record a manual refund');
  }
  return { payment, req, open: standing };
}

/** May this caller refund at the request's counter without anyone else: a manager, or the clerk who has it open. */
function atOwnCounter(hub: HubBase, req: r.RequestRow, staff: Staff): boolean {
  return staff.role === 'manager' || q.getCounter(hub.db, req.counterId)?.openStaffId === staff.userId;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A manager's approval, typed at the counter: their username and password, and their TOTP code when
 * they have it on — checked and counted like a login (hub/auth/attempts.ts), so it is no place to
 * guess a manager's password. Answers the manager's staff id, or refuses (audited).
 */
async function approverOf(hub: HubBase, input: RefundInput, staff: Staff, method: rf.RefundMethod): Promise<number> {
  const started = Date.now();
  const approval = input.approval!;
  const invalid = async (why: string, code: ErrorCode = 'REFUND_APPROVAL_INVALID'): Promise<never> => {
    await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
    return refuse(hub, staff, { ...input, reason: `${input.reason} (${why})` }, method, code, `approval refused: ${why}`);
  };
  const manager = findStaffByUsername(hub.db, approval.username);
  if (!manager || !manager.active || manager.role !== 'manager') {
    await verifyPassword(await decoyHash(), approval.password);
    return invalid('not an active manager');
  }
  const attempt = await checkPasswordAttempt(hub, manager, approval.password);
  if (attempt.outcome === 'locked') return invalid('the manager’s account is locked', 'ACCOUNT_LOCKED');
  if (attempt.outcome === 'wrong') {
    record(hub.db, hub.now(), { actor: `staff:${staff.userId}`, action: 'loginFailed', subject: `staff:${manager.id}`, detail: { why: 'refundApproval' } });
    return invalid('wrong password');
  }
  const totp = getStaffTotp(hub.db, manager.id);
  if (totp?.enabled && totp.secret) {
    if (approval.otp === undefined) {
      if (attempt.claimed) releasePasswordAttempt(hub.db, manager.id, hub.auth.lockAfterFailures);
      throw new DomainError('OTP_REQUIRED', 'the manager also needs the code from their authenticator', { fields: [{ path: 'approval.otp', reason: 'required' }] });
    }
    const step = totpStep(totp.secret, approval.otp, hub.now());
    if (step === null || !claimTotpStep(hub.db, manager.id, step)) return invalid('wrong or reused authenticator code', 'INVALID_OTP');
  }
  resetFailedLogins(hub.db, manager.id);
  return manager.id;
}

/**
 * The approved refund's effects, in the caller's transaction: the request back to its details (to be
 * priced again) when it was settled or partly paid, and the audit entry. A request already closed
 * (cancelled, refused) or already back at its details (the other part refunded first) stays as it is.
 */
function applyRefund(hub: HubBase, req: r.RequestRow, refund: rf.RefundRow, staff: Staff): void {
  const fresh = r.getRequest(hub.db, req.id)!;
  if (BACK_TO_DETAILS.includes(fresh.state.status)) {
    const next = domain(() => transition(fresh.state, { type: 'paymentRefunded', reason: refund.reason }));
    r.updateRequestState(hub.db, fresh.id, next);
    r.insertRequestEvent(hub.db, {
      requestId: fresh.id,
      type: 'paymentRefunded',
      payload: { reason: refund.reason, refundId: refund.id, paymentId: refund.paymentId, method: refund.method, amountRials: refund.amountRials },
      at: hub.now().toISOString(),
      staffId: staff.userId,
    });
  }
  record(hub.db, hub.now(), {
    actor: `staff:${staff.userId}`,
    action: 'paymentRefunded',
    subject: `payment:${refund.paymentId}`,
    reason: refund.reason,
    detail: { refundId: refund.id, requestId: refund.requestId, method: refund.method, amountRials: refund.amountRials, rrn: refund.rrn, approvedBy: refund.approvedBy },
  });
}

/** Who approves, if anyone must: a manual refund always, a clerk of another counter too. */
async function approval(hub: HubBase, input: RefundInput, staff: Staff, req: r.RequestRow, method: rf.RefundMethod): Promise<number | null> {
  const own = atOwnCounter(hub, req, staff);
  // a manager approves by acting
  if (staff.role === 'manager') return staff.userId;
  if (!input.approval) {
    if (!own) refuse(hub, staff, input, method, 'REFUND_OTHER_COUNTER', 'the request belongs to another counter: a manager must approve');
    if (method === 'manual') refuse(hub, staff, input, method, 'REFUND_APPROVAL_REQUIRED', 'a manual refund needs a manager’s approval');
    return null;
  }
  return approverOf(hub, input, staff, method);
}

/** A refund made outside the app, recorded with its reason and a manager's approval. */
export async function refundManual(hub: HubBase, input: RefundInput, staff: Staff): Promise<rf.RefundRow> {
  const first = check(hub, input, staff, 'manual');
  const approvedBy = await approval(hub, input, staff, first.req, 'manual');
  // the password took a while: look again at what may have changed meanwhile
  const { payment, req } = check(hub, input, staff, 'manual');
  const at = hub.now().toISOString();
  const refund: rf.RefundRow = {
    id: randomUUID(),
    paymentId: payment.id,
    requestId: req.id,
    method: 'manual',
    amountRials: payment.amountRials,
    reason: input.reason,
    orderId: null,
    state: 'approved',
    errorCode: null,
    rrn: null,
    trace: null,
    counterId: req.counterId,
    staffId: staff.userId,
    approvedBy,
    startedAt: at,
    doneAt: at,
    officeDay: officeDay(hub.now()),
  };
  hub.db
    .transaction(() => {
      rf.insertRefund(hub.db, refund);
      applyRefund(hub, req, refund, staff);
    })
    .immediate();
  return refund;
}

/**
 * The card terminal a sale was taken on when it was a workstation's, reached through its agent
 * (hub/agent/deviceJobs.ts `saleTerminal`); null when the sale was taken on a terminal the hub drives.
 */
export type SaleTerminalOf = (saleOrderId: string) => { name: string; open: (options: { inDoubtOrderIds: string[] }) => PaymentTerminal } | null;

/** What the clerk is told when a reversal failed: nothing went back, declined by the bank, or not known. */
function reversalFailed(hub: HubBase, refundId: string, orderId: string, err: unknown): DomainError {
  const outcome = terminalOutcome(err);
  const at = hub.now().toISOString();
  if (outcome.state === 'notCharged') {
    hub.db.transaction(() => rf.resolveRefund(hub.db, refundId, { state: 'declined', errorCode: outcome.stored, at })).immediate();
    const responseCode = err instanceof PaymentError && err.responseCode ? ` (response code ${err.responseCode})` : '';
    return new DomainError(outcome.stored === 'PAYMENT_DECLINED' ? 'REFUND_DECLINED' : 'REFUND_TERMINAL_FAILED', `reversal: ${outcome.stored}${responseCode}`, { ref: orderId });
  }
  // unknown, or an approval that cannot be read as this reversal: only the terminal can say, by inquiry
  hub.log.warn('card terminal reversal in doubt', { orderId, code: outcome.stored, error: String(err) });
  hub.db.transaction(() => rf.markRefundInDoubt(hub.db, refundId, outcome.stored)).immediate();
  return new DomainError('REFUND_IN_DOUBT', `reversal: ${outcome.stored}`, { ref: orderId });
}

/**
 * A reversal on the counter's card terminal, the same office day as the card payment. An earlier
 * reversal of the payment never answered is retried under its own order id (the adapter asks the
 * terminal first); otherwise a `pending` row is stored and committed before the terminal is called.
 */
export async function refundTerminal(hub: HubBase, input: RefundInput, staff: Staff, saleTerminal: SaleTerminalOf = () => null): Promise<rf.RefundRow> {
  const key = `refund:${input.paymentId}`;
  const inFlight = salesInFlight(hub.db);
  if (inFlight.has(key)) refuse(hub, staff, input, 'pcpos', 'REFUND_IN_PROGRESS', 'a reversal of this payment is under way');
  const first = check(hub, input, staff, 'pcpos');
  // a sale taken on a workstation's terminal is given back there (its agent away: said before anything is written)
  const onWorkstation = saleTerminal(first.payment.orderId);
  const setting = onWorkstation ? null : pt.getTerminalSetting(hub.db, first.req.counterId);
  if (!onWorkstation && !setting) refuse(hub, staff, input, 'pcpos', 'TERMINAL_NOT_CONFIGURED', `counter ${first.req.counterId} has no card terminal`);
  inFlight.add(key);
  try {
    const approvedBy = await approval(hub, input, staff, first.req, 'pcpos');
    const { payment, req, open } = check(hub, input, staff, 'pcpos');
    let terminal: PaymentTerminal;
    const orderId = open?.orderId ?? randomUUID();
    try {
      terminal = onWorkstation
        ? (saleTerminal(payment.orderId) ?? onWorkstation).open({ inDoubtOrderIds: open ? [orderId] : [] })
        : hub.paymentTerminal(setting!, { inDoubtOrderIds: open ? [orderId] : [], terminalId: setting!.terminalId ?? payment.terminalId });
    } catch (err) {
      // the workstation's agent went away while the manager typed the approval: nothing was written
      if (err instanceof DomainError) throw err;
      hub.log.error('card terminal setting cannot be used', { counterId: req.counterId, error: String(err) });
      throw new DomainError('TERMINAL_NOT_CONFIGURED', `counter ${req.counterId}: the card terminal setting cannot be used`);
    }
    if (!terminal.reverse) refuse(hub, staff, input, 'pcpos', 'REFUND_NOT_REVERSIBLE', `the ${terminal.kind} terminal cannot reverse a sale: record a manual refund`);
    const refundId = open?.id ?? randomUUID();
    if (!open) {
      hub.db
        .transaction(() =>
          rf.insertRefund(hub.db, {
            id: refundId,
            paymentId: payment.id,
            requestId: req.id,
            method: 'pcpos',
            amountRials: payment.amountRials,
            reason: input.reason,
            orderId,
            state: 'pending',
            rrn: null,
            trace: null,
            counterId: req.counterId,
            staffId: staff.userId,
            approvedBy,
            startedAt: hub.now().toISOString(),
            doneAt: null,
            officeDay: officeDay(hub.now()),
          }),
        )
        .immediate();
    }
    // Evidence first: the reversal must be on disk before the terminal can give anything back.
    if (!(await afterCommit(hub.db, () => rf.getRefund(hub.db, refundId) !== undefined))) throw new Error(`refund ${refundId} was not committed; the terminal was not called`);

    let back: TerminalApproval;
    try {
      back = await terminal.reverse!({ orderId, amountRials: payment.amountRials, saleOrderId: payment.orderId, saleRrn: payment.rrn });
    } catch (err) {
      throw reversalFailed(hub, refundId, orderId, err);
    }
    const at = hub.now().toISOString();
    try {
      hub.db
        .transaction(() => {
          if (!rf.resolveRefund(hub.db, refundId, { state: 'approved', rrn: back.rrn, trace: back.trace, at })) throw new Error(`refund ${refundId} is not open`);
          applyRefund(hub, req, rf.getRefund(hub.db, refundId)!, staff);
        })
        .immediate();
    } catch (err) {
      // nothing of it was written: it stays in doubt, and the retry finds the reversal by inquiry and records it
      hub.log.error('card terminal reversal could not be written; it stays in doubt', { orderId, rrn: back.rrn, error: String(err) });
      try {
        hub.db.transaction(() => rf.markRefundInDoubt(hub.db, refundId, 'RECORD_FAILED')).immediate();
      } catch {
        // the database refuses writes: the row stays pending, and becomes in doubt at the next start
      }
      throw new DomainError('REFUND_IN_DOUBT', `the terminal gave RRN ${payment.rrn} back, but it could not be recorded`, { ref: orderId });
    }
    return rf.getRefund(hub.db, refundId)!;
  } finally {
    inFlight.delete(key);
  }
}
