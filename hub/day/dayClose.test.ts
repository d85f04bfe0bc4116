import { afterEach, describe, expect, it } from 'vitest';
import type { ResultFrame } from '../../core/api/wire';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { manager, setUpHub } from '../../test/support/hub';
import { applicant, clerkWithCalledTicket, details, JUDICIAL, OFFICE } from '../../test/support/requests';
import { SadadSimulator } from '../../test/support/sadadSimulator';
import { terminalFromSetting, type PaymentTerminalFactory } from '../payment/terminalPayment';

const SCREENSHOTS = path.resolve('test-results/screenshots');

// The end of the day, and what a refund leaves on the Z and on the receipt, through the real dispatch:
// a petition paid in both parts on the simulated Sadad terminal, the office tariff then given back.

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const fastTerminal: PaymentTerminalFactory = (setting, options) => terminalFromSetting(setting, options, { timeoutMs: 800, inquiryTimeoutMs: 800, connectTimeoutMs: 800 });
const codeOf = (res: ResultFrame) => (res.ok ? 'ok' : res.error.code);
const refOf = (res: ResultFrame) => (res.ok ? null : (res.error.ref ?? null));

async function dayAtCounter() {
  const sim = await new SadadSimulator().start();
  cleanup.push(() => sim.stop());
  const t = await setUpHub({ paymentTerminal: fastTerminal, pdfPrinter: { pdf: async () => Buffer.from('%PDF-1.7 fake') } });
  cleanup.push(() => t.close());
  const { clerk } = await clerkWithCalledTicket(t);
  await t.ok('terminal.set', { counterId: 1, kind: 'sadad', baseUrl: sim.baseUrl, timeoutMs: 30_000, terminalId: 'C0000301' }, t.managerSession);
  const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
  const { applicantId } = await t.ok('applicant.save', applicant, clerk);
  await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, clerk);
  await t.ok('request.setDetails', { requestId: r.id, details }, clerk);
  await t.ok('request.fixFees', { requestId: r.id }, clerk);
  const office = await t.ok('payment.terminal', { requestId: r.id, part: 'officeTariff' }, clerk);
  const judicial = await t.ok('payment.terminal', { requestId: r.id, part: 'judicialCost' }, clerk);
  return { ...t, sim, clerk, requestId: r.id, office, judicial };
}

describe('day.closeCounter: the clerk’s Z, and no payment without its receipt', () => {
  it('is refused while a receipt of theirs was never issued, naming it; then closes once with takings and refunds per method', async () => {
    const t = await dayAtCounter();
    await t.ok('receipt.pdf', { paymentId: t.office.paymentId }, t.clerk);
    const refused = await t.call('day.closeCounter', { counterId: 1 }, t.clerk);
    expect(codeOf(refused)).toBe('COUNTER_CLOSE_UNRECEIPTED');
    expect(refOf(refused)).toBe('1405/000002');
    expect(t.db.prepare('SELECT count(*) FROM counter_close').pluck().get()).toBe(0);
    expect(t.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'dayCloseRefused'").pluck().get()).toBe(1);

    await t.ok('receipt.pdf', { paymentId: t.judicial.paymentId }, t.clerk);
    await t.ok('refund.reverse', { paymentId: t.office.paymentId, amountRials: OFFICE, reason: 'مبلغ اشتباه' }, t.clerk);
    const z = await t.ok('day.closeCounter', { counterId: 1 }, t.clerk);
    expect(z).toMatchObject({
      day: '1405-09-07',
      taken: { count: 2, amountRials: OFFICE + JUDICIAL, byMethod: [{ method: 'pcpos', count: 2, amountRials: OFFICE + JUDICIAL }] },
      refunded: { count: 1, amountRials: OFFICE, byMethod: [{ method: 'pcpos', count: 1, amountRials: OFFICE }] },
      netRials: JUDICIAL,
      unreceipted: [],
    });
    expect(z.closedAt).not.toBeNull();
    expect(codeOf(await t.call('day.closeCounter', { counterId: 1 }, t.clerk))).toBe('COUNTER_ALREADY_CLOSED');
  });
});

describe('day.closeOffice and day.status', () => {
  it('is refused while a card sale is in doubt, then while a receipt is missing — each naming which — and closes once both are settled; day.status says open, counters closed, then who closed it', async () => {
    const t = await dayAtCounter();
    // a second request whose sale is never answered
    await t.ok('queue.finish', { counterId: 1 }, t.clerk).catch(() => undefined);
    const r2 = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    const { applicantId } = await t.ok('applicant.save', applicant, t.clerk);
    await t.ok('request.verifyIdentity', { requestId: r2.id, applicantId, document: 'nationalCard' }, t.clerk);
    await t.ok('request.setDetails', { requestId: r2.id, details }, t.clerk);
    await t.ok('request.fixFees', { requestId: r2.id }, t.clerk);
    t.sim.next({ kind: 'hang' });
    expect(codeOf(await t.call('payment.terminal', { requestId: r2.id, part: 'officeTariff' }, t.clerk))).toBe('PAYMENT_IN_DOUBT');

    const inDoubt = await t.call('day.closeOffice', {}, t.managerSession);
    expect(codeOf(inDoubt)).toBe('DAY_CLOSE_IN_DOUBT');
    expect(refOf(inDoubt)).toBe('1405/2');
    // the retry asks the terminal: nothing was charged, so it charges once
    expect(codeOf(await t.call('payment.terminal', { requestId: r2.id, part: 'officeTariff' }, t.clerk))).toBe('ok');

    const missing = await t.call('day.closeOffice', {}, t.managerSession);
    expect(codeOf(missing)).toBe('DAY_CLOSE_RECEIPT_MISSING');
    expect(refOf(missing)).toBe('1405/000001، 1405/000002، 1405/000003');
    expect(codeOf(await t.call('day.closeOffice', {}, t.clerk))).toBe('FORBIDDEN');

    for (const paymentId of t.db.prepare('SELECT id FROM payment').pluck().all() as string[]) await t.ok('receipt.pdf', { paymentId }, t.clerk);
    expect(await t.ok('day.status', {}, t.managerSession)).toEqual({ day: '1405-09-07', closedAt: null, closedBy: null, countersClosed: 0 });
    await t.ok('day.closeCounter', { counterId: 1 }, t.clerk);
    expect(await t.ok('day.status', {}, t.managerSession)).toMatchObject({ closedAt: null, closedBy: null, countersClosed: 1 });
    const closed = await t.ok('day.closeOffice', {}, t.managerSession);
    expect(closed.day).toBe('1405-09-07');
    expect(closed.counters).toHaveLength(1);
    expect(await t.ok('day.status', {}, t.managerSession)).toEqual({ day: '1405-09-07', closedAt: closed.closedAt, closedBy: manager.displayName, countersClosed: 1 });
    expect(codeOf(await t.call('day.status', {}, t.clerk))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('day.closeOffice', {}, t.managerSession))).toBe('DAY_ALREADY_CLOSED');
    const actions = t.db.prepare("SELECT action FROM audit_log WHERE action IN ('dayCloseRefused', 'counterClosed', 'officeDayClosed') ORDER BY seq").pluck().all();
    expect(actions).toEqual(['dayCloseRefused', 'dayCloseRefused', 'counterClosed', 'officeDayClosed', 'dayCloseRefused']);
  });
});

