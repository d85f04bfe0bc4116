import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chromiumPdfPrinter } from '../../native/receipt';
import { addClerk, setUpHub } from '../../test/support/hub';
import { applicant, clerkWithCalledTicket, details, JUDICIAL, OFFICE, terminalReceipt } from '../../test/support/requests';
import { maskId, receiptGaps } from './reportService';
import { skipNumbersPastCopy } from '../../db/standby';
import { record } from '../audit/auditLog';
import { NUMBER_GAPS } from '../standby/promote';

// The reports through the real dispatch, on data made by the counter workflow itself. The test clock
// starts at 2026-11-28 06:30 UTC = 1405-09-07 10:00 in Tehran (the 1403 tariff in force).

const chromium = chromiumPdfPrinter({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});
afterAll(() => chromium.close());

const DAY = 24 * 60 * 60 * 1000;
const DISCOUNT = 100_000;
const hasTool = (tool: string, arg: string) => spawnSync(tool, [arg], { stdio: 'ignore' }).error === undefined;
const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);

/**
 * 1405-09-07: reza takes R1 (discounted, both parts paid: receipts 1, 2), R2 (ماده ۱۴ exempt, waived),
 * R4 (cancelled), R5 (refused); sara takes R3 (office tariff paid: receipt 3, judicial costs still due).
 * 1405-09-08: reza takes R6 (office tariff paid: receipt 4).
 */
async function office() {
  const t = await setUpHub({ pdfPrinter: chromium });
  cleanup.push(t.close);
  const { kiosk, clerk: reza } = await clerkWithCalledTicket(t);
  const sara = await addClerk(t, 'sara');
  await t.ok('queue.openCounter', { counterId: 2 }, sara);
  await t.ok('queue.issueTicket', { serviceId: 1 }, kiosk);
  await t.ok('queue.callNext', { counterId: 2 }, sara);
  const { applicantId } = await t.ok('applicant.save', applicant, reza);

  const withDetails = async (clerk: string, counterId: number, d: typeof details | Record<string, unknown> = details) => {
    const r = await t.ok('request.open', { counterId, service: 'petition' }, clerk);
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, clerk);
    await t.ok('request.setDetails', { requestId: r.id, details: d as typeof details }, clerk);
    return r.id;
  };

  const r1 = await withDetails(reza, 1);
  await t.ok('request.fixFees', { requestId: r1, discount: { amountRials: DISCOUNT, reason: 'همسایهٔ دفتر' } }, reza);
  await t.ok('payment.manual', { requestId: r1, part: 'officeTariff', approval: terminalReceipt(OFFICE - DISCOUNT, '400000000001') }, reza);
  await t.ok('payment.manual', { requestId: r1, part: 'judicialCost', approval: terminalReceipt(JUDICIAL, '400000000002') }, reza);

  const r2 = await withDetails(reza, 1, {
    ...details,
    judicialCosts: { claims: [{ kind: 'unknownValue' }], exemption: { category: 'reliefCommittee', evidence: { cardNumber: '1234567', confirmationRef: 'K-123' } } },
  });
  const exempt = await t.ok('request.fixFees', { requestId: r2, exemption: { category: 'reliefCommittee', evidence: { cardNumber: 'R-556677', confirmationRef: 'K-123' } } }, reza);
  await t.ok('request.waivePayment', { requestId: r2, reason: 'کمیته امداد، تأییدیه K-123' }, reza);

  const r3 = await withDetails(sara, 2);
  await t.ok('request.fixFees', { requestId: r3 }, sara);
  await t.ok('payment.manual', { requestId: r3, part: 'officeTariff', approval: terminalReceipt(OFFICE, '400000000003') }, sara);

  const r4 = await t.ok('request.open', { counterId: 1, service: 'petition' }, reza);
  await t.ok('request.close', { requestId: r4.id, kind: 'cancelled', reason: 'متقاضی منصرف شد' }, reza);
  const r5 = await t.ok('request.open', { counterId: 1, service: 'petition' }, reza);
  await t.ok('request.close', { requestId: r5.id, kind: 'refused', reason: 'مدارک ناقص' }, reza);

  // the next morning: sessions of yesterday have expired
  t.advance(DAY);
  const login = async (username: string, password: string) => (await t.ok('auth.login', { username, password })).session;
  const rezaToday = await login('reza', 'pw-reza-12345');
  const kioskToday = (await t.ok('auth.deviceLogin', { role: 'kiosk' })).session;
  await t.ok('queue.issueTicket', { serviceId: 1 }, kioskToday);
  await t.call('queue.callNext', { counterId: 1 }, rezaToday);
  const r6 = await withDetails(rezaToday, 1);
  await t.ok('request.fixFees', { requestId: r6 }, rezaToday);
  await t.ok('payment.manual', { requestId: r6, part: 'officeTariff', approval: terminalReceipt(OFFICE, '400000000004') }, rezaToday);

  const names = { reza: 'کارمند reza', sara: 'کارمند sara' };
  const managerSession = await login('maryam', 'Sabz-Kuh-1403');
  return { ...t, managerSession, reza: rezaToday, judicialExempt: exempt.quote!.totals.judicialExemptRials, names };
}

