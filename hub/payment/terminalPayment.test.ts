import { afterEach, describe, expect, it } from 'vitest';
import type { ResultFrame } from '../../core/api/wire';
import { attemptsOfRequest } from '../../db/paymentTerminals';
import { setUpHub, testHub } from '../../test/support/hub';
import { applicant, clerkWithCalledTicket, details, JUDICIAL, OFFICE, terminalReceipt } from '../../test/support/requests';
import { SadadSimulator } from '../../test/support/sadadSimulator';
import type { PaymentTerminalFactory } from './terminalPayment';
import { terminalFromSetting } from './terminalPayment';

// Card payment on the counter's PC-POS terminal, through the real dispatch, against Sadad's PcPos
// REST service simulated on 127.0.0.1 (test/support/sadadSimulator.ts). The adapter's waits are
// shortened: a sale is "unanswered" after 800 ms here, not 200 s.

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const SALE_MS = 800;
const fastTerminal: PaymentTerminalFactory = (setting, options) =>
  terminalFromSetting(setting, options, { timeoutMs: SALE_MS, inquiryTimeoutMs: SALE_MS, connectTimeoutMs: SALE_MS });

const codeOf = (res: ResultFrame) => (res.ok ? 'ok' : res.error.code);

/** An office with clerk reza at counter 1, whose terminal is the simulator; a request at fees fixed. */
async function counter(options: { configure?: boolean; paymentTerminal?: PaymentTerminalFactory } = {}) {
  const sim = await new SadadSimulator().start();
  cleanup.push(() => sim.stop());
  const t = await setUpHub({ paymentTerminal: options.paymentTerminal ?? fastTerminal });
  cleanup.push(() => t.close());
  const { clerk } = await clerkWithCalledTicket(t);
  if (options.configure !== false) {
    await t.ok('terminal.set', { counterId: 1, kind: 'sadad', baseUrl: sim.baseUrl, timeoutMs: 30_000, terminalId: 'C0000301' }, t.managerSession);
  }
  const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
  const { applicantId } = await t.ok('applicant.save', applicant, clerk);
  await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, clerk);
  await t.ok('request.setDetails', { requestId: r.id, details }, clerk);
  await t.ok('request.fixFees', { requestId: r.id }, clerk);
  const requestId = r.id;
  const pay = (part: 'officeTariff' | 'judicialCost' = 'officeTariff') => t.call('payment.terminal', { requestId, part }, clerk);
  const attempts = () => attemptsOfRequest(t.db, requestId);
  const count = (table: string) => t.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const status = async () => (await t.ok('request.get', { requestId }, clerk)).status;
  return { ...t, sim, clerk, requestId, pay, attempts, count, status };
}

describe('payment.terminal: the sale goes through', () => {
  it('records each part with its receipt; the request is paid once both are, each card charged once', async () => {
    const t = await counter();
    const first = await t.pay('officeTariff');
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const out = first.output as { paymentId: string; receipt: { number: number }; request: { status: string; payments: Array<{ method: string; amountRials: number; rrn: string; terminalId: string }> } };
    expect(out.receipt.number).toBe(1);
    expect(out.request.status).toBe('feesFixed');
    expect(out.request.payments).toMatchObject([{ method: 'pcpos', amountRials: OFFICE, rrn: t.sim.charges[0]!.rrn, terminalId: 'C0000301' }]);

    const second = await t.pay('judicialCost');
    expect(codeOf(second)).toBe('ok');
    expect(await t.status()).toBe('paid');
    expect(t.sim.charges.map((c) => c.amountRials)).toEqual([OFFICE, JUDICIAL]);
    expect(t.attempts().map((a) => [a.part, a.state])).toEqual([
      ['officeTariff', 'approved'],
      ['judicialCost', 'approved'],
    ]);
    // the terminal was charged under the attempt's order id, and the payment carries it
    const orders = t.db.prepare('SELECT p.order_id FROM payment p JOIN payment_attempt a ON a.payment_id = p.id ORDER BY p.rowid').pluck().all();
    expect(orders).toEqual(t.sim.charges.map((c) => c.orderId));
    expect([t.count('payment'), t.count('receipt')]).toEqual([2, 2]);
    // nothing left to pay
    expect(codeOf(await t.pay('officeTariff'))).toBe('PAYMENT_NOT_DUE');
  });
});