describe('what a refund leaves on the Z report and on the receipt', () => {
  it('the Z shows the refund by clerk and method, the receipts still numbered without a gap, and the day’s net', async () => {
    const t = await dayAtCounter();
    await t.ok('refund.reverse', { paymentId: t.office.paymentId, amountRials: OFFICE, reason: 'مبلغ اشتباه' }, t.clerk);
    await t.ok('request.fixFees', { requestId: t.office.request.id }, t.clerk).catch(() => undefined);
    const z = await t.ok('report.cash', { day: '1405-09-07' }, t.managerSession);
    expect(z.receipts).toMatchObject({ first: 1, last: 2, contiguous: true });
    expect(z.totalRials).toBe(OFFICE + JUDICIAL);
    expect(z.refunds).toMatchObject({ count: 1, totalRials: OFFICE, byClerk: [{ name: 'کارمند reza', method: 'pcpos', count: 1, amountRials: OFFICE }] });
    expect(z.refunds.rows).toMatchObject([{ receiptYear: 1405, receiptNumber: 1, reason: 'مبلغ اشتباه', approvedBy: null }]);
    expect(z.netRials).toBe(JUDICIAL);
  });

  it('every later print of the refunded receipt says «ابطال شد» (a black bar top and bottom on the thermal slip); the other receipt does not', async () => {
    const t = await dayAtCounter();
    const before = await t.ok('receipt.thermal', { paymentId: t.office.paymentId }, t.clerk);
    await t.ok('refund.reverse', { paymentId: t.office.paymentId, amountRials: OFFICE, reason: 'مبلغ اشتباه' }, t.clerk);
    const after = await t.ok('receipt.thermal', { paymentId: t.office.paymentId }, t.clerk);
    const other = await t.ok('receipt.thermal', { paymentId: t.judicial.paymentId }, t.clerk);
    expect(await solidRows(before.pngBase64)).toEqual([]);
    expect(await solidRows(other.pngBase64)).toEqual([]);
    const rows = await solidRows(after.pngBase64);
    // «ابطال شد» and «المثنی»: bars at the top and at the bottom
    expect(rows.length).toBeGreaterThan(40);
    expect(rows[0]!).toBeLessThan(60);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(path.join(SCREENSHOTS, 'receipt-80mm-voided.png'), Buffer.from(after.pngBase64, 'base64'));
  });
});

/** Rows of the PNG where nearly every pixel of the content is black: only a knocked-out banner is that dark. */
async function solidRows(pngBase64: string): Promise<number[]> {
  const { data, info } = await sharp(Buffer.from(pngBase64, 'base64')).greyscale().raw().toBuffer({ resolveWithObject: true });
  const rows: number[] = [];
  for (let y = 0; y < info.height; y++) {
    let ink = 0;
    for (let x = 0; x < info.width; x++) if (data[y * info.width + x]! < 128) ink++;
    if (ink >= 0.85 * info.width) rows.push(y);
  }
  return rows;
}
