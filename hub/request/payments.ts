/**
 * Paying one part of a request's fees (ماده ۴): what is payable now, the one place a payment and its
 * receipt are recorded, a card payment typed from the terminal's receipt, and a sale on the counter's
 * PC-POS terminal with its attempt lifecycle (native/payment/README.md, "The hub: payment attempts").
 */
import { createHash, randomUUID } from 'node:crypto';
import type { PaymentPart, RequestDetails } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import { assertNotAboveTariff, type Quote } from '../../core/fees/quote';
import { officeDay } from '../../core/format/jalaliDay';
import { transition } from '../../core/request/stateMachine';
import { flowOf } from '../../core/fees/services';
import { getOffice } from '../../db/office';
import * as pt from '../../db/paymentTerminals';
import * as r from '../../db/requests';
import { parseManualEntry } from '../../native/payment/manual';
import { paymentRecord, type PaymentRecord } from '../../native/payment/record';
import { PaymentError, type PaymentTerminal, type TerminalApproval } from '../../native/payment/terminal';
import type { HubBase } from '../base';
import { afterCommit, salesInFlight, terminalOutcome } from '../payment/terminalPayment';
import type { Staff } from './caller';
import { domain } from './errors';
import { dueOf, loadForChange, loadRequest, uniqueViolation } from './load';
import { quoteRequestOf } from './quoteRequest';
import { tariffTables } from './tariffs';

/**
 * What one part of the fees comes to, if it may be paid now: the request is at fees fixed (ماده ۴),
 * the part has an amount and is not paid, and the stored quote is still within the tariff
 * (README of core/fees: check again, right before taking payment, what is about to be charged).
 */
function payable(hub: HubBase, requestId: string, part: PaymentPart, staff?: Staff): { req: r.RequestRow; fq: r.FeeQuoteRow; due: number } {
  // `staff` is who asks to pay; an approval arriving from the terminal is checked without it
  const req = staff ? loadForChange(hub.db, requestId, staff) : loadRequest(hub.db, requestId);
  const status = req.state.status;
  if (['accepted', 'returned', 'cancelled', 'refused'].includes(status)) throw new DomainError('REQUEST_CLOSED', 'the request is closed');
  if (status !== 'feesFixed') {
    throw ['draft', 'identityVerified', 'detailsComplete'].includes(status)
      ? new DomainError('REQUEST_OUT_OF_ORDER', 'fees must be fixed before payment (ماده ۴)')
      : new DomainError('PAYMENT_NOT_DUE', 'the request is settled');
  }
  const fq = r.latestFeeQuote(hub.db, req.id)!;
  const due = dueOf(fq, part);
  if (due === 0 || r.paymentsOfQuote(hub.db, fq.id).some((p) => p.part === part)) throw new DomainError('PAYMENT_NOT_DUE', `nothing is due for ${part}`);
  const stored = fq.quote as Quote;
  domain(() => assertNotAboveTariff(stored.lines, tariffTables(hub), stored.day, { request: quoteRequestOf(req, req.details as RequestDetails) }));
  return { req, fq, due };
}

/**
 * The one place a payment is recorded, whatever its method: the payment, the year's next receipt
 * number and the receipt, then `paid` when every part with an amount is paid — with `also` (the
 * terminal attempt's approval), all in one transaction.
 */
function recordPayment(
  hub: HubBase,
  p: { req: r.RequestRow; fq: r.FeeQuoteRow; part: PaymentPart; paymentId: string; record: PaymentRecord },
  staff: Staff,
  also: () => void = () => {},
): { paymentId: string; receipt: r.ReceiptRow } {
  const { req, fq, part, paymentId, record } = p;
  const now = hub.now().toISOString();
  const year = Number(officeDay(hub.now()).slice(0, 4));
  const officeCode = getOffice(hub.db)?.code ?? '';

  return hub.db
    .transaction(() => {
      try {
        r.insertPayment(hub.db, {
          id: paymentId,
          requestId: req.id,
          feeQuoteId: fq.id,
          part,
          method: record.method,
          amountRials: record.amountRials,
          orderId: record.orderId,
          rrn: record.rrn,
          trace: record.trace,
          terminalId: record.terminalId,
          maskedCard: record.maskedCard,
          responseCode: record.responseCode,
          paidAt: record.approvedAt,
          staffId: staff.userId,
        });
      } catch (err) {
        // the checks before make these unreachable in one process; the database keeps them true regardless
        if (uniqueViolation(err) && /payment\.rrn/.test(String((err as Error).message))) throw new DomainError('DUPLICATE_RRN', 'this RRN is already recorded');
        if (uniqueViolation(err)) throw new DomainError('PAYMENT_NOT_DUE', 'this part is already paid');
        throw err;
      }
      const number = r.nextReceiptNumber(hub.db, year);
      const verifyHash = createHash('sha256').update(`${officeCode}|${year}|${number}|${paymentId}|${record.amountRials}|${record.rrn}`).digest('hex');
      const receipt: r.ReceiptRow = { paymentId, year, number, issuedAt: now, verifyHash };
      r.insertReceipt(hub.db, receipt);
      also();

      const paid = new Set(r.paymentsOfQuote(hub.db, fq.id).map((x) => x.part));
      const outstanding = (['officeTariff', 'judicialCost'] as const).filter((x) => dueOf(fq, x) > 0 && !paid.has(x));
      if (outstanding.length === 0) {
        const next = domain(() => transition(req.state, { type: 'paymentReceived', amount: fq.payableRials }, flowOf(req.service).steps));
        r.updateRequestState(hub.db, req.id, next);
        r.insertRequestEvent(hub.db, { requestId: req.id, type: 'paymentReceived', payload: { amount: fq.payableRials, feeQuoteId: fq.id }, at: now, staffId: staff.userId });
      }
      return { paymentId, receipt };
    })
    .immediate();
}