describe('report.cash — the day’s Z report', () => {
  it('sums the day’s receipts per method, part and clerk, lists every payment, and checks the numbers', async () => {
    const t = await office();
    const z = await t.ok('report.cash', { day: '1405-09-07' }, t.managerSession);
    const total = OFFICE - DISCOUNT + JUDICIAL + OFFICE;
    expect(z).toMatchObject({ day: '1405-09-07', count: 3, totalRials: total });
    expect(z.byMethod).toEqual([{ method: 'manual', count: 3, amountRials: total }]);
    expect(z.byPart).toEqual([
      { part: 'judicialCost', count: 1, amountRials: JUDICIAL },
      { part: 'officeTariff', count: 2, amountRials: OFFICE - DISCOUNT + OFFICE },
    ]);
    expect(z.byClerk.map(({ staffId: _s, ...c }) => c)).toEqual([
      { name: t.names.reza, count: 2, amountRials: OFFICE - DISCOUNT + JUDICIAL },
      { name: t.names.sara, count: 1, amountRials: OFFICE },
    ]);
    expect(z.receipts).toEqual({ year: 1405, first: 1, last: 3, previous: null, gaps: [], contiguous: true });
    // the audit chain's head when the report was made, to print on the paper copy
    const head = t.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    expect(z.auditHead).toEqual(head);
    expect(z.payments.map((p) => [p.receiptNumber, p.requestNumber, p.part, p.method, p.amountRials, p.rrn, p.clerk])).toEqual([
      [1, 1, 'officeTariff', 'manual', OFFICE - DISCOUNT, '400000000001', t.names.reza],
      [2, 1, 'judicialCost', 'manual', JUDICIAL, '400000000002', t.names.reza],
      [3, 3, 'officeTariff', 'manual', OFFICE, '400000000003', t.names.sara],
    ]);
    // the sums add up: per method = per part = per clerk = the list
    for (const by of [z.byMethod, z.byPart, z.byClerk]) expect(by.reduce((s, x) => s + x.amountRials, 0)).toBe(total);
    expect(z.payments.reduce((s, p) => s + p.amountRials, 0)).toBe(total);

    const next = await t.ok('report.cash', { day: '۱۴۰۵/۹/۸' }, t.managerSession);
    expect(next).toMatchObject({ day: '1405-09-08', count: 1, totalRials: OFFICE, receipts: { first: 4, last: 4, previous: 3, gaps: [], contiguous: true } });
    const empty = await t.ok('report.cash', { day: '1405-09-09' }, t.managerSession);
    expect(empty).toMatchObject({ count: 0, totalRials: 0, byMethod: [], payments: [], receipts: { first: null, last: null, previous: 4, contiguous: true } });
  });

  it('flags a receipt number missing inside the day, and one missing between days', async () => {
    const t = await office();
    t.db.prepare('DELETE FROM receipt WHERE year = 1405 AND number = 2').run();
    const day1 = await t.ok('report.cash', { day: '1405-09-07' }, t.managerSession);
    expect(day1.receipts).toEqual({ year: 1405, first: 1, last: 3, previous: null, gaps: [{ from: 2, to: 2 }], contiguous: false });
    expect(day1.totalRials).toBe(OFFICE - DISCOUNT + OFFICE);

    t.db.prepare('DELETE FROM receipt WHERE year = 1405 AND number = 3').run();
    const day2 = await t.ok('report.cash', { day: '1405-09-08' }, t.managerSession);
    expect(day2.receipts).toEqual({ year: 1405, first: 4, last: 4, previous: 1, gaps: [{ from: 2, to: 3 }], contiguous: false });
  });

  it('a gap a standby’s promotion jumped over says when the promotion was', async () => {
    const t = await office();
    // the copy the standby held ended at receipt 3 (the hub that died may have issued more after it)
    t.db.prepare('UPDATE receipt_sequence SET last_number = 3 WHERE year = 1405').run();
    const at = new Date('2026-11-29T07:00:00.000Z');
    t.db.transaction(() => {
      const numbers = skipNumbersPastCopy(t.db, 1405, '1405-09-08', NUMBER_GAPS);
      record(t.db, at, { actor: 'system', action: 'hubPromoted', subject: null, detail: { epoch: 2, numbers } });
    })();
    // the day's one receipt stands for the promoted hub's first: the number after the jump
    const first = 3 + NUMBER_GAPS.yearly + 1;
    t.db.prepare('UPDATE receipt SET number = ? WHERE year = 1405 AND number = 4').run(first);
    const day2 = await t.ok('report.cash', { day: '1405-09-08' }, t.managerSession);
    expect(day2.receipts).toEqual({ year: 1405, first, last: first, previous: 3, gaps: [{ from: 4, to: first - 1, afterPromotion: at.toISOString() }], contiguous: false });
    // a gap no promotion explains says nothing more
    t.db.prepare('DELETE FROM receipt WHERE year = 1405 AND number = 2').run();
    expect((await t.ok('report.cash', { day: '1405-09-07' }, t.managerSession)).receipts.gaps).toEqual([{ from: 2, to: 2 }]);
  });

  it('is the manager’s only, and refuses a day the calendar does not have', async () => {
    const t = await office();
    expect(codeOf(await t.call('report.cash', { day: '1405-09-07' }, t.reza))).toBe('FORBIDDEN');
    const bad = await t.call('report.cash', { day: '1404-12-30' }, t.managerSession);
    expect(codeOf(bad)).toBe('INVALID_INPUT');
    if (!bad.ok) expect(bad.error.fields).toEqual([{ path: 'day', reason: 'invalid_format' }]);
    expect(codeOf(await t.call('report.cash', { day: '1405-13-01' }, t.managerSession))).toBe('INVALID_INPUT');
  });
});

