import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SadadSimulator } from '../../test/support/sadadSimulator';
import { sadadTerminal, type SadadTerminalOptions } from './sadad';
import { PaymentError, type PaymentErrorCode, type PaymentOutcome } from './terminal';

const TIMEOUT_MS = 300;
const AMOUNT = 770_000;
const NOW = new Date('2026-11-28T08:30:00.000Z');

let sim: SadadSimulator;
beforeEach(async () => {
  sim = await new SadadSimulator().start();
});
afterEach(async () => {
  await sim.stop();
});

const terminalFor = (s: SadadSimulator, extra: Partial<SadadTerminalOptions> = {}) =>
  sadadTerminal({ baseUrl: s.baseUrl, timeoutMs: TIMEOUT_MS, inquiryTimeoutMs: TIMEOUT_MS, terminalId: 'C0000301', now: () => NOW, ...extra });

async function paymentError(p: Promise<unknown>, code: PaymentErrorCode, outcome?: PaymentOutcome): Promise<PaymentError> {
  const err = await p.then(
    (v) => {
      throw new Error(`expected ${code}, but it resolved with ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PaymentError);
  expect((err as PaymentError).code).toBe(code);
  if (outcome) expect((err as PaymentError).outcome).toBe(outcome);
  return err as PaymentError;
}

/** A sale approved on the simulator: what a reversal names. */
async function paidSale(orderId = 'S-1') {
  const approval = await terminalFor(sim).sale({ amountRials: AMOUNT, orderId });
  return { saleOrderId: orderId, saleRrn: approval.rrn };
}

describe('sadadTerminal.reverse', () => {
  it('gives the sale’s money back: /api/Reverse under its own order id, naming the sale’s order id and RRN', async () => {
    const sale = await paidSale();
    const back = await terminalFor(sim).reverse({ ...sale, orderId: 'R-1', amountRials: AMOUNT });
    expect(back).toMatchObject({ amountRials: AMOUNT, responseCode: '00', terminalId: 'C0000301' });
    expect(back.rrn).not.toBe(sale.saleRrn);
    expect(sim.reverseRequests[0]!.body).toMatchObject({ Amount: String(AMOUNT), OrderId: 'R-1', OriginalOrderId: 'S-1', OriginalRrn: sale.saleRrn });
    expect(sim.reversalsOf(sale.saleRrn)).toHaveLength(1);
    expect(sim.charges).toHaveLength(1);
  });

  it('a declined reversal is PAYMENT_DECLINED with the bank’s code and credits nothing; the bank refuses a second reversal of the same sale', async () => {
    const sale = await paidSale();
    sim.nextReversal({ kind: 'decline', responseCode: '12' });
    const declined = await paymentError(terminalFor(sim).reverse({ ...sale, orderId: 'R-2', amountRials: AMOUNT }), 'PAYMENT_DECLINED', 'notCharged');
    expect(declined.responseCode).toBe('12');
    expect(sim.reversals).toHaveLength(0);
    await terminalFor(sim).reverse({ ...sale, orderId: 'R-3', amountRials: AMOUNT });
    // the bank does not give one sale back twice, whatever the caller does
    await paymentError(terminalFor(sim).reverse({ ...sale, orderId: 'R-4', amountRials: AMOUNT }), 'PAYMENT_DECLINED');
    expect(sim.reversalsOf(sale.saleRrn)).toHaveLength(1);
  });

  it('a reversal never answered is in doubt; its retry under the same order id inquires, finds the credit, and sends nothing again', async () => {
    const sale = await paidSale();
    const terminal = terminalFor(sim);
    sim.nextReversal({ kind: 'hang', credited: true });
    await paymentError(terminal.reverse({ ...sale, orderId: 'R-5', amountRials: AMOUNT }), 'PAYMENT_IN_DOUBT', 'unknown');
    const found = await terminal.reverse({ ...sale, orderId: 'R-5', amountRials: AMOUNT });
    expect(found.rrn).toBe(sim.reversalsOf(sale.saleRrn)[0]!.rrn);
    expect(sim.reverseRequests).toHaveLength(1);
    expect(sim.searches).toHaveLength(1);
  });

  it('after a restart, a reversal kept as in doubt is inquired first; one that credited nothing is then sent once', async () => {
    const sale = await paidSale();
    sim.nextReversal({ kind: 'hang', credited: false });
    await paymentError(terminalFor(sim).reverse({ ...sale, orderId: 'R-6', amountRials: AMOUNT }), 'PAYMENT_IN_DOUBT');
    // a new adapter (the hub restarted) that was told the order is in doubt
    const back = await terminalFor(sim, { inDoubtOrderIds: ['R-6'] }).reverse({ ...sale, orderId: 'R-6', amountRials: AMOUNT });
    expect(back.responseCode).toBe('00');
    expect(sim.searches).toHaveLength(1);
    expect(sim.reverseRequests).toHaveLength(2);
    expect(sim.reversalsOf(sale.saleRrn)).toHaveLength(1);
  });

  it('a retry whose inquiry gets no answer stays in doubt and never sends the reversal again', async () => {
    const sale = await paidSale();
    const terminal = terminalFor(sim);
    sim.nextReversal({ kind: 'hang', credited: true });
    await paymentError(terminal.reverse({ ...sale, orderId: 'R-7', amountRials: AMOUNT }), 'PAYMENT_IN_DOUBT');
    sim.hangSearches();
    await paymentError(terminal.reverse({ ...sale, orderId: 'R-7', amountRials: AMOUNT }), 'PAYMENT_IN_DOUBT', 'unknown');
    expect(sim.reverseRequests).toHaveLength(1);
  });

  it('a lost answer from the device (status 2) is in doubt; a busy device (6) and a cancel (3) credited nothing', async () => {
    const sale = await paidSale();
    sim.nextReversal({ kind: 'status', code: 2 }, { kind: 'status', code: 6 }, { kind: 'status', code: 3 });
    await paymentError(terminalFor(sim).reverse({ ...sale, orderId: 'R-8', amountRials: AMOUNT }), 'PAYMENT_IN_DOUBT', 'unknown');
    await paymentError(terminalFor(sim).reverse({ ...sale, orderId: 'R-9', amountRials: AMOUNT }), 'PAYMENT_TERMINAL_BUSY', 'notCharged');
    await paymentError(terminalFor(sim).reverse({ ...sale, orderId: 'R-10', amountRials: AMOUNT }), 'PAYMENT_CANCELLED', 'notCharged');
  });

  it('refuses a sale RRN that is not 12 digits before anything reaches the terminal', async () => {
    await expect(terminalFor(sim).reverse({ saleOrderId: 'S-1', saleRrn: '12', orderId: 'R-11', amountRials: AMOUNT })).rejects.toThrow();
    expect(sim.requests).toHaveLength(0);
  });
});
