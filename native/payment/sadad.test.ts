import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SadadSimulator } from '../../test/support/sadadSimulator';
import { sadadTerminal, type SadadTerminalOptions } from './sadad';
import { PaymentError, type PaymentErrorCode, type PaymentOutcome } from './terminal';
import { sampleApproval } from '../../test/support/paymentSamples';

/** Short enough to keep the suite fast, long enough for loopback. */
const TIMEOUT_MS = 300;
const AMOUNT = 1_250_000;
const NOW = new Date('2025-03-01T08:30:00.000Z');

let sim: SadadSimulator;
beforeEach(async () => {
  sim = await new SadadSimulator().start();
});
afterEach(async () => {
  await sim.stop();
});

const terminalFor = (s: SadadSimulator, extra: Partial<SadadTerminalOptions> = {}) =>
  sadadTerminal({ baseUrl: s.baseUrl, timeoutMs: TIMEOUT_MS, inquiryTimeoutMs: TIMEOUT_MS, now: () => NOW, ...extra });

/** The error a promise rejects with, checked to be a PaymentError with this code. */
async function paymentError(p: Promise<unknown>, code: PaymentErrorCode, outcome?: PaymentOutcome): Promise<PaymentError> {
  const err = await p.then(
    (v) => {
      throw new Error(`expected ${code}, but it resolved with ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PaymentError);
  const pe = err as PaymentError;
  expect({ code: pe.code, message: pe.message }).toMatchObject({ code });
  if (outcome) expect(pe.outcome).toBe(outcome);
  return pe;
}

describe('sadadTerminal: a sale', () => {
  it('is approved with the RRN, trace, terminal id, masked card and response code of the terminal', async () => {
    sim.next({ kind: 'approve', rrn: '412345678901', trace: '654321', cardNo: '603799******1234' });
    const approval = await terminalFor(sim).sale({ amountRials: AMOUNT, orderId: 'P-1001' });
    expect(approval).toEqual({ ...sampleApproval, amountRials: AMOUNT });
    expect(sim.chargesFor('P-1001')).toHaveLength(1);
  });

  it('sends Sadad’s JSON: the amount in rials as a string, the order id, a request id and the device timeouts', async () => {
    const terminal = terminalFor(sim, { device: { ConnectionType: 'Lan', DeviceIp: '192.168.1.50', DevicePort: '8888' } });
    await terminal.sale({ amountRials: AMOUNT, orderId: 'P-1002' });
    const [sale] = sim.sales;
    expect(sale!.contentType).toMatch(/^application\/json/);
    expect(sale!.body).toMatchObject({
      ConnectionType: 'Lan',
      DeviceIp: '192.168.1.50',
      DevicePort: '8888',
      Amount: '1250000',
      OrderId: 'P-1002',
      SaleId: 'P-1002',
      RetryTimeOut: '5000,5000,5000',
      ResponseTimeout: '1000,5000,5000',
    });
    expect(sale!.body.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tells the device to give up before the adapter does, so the device’s own answer comes first', async () => {
    await sadadTerminal({ baseUrl: sim.baseUrl }).sale({ amountRials: AMOUNT, orderId: 'P-1003' });
    expect(sim.sales[0]!.body.ResponseTimeout).toBe('185000,5000,5000');
  });

  it('masks a whole card number from the terminal before it leaves the adapter', async () => {
    sim.next({ kind: 'approve', cardNo: '6037991234561234' });
    expect((await terminalFor(sim).sale({ amountRials: AMOUNT, orderId: 'P-1004' })).maskedCard).toBe('603799******1234');
  });

  it('a decline is PAYMENT_DECLINED with the bank’s response code, and charges nothing', async () => {
    sim.next({ kind: 'decline', responseCode: '51' });
    const err = await paymentError(terminalFor(sim).sale({ amountRials: AMOUNT, orderId: 'P-2001' }), 'PAYMENT_DECLINED', 'notCharged');
    expect(err.responseCode).toBe('51');
    expect(sim.charges).toHaveLength(0);
  });

  it('a cancel on the device is PAYMENT_CANCELLED, and a new attempt with the same order id charges once without inquiring', async () => {
    const terminal = terminalFor(sim);
    sim.next({ kind: 'cancel' });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-2002' }), 'PAYMENT_CANCELLED', 'notCharged');
    await terminal.sale({ amountRials: AMOUNT, orderId: 'P-2002' });
    expect(sim.searches).toHaveLength(0);
    expect(sim.chargesFor('P-2002')).toHaveLength(1);
  });

  it('maps the service’s own statuses: device unreachable, device busy, and lost answers in doubt', async () => {
    const cases: [number, PaymentErrorCode, PaymentOutcome][] = [
      [1, 'PAYMENT_TERMINAL_UNREACHABLE', 'notCharged'],
      [6, 'PAYMENT_TERMINAL_BUSY', 'notCharged'],
      [0, 'PAYMENT_IN_DOUBT', 'unknown'],
      [2, 'PAYMENT_IN_DOUBT', 'unknown'],
      [5, 'PAYMENT_IN_DOUBT', 'unknown'],
      [42, 'PAYMENT_BAD_REPLY', 'unknown'],
    ];
    for (const [code, expected, outcome] of cases) {
      sim.next({ kind: 'status', code });
      await paymentError(terminalFor(sim).sale({ amountRials: AMOUNT, orderId: `P-S${code}` }), expected, outcome);
    }
    expect(sim.charges).toHaveLength(0);
  });

  it('a stopped service is PAYMENT_TERMINAL_UNREACHABLE at once, and nothing is charged', async () => {
    await sim.stop();
    const started = Date.now();
    await paymentError(terminalFor(sim, { timeoutMs: 5_000 }).sale({ amountRials: AMOUNT, orderId: 'P-2003' }), 'PAYMENT_TERMINAL_UNREACHABLE', 'notCharged');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a malformed request before it reaches the terminal', async () => {
    const terminal = terminalFor(sim);
    await expect(terminal.sale({ amountRials: 0, orderId: 'P-1' })).rejects.toThrow();
    await expect(terminal.sale({ amountRials: 1.5, orderId: 'P-1' })).rejects.toThrow();
    await expect(terminal.sale({ amountRials: AMOUNT, orderId: 'bad id with spaces' })).rejects.toThrow();
    expect(sim.requests).toHaveLength(0);
  });
});

describe('sadadTerminal: timeouts, in doubt, and no double charge', () => {
  it('a terminal that takes the request and never answers leaves the payment PAYMENT_IN_DOUBT after the timeout', async () => {
    sim.next({ kind: 'hang' });
    const started = Date.now();
    await paymentError(terminalFor(sim).sale({ amountRials: AMOUNT, orderId: 'P-3001' }), 'PAYMENT_IN_DOUBT', 'unknown');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(took).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(sim.sales).toHaveLength(1);
  });

  it('a retry of an in-doubt sale with the same order id finds the late approval by inquiry and does not charge again', async () => {
    const terminal = terminalFor(sim, { terminalId: 'C0000301' });
    sim.next({ kind: 'approveAfterDelay', delayMs: TIMEOUT_MS + 200 });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-3002' }), 'PAYMENT_IN_DOUBT', 'unknown');
    await sim.idle(); // the customer did pay, after the adapter had given up

    const approval = await terminal.sale({ amountRials: AMOUNT, orderId: 'P-3002' });
    expect(approval.rrn).toBe(sim.chargesFor('P-3002')[0]!.rrn);
    expect(approval).toMatchObject({ amountRials: AMOUNT, terminalId: 'C0000301', responseCode: '00' });
    expect(sim.sales).toHaveLength(1);
    expect(sim.searches).toHaveLength(1);
    expect(sim.chargesFor('P-3002')).toHaveLength(1);
  });

  it('a retry while the device still works on the earlier attempt stays in doubt and sends no second sale', async () => {
    const terminal = terminalFor(sim, { terminalId: 'C0000301' });
    sim.next({ kind: 'approveAfterDelay', delayMs: TIMEOUT_MS * 3 });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-3003' }), 'PAYMENT_IN_DOUBT');
    const busy = await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-3003' }), 'PAYMENT_IN_DOUBT', 'unknown');
    expect((busy.cause as PaymentError).code).toBe('PAYMENT_TERMINAL_BUSY');
    expect(sim.sales).toHaveLength(1);

    await sim.idle();
    await terminal.sale({ amountRials: AMOUNT, orderId: 'P-3003' });
    expect(sim.sales).toHaveLength(1);
    expect(sim.chargesFor('P-3003')).toHaveLength(1);
  });

  it('a retry after a hang that charged nothing inquires, finds nothing, and charges exactly once', async () => {
    const terminal = terminalFor(sim);
    sim.next({ kind: 'hang' }, { kind: 'approve' });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-3004' }), 'PAYMENT_IN_DOUBT');
    await terminal.sale({ amountRials: AMOUNT, orderId: 'P-3004' });
    expect(sim.searches.map((s) => s.body.OrderId)).toEqual(['P-3004']);
    expect(sim.sales).toHaveLength(2);
    expect(sim.chargesFor('P-3004')).toHaveLength(1);
  });

  it('a retry whose inquiry gets no answer stays in doubt and never sends a sale', async () => {
    const terminal = terminalFor(sim);
    sim.next({ kind: 'hang' });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-3005' }), 'PAYMENT_IN_DOUBT');
    sim.hangSearches();
    const err = await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-3005' }), 'PAYMENT_IN_DOUBT', 'unknown');
    expect((err.cause as PaymentError).code).toBe('PAYMENT_TIMEOUT');
    expect(sim.sales).toHaveLength(1);
  });

  it('a retry while the service is down stays in doubt rather than unreachable', async () => {
    const terminal = terminalFor(sim);
    sim.next({ kind: 'hang' });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-3006' }), 'PAYMENT_IN_DOUBT');
    await sim.stop();
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-3006' }), 'PAYMENT_IN_DOUBT', 'unknown');
  });

  it('a sale of an order already approved returns the same approval without asking the terminal', async () => {
    const terminal = terminalFor(sim);
    const first = await terminal.sale({ amountRials: AMOUNT, orderId: 'P-3007' });
    expect(await terminal.sale({ amountRials: AMOUNT, orderId: 'P-3007' })).toEqual(first);
    expect(sim.requests).toHaveLength(1);
  });

  it('order ids the hub kept as in doubt across a restart are inquired before their first sale', async () => {
    sim.next({ kind: 'approveAfterDelay', delayMs: TIMEOUT_MS + 200 });
    await paymentError(terminalFor(sim).sale({ amountRials: AMOUNT, orderId: 'P-3008' }), 'PAYMENT_IN_DOUBT');
    await sim.idle();

    const restarted = terminalFor(sim, { inDoubtOrderIds: ['P-3008'], terminalId: 'c0000301' });
    const approval = await restarted.sale({ amountRials: AMOUNT, orderId: 'P-3008' });
    expect(approval.terminalId).toBe('C0000301');
    expect(sim.sales).toHaveLength(1);
    expect(sim.chargesFor('P-3008')).toHaveLength(1);
  });

  it('an approval found by inquiry takes the terminal id of an earlier answer; with none known it is charged-but-unreadable', async () => {
    // Search results carry no terminal id (as in the public client's model of Sadad's service).
    sim.next({ kind: 'approveAfterDelay', delayMs: TIMEOUT_MS + 200 });
    await paymentError(terminalFor(sim).sale({ amountRials: AMOUNT, orderId: 'P-3009' }), 'PAYMENT_IN_DOUBT');
    await sim.idle();

    const knowsNothing = terminalFor(sim, { inDoubtOrderIds: ['P-3009'] });
    const err = await paymentError(knowsNothing.sale({ amountRials: AMOUNT, orderId: 'P-3009' }), 'PAYMENT_BAD_REPLY', 'charged');
    expect(err.message).toMatch(/terminalId/);

    const learns = terminalFor(sim, { inDoubtOrderIds: ['P-3009'] });
    sim.next({ kind: 'approve', terminalId: 'C0000777' });
    await learns.sale({ amountRials: AMOUNT, orderId: 'P-3010' });
    expect((await learns.sale({ amountRials: AMOUNT, orderId: 'P-3009' })).terminalId).toBe('C0000777');
    expect(sim.sales).toHaveLength(2);
    expect(sim.chargesFor('P-3009')).toHaveLength(1);
  });

  it('calls to one terminal run one after another', async () => {
    const terminal = terminalFor(sim);
    // each sale takes a moment on the device; one arriving meanwhile would be refused as busy
    sim.next(...[1, 2, 3].map(() => ({ kind: 'approveAfterDelay' as const, delayMs: 50 })));
    const results = await Promise.all([1, 2, 3].map((n) => terminal.sale({ amountRials: AMOUNT + n, orderId: `P-40${n}` })));
    expect(results.map((r) => r.amountRials)).toEqual([AMOUNT + 1, AMOUNT + 2, AMOUNT + 3]);
    expect(sim.maxConcurrentSales).toBe(1);
  });
});

describe('sadadTerminal: answers that cannot count as paid', () => {
  it('an approval for another amount is PAYMENT_AMOUNT_MISMATCH with the approval, and a retry does not charge again', async () => {
    const terminal = terminalFor(sim);
    sim.next({ kind: 'mismatch', amountRials: 125_000 });
    const err = await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-5001' }), 'PAYMENT_AMOUNT_MISMATCH', 'charged');
    expect(err.approval).toMatchObject({ amountRials: 125_000, responseCode: '00' });

    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-5001' }), 'PAYMENT_AMOUNT_MISMATCH', 'charged');
    expect(sim.sales).toHaveLength(1);
    expect(sim.charges).toHaveLength(1);
  });

  it('a reply that is not JSON is PAYMENT_BAD_REPLY, and the retry inquires before charging', async () => {
    const terminal = terminalFor(sim, { terminalId: 'C0000301' });
    sim.next({ kind: 'garbage', charged: true });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-5002' }), 'PAYMENT_BAD_REPLY', 'unknown');
    const approval = await terminal.sale({ amountRials: AMOUNT, orderId: 'P-5002' });
    expect(approval.rrn).toBe(sim.chargesFor('P-5002')[0]!.rrn);
    expect(sim.sales).toHaveLength(1);
    expect(sim.chargesFor('P-5002')).toHaveLength(1);
  });

  it('an answer about another order is in doubt, not an approval of this one', async () => {
    const terminal = terminalFor(sim);
    await terminal.sale({ amountRials: AMOUNT, orderId: 'P-5003' });
    sim.next({ kind: 'otherOrder' });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-5004' }), 'PAYMENT_IN_DOUBT', 'unknown');
    // the retry asks, finds nothing for P-5004, and charges it once
    const approval = await terminal.sale({ amountRials: AMOUNT, orderId: 'P-5004' });
    expect(approval.rrn).not.toBe(sim.chargesFor('P-5003')[0]!.rrn);
    expect(sim.chargesFor('P-5004')).toHaveLength(1);
  });

  it('an approval whose RRN cannot be read is PAYMENT_BAD_REPLY and stays to be resolved', async () => {
    const terminal = terminalFor(sim);
    sim.next({ kind: 'approve', rrn: 'not-an-rrn' });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-5005' }), 'PAYMENT_BAD_REPLY', 'unknown');
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-5005' }), 'PAYMENT_BAD_REPLY');
    expect(sim.sales).toHaveLength(1);
    expect(sim.searches).toHaveLength(1);
  });
});

describe('sadadTerminal.inquire', () => {
  it('returns null for an order the terminal never charged, and the approval for one it did', async () => {
    const terminal = terminalFor(sim);
    sim.next({ kind: 'decline' });
    await paymentError(terminal.sale({ amountRials: AMOUNT, orderId: 'P-6001' }), 'PAYMENT_DECLINED');
    expect(await terminal.inquire('P-6001')).toBeNull();

    const approval = await terminal.sale({ amountRials: AMOUNT, orderId: 'P-6002' });
    const fresh = terminalFor(sim, { terminalId: 'C0000301' });
    expect(await fresh.inquire('P-6002')).toEqual(approval);
    expect(sim.charges).toHaveLength(1);
  });

  it('reports a stuck service as PAYMENT_TIMEOUT with the outcome still unknown', async () => {
    sim.hangSearches();
    await paymentError(terminalFor(sim).inquire('P-6003'), 'PAYMENT_TIMEOUT', 'unknown');
  });
});