describe('payment.terminal: no money moved', () => {
  it('a decline records nothing; a retry is a fresh attempt under a new order id', async () => {
    const t = await counter();
    t.sim.next({ kind: 'decline', responseCode: '51' });
    const declined = await t.pay();
    expect(codeOf(declined)).toBe('PAYMENT_DECLINED');
    expect(t.count('payment')).toBe(0);
    expect(t.attempts()).toMatchObject([{ state: 'notCharged', errorCode: 'PAYMENT_DECLINED' }]);

    expect(codeOf(await t.pay())).toBe('ok');
    const [a, b] = t.attempts();
    expect(b).toMatchObject({ state: 'approved' });
    expect(b!.orderId).not.toBe(a!.orderId);
    expect(t.sim.searches).toHaveLength(0); // nothing in doubt: no inquiry
    expect(t.sim.charges).toHaveLength(1);
  });

  it.each([
    ['cancel on the device', { kind: 'cancel' as const }, 'PAYMENT_CANCELLED'],
    ['a busy device', { kind: 'status' as const, code: 6 }, 'PAYMENT_TERMINAL_BUSY'],
    ['a device the service cannot reach', { kind: 'status' as const, code: 1 }, 'PAYMENT_TERMINAL_UNREACHABLE'],
  ])('%s: %s, nothing recorded, a new attempt may start', async (_name, behaviour, code) => {
    const t = await counter();
    t.sim.next(behaviour);
    expect(codeOf(await t.pay())).toBe(code);
    expect(t.attempts()).toMatchObject([{ state: 'notCharged', errorCode: code }]);
    expect(t.count('payment')).toBe(0);
    expect(codeOf(await t.pay())).toBe('ok');
    expect(t.sim.charges).toHaveLength(1);
  });

  it('a stopped service: PAYMENT_TERMINAL_UNREACHABLE, not charged', async () => {
    const t = await counter();
    await t.sim.stop();
    expect(codeOf(await t.pay())).toBe('PAYMENT_TERMINAL_UNREACHABLE');
    expect(t.attempts()).toMatchObject([{ state: 'notCharged' }]);
  });
});

describe('payment.terminal: no answer, then a retry (no double charge)', () => {
  it('a hung sale is in doubt; manual entry is refused; the retry asks first, then charges once', async () => {
    const t = await counter();
    t.sim.next({ kind: 'hang' });
    const hung = await t.pay();
    expect(codeOf(hung)).toBe('PAYMENT_IN_DOUBT');
    const [attempt] = t.attempts();
    expect(attempt).toMatchObject({ state: 'inDoubt', errorCode: 'PAYMENT_IN_DOUBT', resolvedAt: null });
    if (!hung.ok) expect(hung.error.ref).toBe(attempt!.orderId);

    // only a retry through the terminal can tell whether the card was charged
    expect(codeOf(await t.call('payment.manual', { requestId: t.requestId, part: 'officeTariff', approval: terminalReceipt(OFFICE) }, t.clerk))).toBe('PAYMENT_IN_DOUBT');
    expect(t.count('payment')).toBe(0);
    // nor may the fees change, or the request be closed, under a sale that may have charged the card
    expect(codeOf(await t.call('request.fixFees', { requestId: t.requestId }, t.clerk))).toBe('PAYMENT_IN_DOUBT');
    expect(codeOf(await t.call('request.setDetails', { requestId: t.requestId, details }, t.clerk))).toBe('PAYMENT_IN_DOUBT');
    expect(codeOf(await t.call('request.close', { requestId: t.requestId, kind: 'cancelled', reason: 'انصراف متقاضی' }, t.clerk))).toBe('PAYMENT_IN_DOUBT');

    expect(codeOf(await t.pay())).toBe('ok');
    expect(t.attempts()).toMatchObject([{ orderId: attempt!.orderId, state: 'approved' }]);
    expect(t.sim.searches.map((s) => s.body.OrderId)).toEqual([attempt!.orderId]);
    expect(t.sim.sales.map((s) => s.body.OrderId)).toEqual([attempt!.orderId, attempt!.orderId]);
    expect(t.sim.chargesFor(attempt!.orderId)).toHaveLength(1);
    expect(t.count('payment')).toBe(1);
  });

  it('a sale approved after the hub gave up is found by the retry’s inquiry and recorded once; the card is not charged again', async () => {
    const t = await counter();
    t.sim.next({ kind: 'approveAfterDelay', delayMs: SALE_MS * 2 });
    expect(codeOf(await t.pay())).toBe('PAYMENT_IN_DOUBT');
    // the device is still working: the inquiry gets "busy", and nothing is sent
    expect(codeOf(await t.pay())).toBe('PAYMENT_IN_DOUBT');
    expect(t.sim.sales).toHaveLength(1);
    await t.sim.idle();
    expect(t.sim.charges).toHaveLength(1);

    const found = await t.pay();
    expect(codeOf(found)).toBe('ok');
    expect(t.sim.sales).toHaveLength(1);
    expect(t.sim.charges).toHaveLength(1);
    const [attempt] = t.attempts();
    expect(attempt).toMatchObject({ state: 'approved' });
    const payment = t.db.prepare('SELECT order_id AS orderId, rrn, terminal_id AS terminalId, method FROM payment').all();
    expect(payment).toEqual([{ orderId: attempt!.orderId, rrn: t.sim.charges[0]!.rrn, terminalId: 'C0000301', method: 'pcpos' }]);
    // and a further click finds nothing due
    expect(codeOf(await t.pay())).toBe('PAYMENT_NOT_DUE');
  });

  it('an unreadable answer after the device charged: in doubt; the retry finds the charge and records it once', async () => {
    const t = await counter();
    t.sim.next({ kind: 'garbage', charged: true });
    expect(codeOf(await t.pay())).toBe('PAYMENT_IN_DOUBT');
    expect(t.attempts()).toMatchObject([{ state: 'inDoubt', errorCode: 'PAYMENT_BAD_REPLY' }]);
    expect(codeOf(await t.pay())).toBe('ok');
    expect(t.sim.sales).toHaveLength(1);
    expect(t.sim.charges).toHaveLength(1);
    expect(t.db.prepare('SELECT rrn FROM payment').pluck().all()).toEqual([t.sim.charges[0]!.rrn]);
  });

  it('a sale approved within the wait is simply recorded', async () => {
    const t = await counter();
    t.sim.next({ kind: 'approveAfterDelay', delayMs: 100 });
    expect(codeOf(await t.pay())).toBe('ok');
    expect(t.attempts()).toMatchObject([{ state: 'approved' }]);
    expect(t.sim.charges).toHaveLength(1);
  });
});