describe('report.services', () => {
  it('counts the requests opened per service and what they paid', async () => {
    const t = await office();
    const s = await t.ok('report.services', { from: '1405-09-07', to: '1405-09-08' }, t.managerSession);
    // settled: R1 (paid) and R2 (waived); R3 and R6 still owe their judicial costs
    const figures = { opened: 6, settled: 2, cancelled: 1, clerkError: 0, refused: 1, officeTariffRials: 3 * OFFICE - DISCOUNT, judicialCostRials: JUDICIAL, amountRials: 3 * OFFICE - DISCOUNT + JUDICIAL };
    expect(s.rows).toEqual([{ service: 'petition', ...figures }]);
    expect(s.total).toEqual(figures);
    const first = await t.ok('report.services', { from: '1405-09-07', to: '1405-09-07' }, t.managerSession);
    expect(first.total).toMatchObject({ opened: 5, settled: 2, amountRials: 2 * OFFICE - DISCOUNT + JUDICIAL });
    const bad = await t.call('report.services', { from: '1405-09-08', to: '1405-09-07' }, t.managerSession);
    expect(codeOf(bad)).toBe('INVALID_INPUT');
    if (!bad.ok) expect(bad.error.fields).toEqual([{ path: 'to', reason: 'before_from' }]);
  });

  it('counts a cancel for the clerk’s mistake apart from the applicant’s withdrawal', async () => {
    const t = await office();
    // 1405-09-08: reza opened the wrong service and cancels it as his own mistake
    const wrong = await t.ok('request.open', { counterId: 1, service: 'brief' }, t.reza);
    const closed = await t.ok('request.close', { requestId: wrong.id, kind: 'clerkError', reason: 'خدمت اشتباه انتخاب شد' }, t.reza);
    expect(closed).toMatchObject({ status: 'cancelled', cancelCause: 'clerkError' });
    const day2 = await t.ok('report.services', { from: '1405-09-08', to: '1405-09-08' }, t.managerSession);
    expect(day2.rows.find((r) => r.service === 'brief')).toMatchObject({ opened: 1, cancelled: 0, clerkError: 1, refused: 0 });
    const both = await t.ok('report.services', { from: '1405-09-07', to: '1405-09-08' }, t.managerSession);
    expect(both.total).toMatchObject({ opened: 7, cancelled: 1, clerkError: 1, refused: 1 });
  });
});