/**
 * A card payment typed from the terminal's receipt, for one part of the fees: checked (manual entry,
 * exact amount, RRN never seen), then recorded with its receipt. Refused while a terminal sale of
 * the same part is under way or unanswered: only a retry through the terminal can tell whether
 * that sale charged the card.
 */
export function payManual(hub: HubBase, input: { requestId: string; part: PaymentPart; approval: unknown }, staff: Staff): { paymentId: string; receipt: r.ReceiptRow } {
  const { req, fq, due } = payable(hub, input.requestId, input.part, staff);
  if (salesInFlight(hub.db).has(`${req.id}:${input.part}`)) throw new DomainError('PAYMENT_IN_PROGRESS', 'a terminal sale of this part is under way');
  const open = pt.openAttempt(hub.db, req.id, input.part);
  if (open) throw new DomainError('PAYMENT_IN_DOUBT', 'a terminal sale of this part was never answered: retry it through the terminal', { ref: open.orderId });

  const parsed = parseManualEntry(input.approval, { now: () => hub.now() });
  if (!parsed.ok) throw new DomainError('PAYMENT_ENTRY_INVALID', 'the receipt as typed is not valid', { fields: parsed.issues.map((i) => ({ ...i, path: `approval.${i.path}` })) });

  const paymentId = randomUUID();
  const record = domain(() =>
    paymentRecord({ method: 'manual', orderId: paymentId, approval: parsed.approval, amountDueRials: due, rrnAlreadyRecorded: (rrn) => r.rrnRecorded(hub.db, rrn) }),
  );
  return recordPayment(hub, { req, fq, part: input.part, paymentId, record }, staff);
}

/**
 * A card payment on the counter's PC-POS terminal, for one part of the fees.
 *
 * 1. The same checks as a manual payment; the counter's terminal must be set.
 * 2. An unanswered earlier attempt of this part is retried under its own order id (the adapter asks
 *    the terminal about it before charging); otherwise a new `pending` attempt is stored, and the
 *    terminal is called only once that is committed.
 * 3. The sale's outcome: approved → payment, receipt and attempt `approved` in one transaction;
 *    no money moved → `notCharged` and the terminal's reason; unknown → `inDoubt`; money moved
 *    that cannot count → `chargedMismatch`, and the request is not paid.
 * A second call for the same part while a sale is under way is refused (PAYMENT_IN_PROGRESS).
 */
/** The card terminal of the caller's workstation, through its agent (hub/agent/deviceJobs.ts). */
export type WorkstationTerminal = (options: { inDoubtOrderIds: string[] }) => PaymentTerminal;

export async function payTerminal(
  hub: HubBase,
  input: { requestId: string; part: PaymentPart },
  staff: Staff,
  /** in place of the counter's terminal setting: the caller's workstation's own terminal */
  workstation?: WorkstationTerminal | null,
): Promise<{ paymentId: string; receipt: r.ReceiptRow }> {
  const key = `${input.requestId}:${input.part}`;
  const inFlight = salesInFlight(hub.db);
  if (inFlight.has(key)) throw new DomainError('PAYMENT_IN_PROGRESS', 'a terminal sale of this part is under way');
  const { req, fq, due } = payable(hub, input.requestId, input.part, staff);
  const setting = workstation ? null : pt.getTerminalSetting(hub.db, req.counterId);
  if (!workstation && !setting) throw new DomainError('TERMINAL_NOT_CONFIGURED', `counter ${req.counterId} has no card terminal`);

  const open = pt.openAttempt(hub.db, req.id, input.part);
  const orderId = open?.orderId ?? randomUUID();
  let terminal: PaymentTerminal;
  try {
    terminal = workstation
      ? workstation({ inDoubtOrderIds: open ? [orderId] : [] })
      : hub.paymentTerminal(setting!, {
          inDoubtOrderIds: open ? [orderId] : [],
          terminalId: setting!.terminalId ?? pt.lastTerminalIdAtCounter(hub.db, req.counterId),
        });
  } catch (err) {
    hub.log.error('card terminal setting cannot be used', { counterId: req.counterId, error: String(err) });
    throw new DomainError('TERMINAL_NOT_CONFIGURED', `counter ${req.counterId}: the card terminal setting cannot be used`);
  }
  if (!open) {
    hub.db
      .transaction(() =>
        pt.insertAttempt(hub.db, { orderId, requestId: req.id, feeQuoteId: fq.id, part: input.part, amountRials: due, counterId: req.counterId, staffId: staff.userId, startedAt: hub.now().toISOString() }),
      )
      .immediate();
  }

  inFlight.add(key);
  try {
    // Evidence first: the attempt must be on disk before the terminal can charge anything.
    if (!(await afterCommit(hub.db, () => pt.getAttempt(hub.db, orderId) !== undefined))) throw new Error(`payment attempt ${orderId} was not committed; the terminal was not called`);

    let approval: TerminalApproval;
    try {
      // a retry asks for what the unanswered sale asked: that is the approval the terminal may hold
      approval = await terminal.sale({ amountRials: open?.amountRials ?? due, orderId });
    } catch (err) {
      throw terminalFailed(hub, orderId, err);
    }
    return recordTerminalApproval(hub, req.id, input.part, orderId, approval, staff);
  } finally {
    inFlight.delete(key);
  }
}