describe('payment.terminal: money moved that cannot count', () => {
  it('another amount: chargedMismatch stored, nothing recorded, the request is not paid', async () => {
    const t = await counter();
    t.sim.next({ kind: 'mismatch', amountRials: OFFICE + 10_000 });
    expect(codeOf(await t.pay())).toBe('PAYMENT_CHARGED_MISMATCH');
    expect(t.attempts()).toMatchObject([{ state: 'chargedMismatch', errorCode: 'PAYMENT_AMOUNT_MISMATCH' }]);
    expect(t.count('payment')).toBe(0);
    expect(await t.status()).toBe('feesFixed');
  });

  it('an approval whose RRN is already on another payment: not recorded twice, left to the manager', async () => {
    const t = await counter();
    await t.ok('payment.manual', { requestId: t.requestId, part: 'officeTariff', approval: terminalReceipt(OFFICE, '412345678901') }, t.clerk);
    t.sim.next({ kind: 'approve', rrn: '412345678901' });
    expect(codeOf(await t.pay('judicialCost'))).toBe('DUPLICATE_RRN');
    expect(t.attempts()).toMatchObject([{ part: 'judicialCost', state: 'chargedMismatch', errorCode: 'PAYMENT_DUPLICATE_RRN' }]);
    expect(t.count('payment')).toBe(1);
    expect(await t.status()).toBe('feesFixed');
  });
});

