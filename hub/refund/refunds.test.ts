import { afterEach, describe, expect, it } from 'vitest';
import type { ResultFrame } from '../../core/api/wire';
import { addClerk, setUpHub, testHub } from '../../test/support/hub';
import { applicant, clerkWithCalledTicket, details, OFFICE, terminalReceipt } from '../../test/support/requests';
import { SadadSimulator } from '../../test/support/sadadSimulator';
import { terminalFromSetting, type PaymentTerminalFactory } from '../payment/terminalPayment';

// Refunds through the real dispatch: a reversal on Sadad's PcPos service simulated on 127.0.0.1, and a
// manual refund with a manager's approval. The adapter's waits are shortened: a reversal is
// "unanswered" after 800 ms here.

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const WAIT_MS = 800;
const fastTerminal: PaymentTerminalFactory = (setting, options) =>
  terminalFromSetting(setting, options, { timeoutMs: WAIT_MS, inquiryTimeoutMs: WAIT_MS, connectTimeoutMs: WAIT_MS });

const codeOf = (res: ResultFrame) => (res.ok ? 'ok' : res.error.code);
const REASON = 'مبلغ اشتباه گرفته شد';

/** Clerk reza at counter 1 with the simulator as its terminal; a petition whose office tariff is paid on the terminal. */
async function paidOnTerminal() {
  const sim = await new SadadSimulator().start();
  cleanup.push(() => sim.stop());
  const t = await setUpHub({ paymentTerminal: fastTerminal });
  cleanup.push(() => t.close());
  const { clerk } = await clerkWithCalledTicket(t);
  await t.ok('terminal.set', { counterId: 1, kind: 'sadad', baseUrl: sim.baseUrl, timeoutMs: 30_000, terminalId: 'C0000301' }, t.managerSession);
  const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
  const { applicantId } = await t.ok('applicant.save', applicant, clerk);
  await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, clerk);
  await t.ok('request.setDetails', { requestId: r.id, details }, clerk);
  await t.ok('request.fixFees', { requestId: r.id }, clerk);
  const paid = await t.ok('payment.terminal', { requestId: r.id, part: 'officeTariff' }, clerk);
  const paymentId = paid.paymentId;
  const reverse = (over: Record<string, unknown> = {}, session = clerk) => t.call('refund.reverse', { paymentId, amountRials: OFFICE, reason: REASON, ...over } as never, session);
  const manual = (over: Record<string, unknown> = {}, session = clerk) => t.call('refund.manual', { paymentId, amountRials: OFFICE, reason: REASON, ...over } as never, session);
  const refunds = () => t.db.prepare('SELECT method, state, error_code AS errorCode, order_id AS orderId, approved_by AS approvedBy FROM refund ORDER BY rowid').all() as Array<Record<string, unknown>>;
  const refusals = () => t.db.prepare("SELECT json_extract(detail, '$.code') FROM audit_log WHERE action = 'refundRefused' ORDER BY seq").pluck().all();
  const request = () => t.ok('request.get', { requestId: r.id }, clerk);
  const managerApproval = { username: 'maryam', password: 'Sabz-Kuh-1403' };
  return { ...t, sim, clerk, requestId: r.id, paymentId, receiptNumber: paid.receipt.number, reverse, manual, refunds, refusals, request, managerApproval };
}

