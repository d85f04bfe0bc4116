import { describe, expect, it } from 'vitest';
import type { PdfPrinter } from '../../native/receipt';
import { addClerk } from '../../test/support/hub';
import { codeOf, hubsClosedAfterEach } from '../../test/support/hubPerTest';
import { applicant, clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { markDelivered } from '../../db/sync';

// The request search through the real dispatch (contract, sessions, access, audit) on a set-up
// office: reza serves a ticket at counter 1 with a paid petition; sara has counter 2 open.

const setUpHub = hubsClosedAfterEach();
/** A PDF printer that records the HTML it was given (the receipt's words) and answers a stub PDF. */
function fakePdf() {
  const pages: string[] = [];
  const printer: PdfPrinter = { pdf: async (html) => (pages.push(html), Buffer.from('%PDF-1.4 stub')) };
  return { printer, pages };
}

async function office() {
  const pdf = fakePdf();
  const t = await setUpHub({ pdfPrinter: pdf.printer });
  const { clerk: reza } = await clerkWithCalledTicket(t);
  const paid = await paidRequest(t, reza);
  const sara = await addClerk(t, 'sara');
  await t.ok('queue.openCounter', { counterId: 2 }, sara);
  const audit = (action: string) => t.db.prepare('SELECT actor, subject, reason, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor: string; subject: string | null; reason: string | null; detail: string }[];
  return { ...t, reza, sara, paid, pdf, audit };
}

describe('search.requests', () => {
  it('shows a request whole at the counter serving it, and only what identifies it anywhere else', async () => {
    const t = await office();
    const here = await t.ok('search.requests', { query: { kind: 'nationalId', text: applicant.nationalId }, counterId: 1 }, t.reza);
    expect(here.results).toHaveLength(1);
    expect(here.results[0]).toMatchObject({ id: t.paid.request.id, servedHere: true, applicant: { kind: 'natural', name: 'علی رضایی', idNumber: '0013542419', masked: false } });

    const there = await t.ok('search.requests', { query: { kind: 'nationalId', text: applicant.nationalId }, counterId: 2 }, t.sara);
    expect(there.results[0]).toMatchObject({ id: t.paid.request.id, year: 1405, number: t.paid.request.number, servedHere: false, applicant: { name: 'ع. ر.', idNumber: '******2419', masked: true } });
    // nothing in the answer names the applicant
    expect(JSON.stringify(there)).not.toMatch(/رضایی|0013542419|09121234567/);
    // without a counter (the manager's console) it is masked too
    const manager = await t.ok('search.requests', { query: { kind: 'requestNumber', text: `1405/${t.paid.request.number}` } }, t.managerSession);
    expect(manager.results[0]?.applicant?.masked).toBe(true);
  });

  it('refuses to unmask through a counter the caller does not have open', async () => {
    const t = await office();
    const res = await t.call('search.requests', { query: { kind: 'nationalId', text: applicant.nationalId }, counterId: 1 }, t.sara);
    expect(codeOf(res)).toBe('COUNTER_NOT_OPEN');
    expect(codeOf(await t.call('search.requests', { query: { kind: 'name', text: 'علی' }, counterId: 99 }, t.sara))).toBe('UNKNOWN_COUNTER');
  });

  it('finds by every kind, whatever digits, letters and direction marks were typed', async () => {
    const t = await office();
    const id = t.paid.request.id;
    const receipt = t.paid.office.receipt;
    const found = async (query: Parameters<typeof t.ok<'search.requests'>>[1]['query']) => (await t.ok('search.requests', { query }, t.sara)).results.map((r) => r.id);
    // Persian digits inside a right-to-left override and a left-to-right mark, as a paste may bring them
    expect(await found({ kind: 'nationalId', text: '\u202e۰۰۱۳۵۴۲۴۱۹\u202c' })).toEqual([id]);
    expect(await found({ kind: 'nationalId', text: '\u200e٠٠١٣٥٤٢٤١٩' })).toEqual([id]);
    expect(await found({ kind: 'requestNumber', text: `۱۴۰۵/${String(t.paid.request.number)}` })).toEqual([id]);
    expect(await found({ kind: 'requestNumber', text: String(t.paid.request.number) })).toEqual([id]);
    expect(await found({ kind: 'receiptNumber', text: `${receipt.year}/${String(receipt.number).padStart(6, '0')}` })).toEqual([id]);
    // an Arabic yeh, a half-space, a prefix of the last name
    expect(await found({ kind: 'name', text: 'علي رضا' })).toEqual([id]);
    // a half-space where the record has none (or the other way round) is the same name
    expect(await found({ kind: 'name', text: 'رضا\u200cیی' })).toEqual([id]);
    expect(await found({ kind: 'dateRange', from: '۱۴۰۵/۰۹/۰۷' })).toEqual([id]);
    expect(await found({ kind: 'dateRange', from: '1405/09/01', to: '1405/09/06' })).toEqual([]);
    // a tracking code once the central gave one
    const sub = t.db.prepare("INSERT INTO submission (id, request_id, content, pages, bytes, queued_at) VALUES ('s1', ?, '{}', 1, 1, ?)");
    sub.run(id, '2026-11-28T07:00:00.000Z');
    markDelivered(t.db, 's1', { trackingCode: '1405123456789012', receipt: '{}', receiptSignature: 'x', at: '2026-11-28T07:05:00.000Z' });
    expect(await found({ kind: 'trackingCode', text: '۱۴۰۵ ۱۲۳۴ ۵۶۷۸ ۹۰۱۲' })).toEqual([id]);
    expect(await found({ kind: 'trackingCode', text: '1405123456789013' })).toEqual([]);
  });

  it('treats LIKE and FTS metacharacters as what they are — text — never as a wildcard or an operator', async () => {
    const t = await office();
    const id = t.paid.request.id;
    const refused = async (query: Parameters<typeof t.ok<'search.requests'>>[1]['query']) => codeOf(await t.call('search.requests', { query }, t.sara));
    for (const text of ['%', '_', '001354241_', '00135%2419', '0013542419 OR 1=1', '"0013542419"']) expect(await refused({ kind: 'nationalId', text })).toBe('SEARCH_QUERY_INVALID');
    for (const text of ['*', '"', '%', 'ع', '()', '"*"']) expect(await refused({ kind: 'name', text })).toBe('SEARCH_QUERY_INVALID');
    expect(await refused({ kind: 'requestNumber', text: '1405/%' })).toBe('SEARCH_QUERY_INVALID');
    expect(await refused({ kind: 'dateRange', from: '1405/09/08', to: '1405/09/07' })).toBe('SEARCH_QUERY_INVALID');
    expect(await refused({ kind: 'dateRange', from: '1404/12/30' })).toBe('SEARCH_QUERY_INVALID');
    const names = async (text: string) => (await t.ok('search.requests', { query: { kind: 'name', text } }, t.sara)).results.map((r) => r.id);
    // an operator word is a word to find, not an operator: «علی OR x» does not widen to everyone
    expect(await names('علی OR زهرا')).toEqual([]);
    expect(await names('علی NOT رضایی')).toEqual([]);
    expect(await names('" OR "')).toEqual([]);
    expect(await names('NEAR(علی رضایی)')).toEqual([]);
    // punctuation around a name separates words; the name is still what was typed
    expect(await names('"علی"* رضایی%')).toEqual([id]);
  });

  it('records every search on the audit trail: who, what kind, what text, how many', async () => {
    const t = await office();
    await t.ok('search.requests', { query: { kind: 'nationalId', text: '\u202e۰۰۱۳۵۴۲۴۱۹' }, counterId: 2 }, t.sara);
    const [entry] = t.audit('requestsSearched');
    expect(entry).toMatchObject({ actor: expect.stringMatching(/^staff:\d+$/), subject: null });
    expect(JSON.parse(entry!.detail)).toEqual({ kind: 'nationalId', text: '0013542419', counterId: 2, results: 1 });
  });
});

describe('search.open', () => {
  it('gives the whole request for a stated purpose, audited with it', async () => {
    const t = await office();
    const opened = await t.ok('search.open', { requestId: t.paid.request.id, counterId: 2, purpose: 'receiptReprint', note: 'متقاضی رسید را گم کرده است' }, t.sara);
    expect(opened.request.applicant?.data).toMatchObject({ nationalId: '0013542419', lastName: 'رضایی' });
    expect(opened.request.receipts).toHaveLength(2);
    expect(opened.returned).toBe(false);
    const [entry] = t.audit('requestOpened');
    expect(entry).toMatchObject({ subject: `request:${t.paid.request.id}`, reason: 'متقاضی رسید را گم کرده است' });
    expect(JSON.parse(entry!.detail)).toEqual({ purpose: 'receiptReprint', counterId: 2 });
  });

  it('refuses «other» without a word of why, an unknown request, and a bad purpose — and records nothing', async () => {
    const t = await office();
    expect(codeOf(await t.call('search.open', { requestId: t.paid.request.id, purpose: 'other', note: '' }, t.sara))).toBe('SEARCH_PURPOSE_REQUIRED');
    expect(codeOf(await t.call('search.open', { requestId: '99999999-9999-4999-8999-999999999999', purpose: 'statusQuestion', note: '' }, t.sara))).toBe('UNKNOWN_REQUEST');
    expect(codeOf(await t.call('search.open', { requestId: t.paid.request.id, purpose: 'curiosity', note: '' } as never, t.sara))).toBe('INVALID_INPUT');
    expect(codeOf(await t.call('search.open', { requestId: t.paid.request.id, purpose: 'other', note: 'x\u202ey' }, t.sara))).toBe('INVALID_INPUT');
    expect(t.audit('requestOpened')).toEqual([]);
  });

  it('says when the authority returned the request (where the follow-up will start)', async () => {
    const t = await office();
    t.db.prepare("INSERT INTO submission (id, request_id, content, pages, bytes, queued_at, tracking_code, receipt, delivered_at, authority_status, authority_reason, authority_at) VALUES ('44444444-4444-4444-8444-444444444444', ?, '{}', 1, 1, ?, '1405123456789012', '{}', ?, 'returned', 'نقص مدارک', ?)").run(t.paid.request.id, '2026-11-28T07:00:00.000Z', '2026-11-28T07:05:00.000Z', '2026-11-29T07:00:00.000Z');
    const opened = await t.ok('search.open', { requestId: t.paid.request.id, purpose: 'followUp', note: '' }, t.sara);
    expect(opened.returned).toBe(true);
    expect(opened.request.submission).toMatchObject({ authorityStatus: 'returned', authorityReason: 'نقص مدارک' });
  });

  it('is for staff only', async () => {
    const t = await office();
    const kiosk = (await t.ok('auth.deviceLogin', { role: 'kiosk' })).session;
    expect(codeOf(await t.call('search.requests', { query: { kind: 'name', text: 'علی' } }, kiosk))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('search.open', { requestId: t.paid.request.id, purpose: 'statusQuestion', note: '' }, kiosk))).toBe('FORBIDDEN');
  });
});

describe('search.reprint', () => {
  it('issues a receipt again only once the request was opened, marked «المثنی» after the first', async () => {
    const t = await office();
    const paymentId = t.paid.office.paymentId;
    const input = { requestId: t.paid.request.id, counterId: 2, receipt: { kind: 'payment' as const, paymentId }, output: 'pdf' as const };
    expect(codeOf(await t.call('search.reprint', input, t.sara))).toBe('SEARCH_NOT_OPENED');
    // the counter that served it issued the original
    expect((await t.ok('receipt.pdf', { paymentId }, t.reza)).duplicate).toBe(false);
    await t.ok('search.open', { requestId: t.paid.request.id, counterId: 2, purpose: 'receiptReprint', note: '' }, t.sara);
    const again = await t.ok('search.reprint', input, t.sara);
    expect(again).toMatchObject({ duplicate: true, fileName: 'receipt-1405-000001-duplicate.pdf', printer: null });
    expect(t.pdf.pages.at(-1)).toContain('المثنی');
    const prints = t.db.prepare('SELECT duplicate, staff_id AS staffId FROM receipt_print ORDER BY id').all() as { duplicate: number; staffId: number }[];
    expect(prints.map((p) => p.duplicate)).toEqual([0, 1]);
    // an hour later the opening has lapsed
    t.advance(60 * 60 * 1000);
    expect(codeOf(await t.call('search.reprint', input, t.sara))).toBe('SEARCH_NOT_OPENED');
  });

  it('refuses another request’s payment, and a filing receipt of a request never sent', async () => {
    const t = await office();
    await t.ok('search.open', { requestId: t.paid.request.id, purpose: 'receiptReprint', note: '' }, t.sara);
    const other = '99999999-9999-4999-8999-999999999999';
    expect(codeOf(await t.call('search.reprint', { requestId: t.paid.request.id, receipt: { kind: 'payment', paymentId: other }, output: 'pdf' }, t.sara))).toBe('UNKNOWN_RECEIPT');
    expect(codeOf(await t.call('search.reprint', { requestId: t.paid.request.id, receipt: { kind: 'filing' }, output: 'pdf' }, t.sara))).toBe('FILING_NOT_SENT');
  });

  it('needs no opening at the counter serving the request', async () => {
    const t = await office();
    const res = await t.ok('search.reprint', { requestId: t.paid.request.id, counterId: 1, receipt: { kind: 'payment', paymentId: t.paid.judicial.paymentId }, output: 'pdf' }, t.reza);
    expect(res.duplicate).toBe(false);
  });
});