describe('payment.terminal: one sale at a time per part', () => {
  it('refuses a second click while the first sale is under way, and manual entry too', async () => {
    const t = await counter();
    t.sim.next({ kind: 'approveAfterDelay', delayMs: 400 });
    const first = t.pay();
    const second = t.pay();
    expect(codeOf(await second)).toBe('PAYMENT_IN_PROGRESS');
    expect(codeOf(await t.call('payment.manual', { requestId: t.requestId, part: 'officeTariff', approval: terminalReceipt(OFFICE) }, t.clerk))).toBe('PAYMENT_IN_PROGRESS');
    expect(codeOf(await first)).toBe('ok');
    expect(t.sim.sales).toHaveLength(1);
    expect(t.sim.charges).toHaveLength(1);
    expect(t.count('payment')).toBe(1);
  });

  it('the other part may be paid meanwhile (the device itself refuses a second sale: busy)', async () => {
    const t = await counter();
    t.sim.next({ kind: 'approveAfterDelay', delayMs: 300 });
    const first = t.pay('officeTariff');
    while (t.sim.sales.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(codeOf(await t.pay('judicialCost'))).toBe('PAYMENT_TERMINAL_BUSY');
    expect(codeOf(await first)).toBe('ok');
  });
});

describe('payment.terminal: a restart in the middle of a sale', () => {
  it('calls the terminal only once the pending attempt is committed (no transaction held across the sale)', async () => {
    const seen: Array<{ inTransaction: boolean; attempts: unknown[] }> = [];
    let db: import('../../db/sqlite').Database | undefined;
    const t = await counter({
      paymentTerminal: (setting, options) => {
        const real = fastTerminal(setting, options);
        return {
          kind: real.kind,
          sale: (req) => {
            seen.push({ inTransaction: db!.inTransaction, attempts: db!.prepare('SELECT order_id AS orderId, state FROM payment_attempt').all() });
            return real.sale(req);
          },
        };
      },
    });
    db = t.db;
    expect(codeOf(await t.pay())).toBe('ok');
    expect(seen).toEqual([{ inTransaction: false, attempts: [{ orderId: t.sim.sales[0]!.body.OrderId, state: 'pending' }] }]);
  });

  it('leaves the attempt on disk before the terminal is called; the next hub finds it in doubt and the retry settles it once', async () => {
    const t = await counter();
    t.sim.next({ kind: 'hang' });
    const call = t.pay();
    while (t.sim.sales.length === 0) await new Promise((r) => setTimeout(r, 5));
    // the terminal has the sale: the attempt is committed and pending
    expect(t.db.inTransaction).toBe(false);
    expect(t.attempts()).toMatchObject([{ state: 'pending' }]);

    // the hub "restarts" on the same database (the first one's call ends unanswered meanwhile)
    t.hub.close();
    const again = testHub({ db: t.db, paymentTerminal: fastTerminal });
    cleanup.push(() => again.hub.close());
    expect(t.attempts()).toMatchObject([{ state: 'inDoubt', errorCode: 'HUB_RESTARTED' }]);
    expect(codeOf(await call)).toBe('PAYMENT_IN_DOUBT');

    const retry = await again.call('payment.terminal', { requestId: t.requestId, part: 'officeTariff' }, t.clerk);
    expect(codeOf(retry)).toBe('ok');
    expect(t.sim.searches).toHaveLength(1);
    expect(t.sim.charges).toHaveLength(1);
    expect(t.attempts()).toMatchObject([{ state: 'approved' }]);
  });
});

describe('terminal settings', () => {
  it('without a terminal on the counter: TERMINAL_NOT_CONFIGURED, and no attempt', async () => {
    const t = await counter({ configure: false });
    expect(codeOf(await t.pay())).toBe('TERMINAL_NOT_CONFIGURED');
    expect(t.attempts()).toEqual([]);
    expect((await t.ok('terminal.get', { counterId: 1 }, t.clerk)).terminal).toBeNull();
  });

  it('a setting the adapter cannot use: TERMINAL_NOT_CONFIGURED, and no attempt', async () => {
    const t = await counter();
    t.db.prepare("UPDATE payment_terminal SET base_url = 'https://127.0.0.1:8001'").run(); // Sadad's adapter speaks http only
    const hub = testHub({ db: t.db });
    cleanup.push(() => hub.hub.close());
    expect(codeOf(await hub.call('payment.terminal', { requestId: t.requestId, part: 'officeTariff' }, t.clerk))).toBe('TERMINAL_NOT_CONFIGURED');
    expect(t.attempts()).toEqual([]);
  });

  it('the manager sets a counter’s terminal (Persian digits accepted); staff read it; the address and timeout are checked', async () => {
    const t = await counter({ configure: false });
    const set = (input: Record<string, unknown>, session = t.managerSession) =>
      t.call('terminal.set', { counterId: 1, kind: 'sadad', baseUrl: 'http://127.0.0.1:8000', timeoutMs: 120_000, ...input } as never, session);
    expect(codeOf(await set({}, t.clerk))).toBe('FORBIDDEN');
    for (const baseUrl of ['http://127.0.0.1', '127.0.0.1:8000', 'ftp://127.0.0.1:21', 'http://:8000', 'http://127.0.0.1:8000/api/Sale', 'http://127.0.0.1:70000']) {
      const res = await set({ baseUrl });
      expect(codeOf(res), baseUrl).toBe('INVALID_INPUT');
      if (!res.ok) expect(res.error.fields?.map((f) => f.path)).toEqual(['baseUrl']);
    }
    expect(codeOf(await set({ baseUrl: 'https://127.0.0.1:8001' }))).toBe('INVALID_INPUT'); // Sadad's adapter speaks http
    expect(codeOf(await set({ timeoutMs: 4_999 }))).toBe('INVALID_INPUT');
    expect(codeOf(await set({ timeoutMs: 180_001 }))).toBe('INVALID_INPUT');
    expect(codeOf(await set({ counterId: 42 }))).toBe('UNKNOWN_COUNTER');

    const saved = await set({ baseUrl: 'http://۱۹۲.۱۶۸.۱.۲۰:۸۰۰۰/', deviceIp: '۱۹۲.۱۶۸.۱.۳۰', devicePort: 8888, terminalId: 'c0000301' });
    expect(codeOf(saved)).toBe('ok');
    const got = await t.ok('terminal.get', { counterId: 1 }, t.clerk);
    expect(got.terminal).toMatchObject({ counterId: 1, kind: 'sadad', baseUrl: 'http://192.168.1.20:8000', timeoutMs: 120_000, deviceIp: '192.168.1.30', devicePort: 8888, terminalId: 'C0000301' });
  });
});