describe('report.exemptions — the claim to the association', () => {
  it('lists the month’s exempt requests with their evidence, masking the identity number', async () => {
    const t = await office();
    const x = await t.ok('report.exemptions', { month: '۱۴۰۵/۰۹' }, t.managerSession);
    expect(x).toMatchObject({ month: '1405-09', from: '1405-09-01', to: '1405-09-30' });
    expect(x.rows).toEqual([
      {
        requestYear: 1405,
        requestNumber: 2,
        day: '1405-09-07',
        service: 'petition',
        applicantName: 'علی رضایی',
        applicantId: '******2419',
        category: 'reliefCommittee',
        cardNumber: 'R-556677',
        confirmationRef: 'K-123',
        exemptRials: OFFICE,
        judicialExemptRials: t.judicialExempt,
      },
    ]);
    expect(t.judicialExempt).toBeGreaterThan(0);
    expect(x.byCategory).toEqual([{ category: 'reliefCommittee', count: 1, exemptRials: OFFICE }]);
    expect(x.total).toEqual({ count: 1, exemptRials: OFFICE, judicialExemptRials: t.judicialExempt });
    expect(JSON.stringify(x)).not.toContain('0013542419');

    const before = await t.ok('report.exemptions', { month: '1405-08' }, t.managerSession);
    expect(before).toMatchObject({ from: '1405-08-01', to: '1405-08-30', rows: [], byCategory: [], total: { count: 0, exemptRials: 0 } });
  });
});

describe('report.discounts', () => {
  it('lists each discounted office tariff paid, with reason and clerk', async () => {
    const t = await office();
    const d = await t.ok('report.discounts', { from: '1405-09-01', to: '1405-09-30' }, t.managerSession);
    expect(d.rows).toEqual([
      { day: '1405-09-07', requestYear: 1405, requestNumber: 1, receiptYear: 1405, receiptNumber: 1, service: 'petition', officeTariffRials: OFFICE, discountRials: DISCOUNT, reason: 'همسایهٔ دفتر', clerk: t.names.reza },
    ]);
    expect(d.total).toEqual({ count: 1, officeTariffRials: OFFICE, discountRials: DISCOUNT });
    expect((await t.ok('report.discounts', { from: '1405-09-08', to: '1405-09-08' }, t.managerSession)).rows).toEqual([]);
  });
});

