import { describe, expect, it } from 'vitest';
import type { PdfPrinter } from '../../native/receipt';
import { addClerk } from '../../test/support/hub';
import { codeOf, hubsClosedAfterEach } from '../../test/support/hubPerTest';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';

// Who reads a request, through the real dispatch: reza serves a ticket at counter 1 with a paid
// petition; sara has counter 2 open; neither sees the other's requests without a purpose.

const setUpHub = hubsClosedAfterEach();
const stubPdf: PdfPrinter = { pdf: async () => Buffer.from('%PDF-1.4 stub') };

async function office() {
  const t = await setUpHub({ pdfPrinter: stubPdf });
  const { clerk: reza } = await clerkWithCalledTicket(t);
  const paid = await paidRequest(t, reza);
  const sara = await addClerk(t, 'sara');
  await t.ok('queue.openCounter', { counterId: 2 }, sara);
  return { ...t, reza, sara, paid };
}

describe('who reads a request (ماده ۳۸ ب)', () => {
  it('gives it, and its receipts, to the clerk whose counter it is at and to a manager', async () => {
    const t = await office();
    const requestId = t.paid.request.id;
    expect((await t.ok('request.get', { requestId }, t.reza)).id).toBe(requestId);
    expect((await t.ok('request.get', { requestId }, t.managerSession)).id).toBe(requestId);
    expect((await t.ok('request.atCounter', { counterId: 1 }, t.reza)).requests.map((r) => r.id)).toEqual([requestId]);
    expect((await t.ok('request.atCounter', { counterId: 1 }, t.managerSession)).requests.map((r) => r.id)).toEqual([requestId]);
    expect((await t.ok('receipt.pdf', { paymentId: t.paid.office.paymentId }, t.reza)).duplicate).toBe(false);
  });

  it('refuses a clerk at another counter the request, its counter’s list and its receipts, with a code and nothing printed', async () => {
    const t = await office();
    const requestId = t.paid.request.id;
    const paymentId = t.paid.office.paymentId;
    expect(codeOf(await t.call('request.get', { requestId }, t.sara))).toBe('REQUEST_NOT_OPENED');
    expect(codeOf(await t.call('request.atCounter', { counterId: 1 }, t.sara))).toBe('REQUEST_OTHER_COUNTER');
    for (const proc of ['receipt.pdf', 'receipt.thermal'] as const) expect(codeOf(await t.call(proc, { paymentId }, t.sara))).toBe('REQUEST_NOT_OPENED');
    expect(codeOf(await t.call('filingReceipt.pdf', { requestId }, t.sara))).toBe('REQUEST_NOT_OPENED');
    // nothing was printed for her: reza's first print is still the original
    expect((await t.ok('receipt.pdf', { paymentId }, t.reza)).duplicate).toBe(false);
    // an unknown one is still unknown, not a hint that it exists
    expect(codeOf(await t.call('request.get', { requestId: '00000000-0000-4000-8000-000000000000' }, t.sara))).toBe('UNKNOWN_REQUEST');
    expect(codeOf(await t.call('receipt.pdf', { paymentId: '00000000-0000-4000-8000-000000000000' }, t.sara))).toBe('UNKNOWN_RECEIPT');
  });

  it('gives it to her once she opened it with a purpose, for that session and the hour only', async () => {
    const t = await office();
    const requestId = t.paid.request.id;
    await t.ok('search.open', { requestId, counterId: 2, purpose: 'receiptReprint', note: 'متقاضی رسید را گم کرده است' }, t.sara);
    expect((await t.ok('request.get', { requestId }, t.sara)).id).toBe(requestId);
    expect((await t.ok('receipt.pdf', { paymentId: t.paid.judicial.paymentId }, t.sara)).duplicate).toBe(false);
    // her counter's list is still hers alone
    expect(codeOf(await t.call('request.atCounter', { counterId: 1 }, t.sara))).toBe('REQUEST_OTHER_COUNTER');
    // an hour later it is closed to her again
    t.advance(60 * 60 * 1000);
    expect(codeOf(await t.call('request.get', { requestId }, t.sara))).toBe('REQUEST_NOT_OPENED');
  });

  it('follows the request when it is handed over: the new counter reads it, the old one no more', async () => {
    const t = await office();
    const requestId = t.paid.request.id;
    await t.ok('queue.startService', { counterId: 1 }, t.reza);
    await t.ok('queue.finish', { counterId: 1 }, t.reza);
    await t.ok('request.handOver', { requestId, toCounterId: 2 }, t.reza);
    expect((await t.ok('request.get', { requestId }, t.sara)).id).toBe(requestId);
    expect(codeOf(await t.call('request.get', { requestId }, t.reza))).toBe('REQUEST_NOT_OPENED');
  });
});