/** Ends (or keeps open) the attempt after a failed sale; the error for the clerk. */
function terminalFailed(hub: HubBase, orderId: string, err: unknown): DomainError {
  const outcome = terminalOutcome(err);
  const at = hub.now().toISOString();
  if (outcome.state === 'inDoubt') {
    hub.log.warn('card terminal sale in doubt', { orderId, code: outcome.stored, error: String(err) });
    hub.db.transaction(() => pt.markAttemptInDoubt(hub.db, orderId, outcome.stored)).immediate();
  } else {
    const state = outcome.state;
    if (state === 'chargedMismatch') hub.log.error('card terminal charged an amount that cannot count', { orderId, code: outcome.stored, error: String(err) });
    hub.db.transaction(() => pt.resolveAttempt(hub.db, orderId, { state, errorCode: outcome.stored, at })).immediate();
  }
  const responseCode = err instanceof PaymentError && err.responseCode ? ` (response code ${err.responseCode})` : '';
  return new DomainError(outcome.code, `card terminal: ${outcome.stored}${responseCode}`, { ref: orderId });
}

/**
 * An approval from the terminal: recorded if it still counts (the part still due, same amount,
 * RRN never seen); otherwise the money moved but cannot count — `chargedMismatch`, for the manager.
 */
function recordTerminalApproval(hub: HubBase, requestId: string, part: PaymentPart, orderId: string, approval: TerminalApproval, staff: Staff): { paymentId: string; receipt: r.ReceiptRow } {
  const paymentId = randomUUID();
  let checked: { req: r.RequestRow; fq: r.FeeQuoteRow; record: PaymentRecord };
  try {
    // The request may have changed while the customer was at the terminal: check everything again.
    const { req, fq, due } = payable(hub, requestId, part);
    const record = paymentRecord({ method: 'pcpos', orderId, approval, amountDueRials: due, rrnAlreadyRecorded: (rrn) => r.rrnRecorded(hub.db, rrn) });
    checked = { req, fq, record };
  } catch (err) {
    const stored = err instanceof PaymentError || err instanceof DomainError ? err.code : 'INTERNAL';
    hub.log.error('card terminal approval cannot be recorded', { orderId, rrn: approval.rrn, code: stored, error: String(err) });
    hub.db.transaction(() => pt.resolveAttempt(hub.db, orderId, { state: 'chargedMismatch', errorCode: stored, at: hub.now().toISOString() })).immediate();
    throw new DomainError(stored === 'PAYMENT_DUPLICATE_RRN' ? 'DUPLICATE_RRN' : 'PAYMENT_CHARGED_MISMATCH', `card terminal approved RRN ${approval.rrn}, which cannot count: ${stored}`, { ref: orderId });
  }
  try {
    return recordPayment(hub, { ...checked, part, paymentId }, staff, () => {
      if (!pt.resolveAttempt(hub.db, orderId, { state: 'approved', paymentId, at: hub.now().toISOString() })) throw new Error(`payment attempt ${orderId} is not open`);
    });
  } catch (err) {
    // Nothing of it was written. The attempt stays open (in doubt): a retry finds the approval by inquiry and records it.
    hub.log.error('card terminal approval could not be written; the attempt stays in doubt', { orderId, rrn: approval.rrn, error: String(err) });
    try {
      hub.db.transaction(() => pt.markAttemptInDoubt(hub.db, orderId, err instanceof DomainError ? err.code : 'RECORD_FAILED')).immediate();
    } catch {
      // the database refuses writes: the attempt stays pending, and becomes in doubt at the next start
    }
    throw new DomainError('PAYMENT_IN_DOUBT', `card terminal approved RRN ${approval.rrn}, but it could not be recorded`, { ref: orderId });
  }
}