describe('helpers', () => {
  it('finds the gaps in receipt numbers, from the previous day’s last', () => {
    expect(receiptGaps([1, 2, 3], null)).toEqual([]);
    expect(receiptGaps([2, 3], null)).toEqual([{ from: 1, to: 1 }]);
    expect(receiptGaps([5, 6, 9], 3)).toEqual([{ from: 4, to: 4 }, { from: 7, to: 8 }]);
    expect(receiptGaps([], 3)).toEqual([]);
  });
  it('masks all but the last four characters', () => {
    expect(maskId('0013542419')).toBe('******2419');
    expect(maskId('P123')).toBe('P123');
  });
});

describe('report.pdf', () => {
  const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', '-', '-'], { input: pdf, encoding: 'utf8' }).replace(/[\u202A-\u202C\u200E\u200F]/g, '');

  it('prints the Z report and the exemption claim as A4 PDFs with Persian text, totals and the total in words', async () => {
    const t = await office();
    const cash = await t.ok('report.pdf', { report: { kind: 'cash', day: '1405-09-07' } }, t.managerSession);
    expect(cash.fileName).toBe('daftaryar-cash-1405-09-07.pdf');
    const cashPdf = Buffer.from(cash.pdfBase64, 'base64');
    expect(cashPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const claim = await t.ok('report.pdf', { report: { kind: 'exemptions', month: '1405-09' } }, t.managerSession);
    const claimPdf = Buffer.from(claim.pdfBase64, 'base64');
    const services = await t.ok('report.pdf', { report: { kind: 'services', from: '1405-09-07', to: '1405-09-08' } }, t.managerSession);
    const discounts = await t.ok('report.pdf', { report: { kind: 'discounts', from: '1405-09-07', to: '1405-09-08' } }, t.managerSession);
    writeFileSync('/tmp/daftaryar-report-cash.pdf', cashPdf);
    writeFileSync('/tmp/daftaryar-report-exemptions.pdf', claimPdf);
    writeFileSync('/tmp/daftaryar-report-services.pdf', Buffer.from(services.pdfBase64, 'base64'));
    writeFileSync('/tmp/daftaryar-report-discounts.pdf', Buffer.from(discounts.pdfBase64, 'base64'));
    expect(codeOf(await t.call('report.pdf', { report: { kind: 'cash', day: '1405-09-07' } }, t.reza))).toBe('FORBIDDEN');

    if (hasTool('qpdf', '--version')) {
      for (const file of ['/tmp/daftaryar-report-cash.pdf', '/tmp/daftaryar-report-exemptions.pdf']) expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    } else console.warn('qpdf is not installed: the PDF structure check is skipped');
    if (!hasTool('pdftotext', '-v')) {
      console.warn('pdftotext (poppler-utils) is not installed: the report PDF text checks are skipped');
      return;
    }
    const text = pdfText(cashPdf);
    expect(text).toContain('گزارش صندوق روزانه');
    expect(text).toContain('۱۴۰۵/۰۹/۰۷');
    // the day's total in digits and in words: 910,000 − 100,000 + 2,500,000 + 910,000 = 4,220,000
    expect(OFFICE - DISCOUNT + JUDICIAL + OFFICE).toBe(4_220_000);
    expect(text).toContain('۴٬۲۲۰٬۰۰۰');
    expect(text).toContain('چهار میلیون و دویست و بیست هزار');
    expect(text).toContain('400000000003');
    expect(text).toContain('کارمند sara');
    const claimText = pdfText(claimPdf);
    expect(claimText).toContain('ماده ۱۴');
    expect(claimText).toContain('علی رضایی');
    expect(claimText).toContain('******2419');
    expect(claimText).not.toContain('0013542419');
    expect(claimText).toContain('۹۱۰٬۰۰۰');
  }, 60_000);
});