describe('refund.reverse: a card payment given back on the terminal', () => {
  it('approved: the card is credited once, the receipt is voided, the request goes back to be priced again and is paid anew', async () => {
    const t = await paidOnTerminal();
    const res = await t.reverse();
    expect(codeOf(res)).toBe('ok');
    const out = res.ok ? (res.output as { refund: { state: string; rrn: string }; request: { status: string; payments: unknown[]; receipts: Array<{ voided?: boolean }> } }) : null;
    expect(out!.refund).toMatchObject({ state: 'approved', rrn: t.sim.reversals[0]!.rrn });
    expect(out!.request.status).toBe('detailsComplete');
    expect(out!.request.payments).toEqual([]);
    expect(out!.request.receipts).toMatchObject([{ number: t.receiptNumber, voided: true }]);
    expect(t.sim.reversalsOf(t.sim.charges[0]!.rrn)).toHaveLength(1);
    expect(t.sim.reverseRequests[0]!.body).toMatchObject({ OriginalOrderId: t.sim.charges[0]!.orderId, OriginalRrn: t.sim.charges[0]!.rrn });
    // the way forward: priced again, paid again under a new quote, with the next receipt number (no gap, none reused)
    await t.ok('request.fixFees', { requestId: t.requestId }, t.clerk);
    const again = await t.ok('payment.terminal', { requestId: t.requestId, part: 'officeTariff' }, t.clerk);
    expect(again.receipt.number).toBe(t.receiptNumber + 1);
    expect(again.request.payments).toHaveLength(1);
    const audit = t.db.prepare("SELECT subject FROM audit_log WHERE action = 'paymentRefunded'").pluck().all();
    expect(audit).toEqual([`payment:${t.paymentId}`]);
  });

  it('declined: nothing given back, the receipt stands, and a new try is a new reversal', async () => {
    const t = await paidOnTerminal();
    t.sim.nextReversal({ kind: 'decline', responseCode: '12' });
    expect(codeOf(await t.reverse())).toBe('REFUND_DECLINED');
    expect(t.refunds()).toMatchObject([{ state: 'declined', errorCode: 'PAYMENT_DECLINED' }]);
    expect((await t.request()).status).toBe('feesFixed');
    expect(codeOf(await t.reverse())).toBe('ok');
    const [a, b] = t.refunds();
    expect(b!.orderId).not.toBe(a!.orderId);
    expect(t.sim.searches).toHaveLength(0);
  });

  it('in doubt (no answer): held until a retry, which inquires under the same order id and never gives back twice', async () => {
    const t = await paidOnTerminal();
    t.sim.nextReversal({ kind: 'hang', credited: true });
    expect(codeOf(await t.reverse())).toBe('REFUND_IN_DOUBT');
    expect(t.refunds()).toMatchObject([{ state: 'inDoubt', errorCode: 'PAYMENT_IN_DOUBT' }]);
    // while in doubt: no manual refund, no new fees, no close
    expect(codeOf(await t.manual({ approval: t.managerApproval }))).toBe('REFUND_IN_DOUBT');
    expect(codeOf(await t.call('request.close', { requestId: t.requestId, kind: 'cancelled', reason: 'انصراف متقاضی' }, t.clerk))).toBe('REFUND_IN_DOUBT');
    const retry = await t.reverse();
    expect(codeOf(retry)).toBe('ok');
    expect(t.sim.searches).toHaveLength(1);
    expect(t.sim.reverseRequests).toHaveLength(1);
    expect(t.sim.reversals).toHaveLength(1);
    expect(t.refunds()).toMatchObject([{ state: 'approved' }]);
  });

  it('a hub killed mid-reversal: the row was on disk before the terminal was called; the next hub finds it in doubt and the retry settles it once', async () => {
    const t = await paidOnTerminal();
    t.sim.nextReversal({ kind: 'hang', credited: true });
    const call = t.reverse();
    while (t.sim.reverseRequests.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(t.db.inTransaction).toBe(false);
    expect(t.refunds()).toMatchObject([{ state: 'pending' }]);
    t.hub.close();
    const again = testHub({ db: t.db, paymentTerminal: fastTerminal });
    cleanup.push(() => again.hub.close());
    expect(t.refunds()).toMatchObject([{ state: 'inDoubt', errorCode: 'HUB_RESTARTED' }]);
    await call;
    const retry = await again.call('refund.reverse', { paymentId: t.paymentId, amountRials: OFFICE, reason: REASON }, t.clerk);
    expect(codeOf(retry)).toBe('ok');
    expect(t.sim.searches).toHaveLength(1);
    expect(t.sim.reverseRequests).toHaveLength(1);
    expect(t.sim.reversals).toHaveLength(1);
  });

  it('a duplicate request while the first is at the terminal is refused; after it, a second refund of the same payment is refused', async () => {
    const t = await paidOnTerminal();
    const [first, second] = await Promise.all([t.reverse(), t.reverse()]);
    expect([codeOf(first), codeOf(second)].sort()).toEqual(['REFUND_IN_PROGRESS', 'ok']);
    expect(codeOf(await t.reverse())).toBe('REFUND_ALREADY');
    expect(codeOf(await t.manual({ approval: t.managerApproval }))).toBe('REFUND_ALREADY');
    expect(t.sim.reversals).toHaveLength(1);
    expect(t.refunds()).toHaveLength(1);
    expect(t.refusals()).toEqual(['REFUND_IN_PROGRESS', 'REFUND_ALREADY', 'REFUND_ALREADY']);
  });
});

describe('refund refusals: a code, an audit entry, nothing changed', () => {
  it('a refund larger than the payment, or smaller', async () => {
    const t = await paidOnTerminal();
    expect(codeOf(await t.reverse({ amountRials: OFFICE + 1 }))).toBe('REFUND_EXCEEDS_PAYMENT');
    expect(codeOf(await t.manual({ amountRials: OFFICE * 2, approval: t.managerApproval }))).toBe('REFUND_EXCEEDS_PAYMENT');
    expect(codeOf(await t.reverse({ amountRials: OFFICE - 1 }))).toBe('REFUND_PARTIAL');
    expect(t.refunds()).toEqual([]);
    expect(t.sim.reverseRequests).toHaveLength(0);
    expect((await t.request()).status).toBe('feesFixed');
    expect(t.refusals()).toEqual(['REFUND_EXCEEDS_PAYMENT', 'REFUND_EXCEEDS_PAYMENT', 'REFUND_PARTIAL']);
  });

  it('a clerk of another counter without a manager is refused; with the manager’s approval it goes through', async () => {
    const t = await paidOnTerminal();
    const other = await addClerk(t, 'sara');
    await t.ok('queue.openCounter', { counterId: 2 }, other);
    expect(codeOf(await t.reverse({}, other))).toBe('REFUND_OTHER_COUNTER');
    expect(codeOf(await t.reverse({ approval: { username: 'maryam', password: 'wrong-password' } }, other))).toBe('REFUND_APPROVAL_INVALID');
    expect(codeOf(await t.reverse({ approval: { username: 'reza', password: 'pw-reza-12345' } }, other))).toBe('REFUND_APPROVAL_INVALID');
    expect(t.refunds()).toEqual([]);
    expect(t.sim.reverseRequests).toHaveLength(0);
    expect(t.refusals()).toEqual(['REFUND_OTHER_COUNTER', 'REFUND_APPROVAL_INVALID', 'REFUND_APPROVAL_INVALID']);
    expect(codeOf(await t.reverse({ approval: t.managerApproval }, other))).toBe('ok');
    const managerId = t.db.prepare("SELECT id FROM staff WHERE username = 'maryam'").pluck().get();
    expect(t.refunds()).toMatchObject([{ state: 'approved', approvedBy: managerId }]);
  });

  it('a manual refund needs a manager’s approval; with it, it is recorded and the request is priced again', async () => {
    const t = await paidOnTerminal();
    expect(codeOf(await t.manual())).toBe('REFUND_APPROVAL_REQUIRED');
    expect(codeOf(await t.manual({ reason: 'x' }))).toBe('INVALID_INPUT');
    expect(t.refunds()).toEqual([]);
    const res = await t.manual({ approval: t.managerApproval });
    expect(codeOf(res)).toBe('ok');
    expect(t.refunds()).toMatchObject([{ method: 'manual', state: 'approved', orderId: null }]);
    expect((await t.request()).status).toBe('detailsComplete');
    expect(t.sim.reverseRequests).toHaveLength(0);
  });

  it('a payment typed from a receipt, or of another day, is not reversed on the terminal: a manual refund is', async () => {
    const t = await paidOnTerminal();
    await t.ok('payment.manual', { requestId: t.requestId, part: 'judicialCost', approval: terminalReceipt(2_500_000, '412345678909') }, t.clerk);
    const typed = (await t.request()).payments.find((p) => p.method === 'manual')!;
    expect(codeOf(await t.call('refund.reverse', { paymentId: typed.id, amountRials: 2_500_000, reason: REASON }, t.clerk))).toBe('REFUND_NOT_REVERSIBLE');
    t.advance(24 * 3600_000);
    const { session } = await t.ok('auth.login', t.managerApproval);
    expect(codeOf(await t.reverse({}, session))).toBe('REFUND_NOT_REVERSIBLE');
    expect(codeOf(await t.manual({}, session))).toBe('ok');
    expect(t.sim.reverseRequests).toHaveLength(0);
  });

  it('a request in the outbox is refused with the reason; so is one sent', async () => {
    const t = await paidOnTerminal();
    t.db.prepare("UPDATE request SET status = 'readyToSend', state = json_set(state, '$.status', 'readyToSend') WHERE id = ?").run(t.requestId);
    expect(codeOf(await t.reverse())).toBe('REFUND_IN_OUTBOX');
    t.db.prepare("UPDATE request SET status = 'submitted', state = json_set(state, '$.status', 'submitted') WHERE id = ?").run(t.requestId);
    expect(codeOf(await t.manual({ approval: t.managerApproval }))).toBe('REFUND_AFTER_SENDING');
    expect(t.refunds()).toEqual([]);
    expect(t.refusals()).toEqual(['REFUND_IN_OUTBOX', 'REFUND_AFTER_SENDING']);
  });
});
