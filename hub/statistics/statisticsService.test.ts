import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chromiumPdfPrinter } from '../../native/receipt';
import { setUpHub } from '../../test/support/hub';
import { applicant, clerkWithCalledTicket, details, OFFICE, terminalReceipt } from '../../test/support/requests';
import { percentile } from './statisticsPackage';

// The statistics and the compliance view through the real dispatch, on data made by the queue and
// the counter workflow themselves. The test clock starts at 2026-11-28 06:30 UTC = 1405-09-07 10:00
// in Tehran.

const chromium = chromiumPdfPrinter({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});
afterAll(() => chromium.close());

const MIN = 60_000;
const DAY = '1405-09-07';
const hasTool = (tool: string, arg: string) => spawnSync(tool, [arg], { stdio: 'ignore' }).error === undefined;
const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);

/**
 * 1405-09-07, counter 1, clerk reza: ticket 1 waits 0 and is served 5 minutes (request R1, deadline
 * 1405/09/20, paid; R2 refused «مدارک ناقص»; R3 exempt under ماده ۱۴ and waived); ticket 2 is issued,
 * ticket 3 issued after it and called out of turn 3 minutes later («پایان مهلت قانونی امروز»), served
 * 10 minutes.
 */
async function office() {
  const t = await setUpHub({ pdfPrinter: chromium });
  cleanup.push(t.close);
  const { kiosk, clerk } = await clerkWithCalledTicket(t);
  t.advance(2 * MIN);
  await t.ok('queue.startService', { counterId: 1 }, clerk);
  const { applicantId } = await t.ok('applicant.save', applicant, clerk);
  const open = async (legalDeadline?: string) => {
    const r = await t.ok('request.open', { counterId: 1, service: 'petition', ...(legalDeadline ? { legalDeadline } : {}) }, clerk);
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, clerk);
    return r.id;
  };
  const r1 = await open('1405/09/20');
  await t.ok('request.setDetails', { requestId: r1, details }, clerk);
  await t.ok('request.fixFees', { requestId: r1 }, clerk);
  await t.ok('payment.manual', { requestId: r1, part: 'officeTariff', approval: terminalReceipt(OFFICE, '400000000001') }, clerk);
  const r2 = await t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
  await t.ok('request.close', { requestId: r2.id, kind: 'refused', reason: 'مدارک ناقص' }, clerk);
  const r3 = await open();
  await t.ok('request.setDetails', {
    requestId: r3,
    details: { ...details, judicialCosts: { claims: [{ kind: 'unknownValue' }], exemption: { category: 'reliefCommittee', evidence: { cardNumber: '1234567', confirmationRef: 'K-123' } } } },
  }, clerk);
  await t.ok('request.fixFees', { requestId: r3, exemption: { category: 'reliefCommittee', evidence: { cardNumber: 'R-556677', confirmationRef: 'K-123' } } }, clerk);
  await t.ok('request.waivePayment', { requestId: r3, reason: 'کمیته امداد، تأییدیه K-123' }, clerk);
  t.advance(3 * MIN);
  await t.ok('queue.finish', { counterId: 1 }, clerk);

  await t.ok('queue.issueTicket', { serviceId: 1 }, kiosk);
  const third = await t.ok('queue.issueTicket', { serviceId: 1 }, kiosk);
  t.advance(3 * MIN);
  await t.ok('queue.callOutOfTurn', { counterId: 1, ticketId: third.ticket.id, reason: 'legal_deadline_today', note: 'مهلت اعتراض امروز پایان می‌یابد' }, clerk);
  await t.ok('queue.startService', { counterId: 1 }, clerk);
  t.advance(10 * MIN);
  await t.ok('queue.finish', { counterId: 1 }, clerk);
  return { ...t, clerk };
}

describe('percentile', () => {
  it('is the nearest rank, and null for nothing', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 90)).toBe(9);
  });
});

describe('statistics.package — ماده ۳۵ ب', () => {
  it('counts services, queue times, out-of-turn calls, refusals, free services and deadline filings of the period', async () => {
    const t = await office();
    const p = await t.ok('statistics.package', { from: DAY, to: DAY }, t.managerSession);
    // settled: R3 (waived); R1 still owes its judicial costs
    expect(p.services.total).toEqual({ opened: 3, settled: 1, cancelled: 0, clerkError: 0, refused: 1 });
    // three tickets; served: the first (5 min) and the third (10 min); waits 0 and 3 min; the second still waits
    expect(p.queue.total).toMatchObject({ issued: 3, served: 2, noShow: 0 });
    expect(p.queue.total.wait).toEqual({ count: 2, p50: 0, p90: 180 });
    expect(p.queue.total.service).toEqual({ count: 2, p50: 180, p90: 600 });
    expect(p.outOfTurn).toMatchObject({ count: 1, byReason: [{ reason: 'legal_deadline_today', count: 1 }] });
    expect(p.outOfTurn.rows[0]).toMatchObject({ counterNumber: 1, staff: 'کارمند reza', reason: 'legal_deadline_today', note: 'مهلت اعتراض امروز پایان می‌یابد' });
    expect(p.refusals).toMatchObject({ refused: 1, cancelled: 0, clerkError: 0, rows: [expect.objectContaining({ kind: 'refused', reason: 'مدارک ناقص' })] });
    expect(p.freeServices).toMatchObject({ count: 1, byCategory: [{ category: 'reliefCommittee', count: 1 }] });
    expect(p.freeServices.exemptRials).toBeGreaterThan(0);
    expect(p.deadlines).toMatchObject({ count: 1, byOutcome: [{ outcome: 'pending', count: 1 }], rows: [expect.objectContaining({ deadline: '1405-09-20', deliveredAt: null, outcome: 'pending' })] });
    expect(p.satisfaction).toEqual({ count: 0, averageX100: null, byScore: [0, 0, 0, 0, 0] });
    // another day: nothing
    const before = await t.ok('statistics.package', { from: '1405-09-01', to: '1405-09-06' }, t.managerSession);
    expect(before.services.total.opened).toBe(0);
    expect(before.queue.total).toMatchObject({ issued: 0, wait: { count: 0, p50: null, p90: null } });
  });

  it('refuses a period in the future, a day the calendar lacks, an inverted range, and anyone but the manager', async () => {
    const t = await office();
    const future = await t.call('statistics.package', { from: DAY, to: '1405-09-08' }, t.managerSession);
    expect(codeOf(future)).toBe('STATISTICS_PERIOD_IN_FUTURE');
    expect(!future.ok && future.error.fields).toEqual([{ path: 'to', reason: 'in_future' }]);
    expect(codeOf(await t.call('statistics.export', { from: '1405-10-01', to: '1405-10-02', format: 'csv' }, t.managerSession))).toBe('STATISTICS_PERIOD_IN_FUTURE');
    expect(codeOf(await t.call('statistics.package', { from: '1404-12-30', to: '1404-12-30' }, t.managerSession))).toBe('INVALID_INPUT');
    expect(codeOf(await t.call('statistics.package', { from: DAY, to: '1405-09-01' }, t.managerSession))).toBe('INVALID_INPUT');
    expect(codeOf(await t.call('statistics.package', { from: 'دیروز', to: DAY }, t.managerSession))).toBe('INVALID_INPUT');
    expect(codeOf(await t.call('statistics.package', { from: DAY, to: DAY }, t.clerk))).toBe('FORBIDDEN');
    // nothing was recorded for the refused export
    expect((await t.ok('audit.list', { limit: 50 }, t.managerSession)).entries.filter((e) => e.action === 'reportExported')).toEqual([]);
  });

  it('counts the ratings of the period’s tickets, by score, with their mean', async () => {
    const t = await office();
    const tickets = t.db.prepare("SELECT id FROM ticket WHERE status = 'done' ORDER BY issued_at").pluck().all() as string[];
    const rate = t.db.prepare("INSERT INTO satisfaction_rating VALUES (?, ?, 1, 1, ?, NULL, NULL, 'applicantScreen')");
    rate.run(tickets[0], DAY, 5);
    rate.run(tickets[1], DAY, 4);
    const p = await t.ok('statistics.package', { from: DAY, to: DAY }, t.managerSession);
    expect(p.satisfaction).toEqual({ count: 2, averageX100: 450, byScore: [0, 0, 0, 1, 1] });
    const view = await t.ok('compliance.view', { from: DAY, to: DAY }, t.managerSession);
    expect(view.rows.find((r) => r.rule === 'satisfaction')).toMatchObject({ status: 'ok', figures: expect.arrayContaining([{ label: 'نظرهای ثبت‌شده', value: 2 }]) });
  });
});

describe('statistics.export — PDF, CSV and XLSX', () => {
  it('writes CSV as UTF-8 with a BOM, XLSX a right-to-left sheet per section, and a Persian PDF; each export is audited', async () => {
    const t = await office();
    const csv = await t.ok('statistics.export', { from: DAY, to: DAY, format: 'csv' }, t.managerSession);
    const bytes = Buffer.from(csv.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(csv).toMatchObject({ fileName: 'daftaryar-statistics-1405-09-07_1405-09-07.csv', mime: 'text/csv; charset=utf-8' });
    expect(text).toContain('\r\nفراخوانی خارج از نوبت و دلیل آن\r\n');
    expect(text).toContain(',کارمند reza,پایان مهلت قانونی امروز,مهلت اعتراض امروز پایان می‌یابد\r\n');
    expect(text).toContain('\r\nجمع,3,1,0,0,1\r\n');
    expect(text).toContain('\r\nرضایت مراجعان (مادهٔ ۱۸)\r\nامتیاز,شمار\r\n1,0\r\n');

    const xlsx = await t.ok('statistics.export', { from: DAY, to: DAY, format: 'xlsx' }, t.managerSession);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toHaveLength(7);
    const services = wb.worksheets[0]!;
    expect(services.views[0]).toMatchObject({ rightToLeft: true });
    const totals = services.getRow(services.rowCount).values as unknown[];
    expect(totals.slice(1)).toEqual(['جمع', 3, 1, 0, 0, 1]);

    const pdf = await t.ok('statistics.export', { from: DAY, to: DAY, format: 'pdf' }, t.managerSession);
    const file = '/tmp/daftaryar-statistics-package.pdf';
    writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    if (hasTool('pdftotext', '-v')) {
      const words = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const w of ['آمار', 'خارج', 'نوبت', 'امداد', 'ناقص', '۱۴۰۵/۰۹/۰۷']) expect(words).toContain(w);
    }
    if (hasTool('qpdf', '--version')) expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);

    const exported = (await t.ok('audit.list', { limit: 50 }, t.managerSession)).entries.filter((e) => e.action === 'reportExported');
    expect(exported.map((e) => (e.detail as { format: string }).format).sort()).toEqual(['csv', 'pdf', 'xlsx']);
  }, 60_000);
});

describe('compliance.view — «انطباق با آیین‌نامه»', () => {
  it('shows one row per observable rule with its evidence and exceptions', async () => {
    const t = await office();
    const v = await t.ok('compliance.view', { from: DAY, to: DAY }, t.managerSession);
    const rule = (id: string) => v.rows.find((r) => r.rule === id)!;
    expect(v.rows.map((r) => r.rule)).toEqual([
      'receipts', 'outOfTurn', 'refusals', 'deadlines', 'unsent', 'inquiries', 'certificates', 'exports', 'auditChain', 'tariff', 'tariffBoard', 'freeServices', 'satisfaction', 'statistics',
    ]);
    expect(rule('receipts')).toMatchObject({ article: '۳۵ ت', status: 'ok', figures: [{ label: 'پرداخت‌های دریافت‌شده', value: 1 }, { label: 'رسیدهای صادرشده', value: 1 }, { label: 'پرداخت بی‌رسید', value: 0 }] });
    expect(rule('outOfTurn')).toMatchObject({ status: 'ok', figures: expect.arrayContaining([{ label: 'فراخوانی خارج از نوبت', value: 1 }]) });
    expect(rule('refusals')).toMatchObject({ status: 'ok', figures: expect.arrayContaining([{ label: 'ردشده', value: 1 }]) });
    // neither the manager (first-run setup) nor reza has a skills certificate on record (ماده ۳۶ ت)
    expect(rule('certificates')).toMatchObject({
      status: 'exceptions',
      figures: [{ label: 'کارکنان فعال', value: 2 }, { label: 'بی گواهی مهارت', value: 2 }],
      exceptions: [expect.objectContaining({ text: expect.stringContaining('(مدیر)') }), expect.objectContaining({ text: expect.stringContaining('کارمند reza (متصدی)') })],
    });
    expect(rule('auditChain')).toMatchObject({ status: 'ok', figures: expect.arrayContaining([{ label: 'زنجیره سالم', value: 1 }]) });
    expect(rule('tariff')).toMatchObject({ status: 'ok' });
    // no waiting-room board is paired in this office: only the inspector, in place, sees a poster
    expect(rule('tariffBoard')).toMatchObject({ status: 'notObservable', figures: [{ label: 'تابلوهای سالن انتظار', value: 0 }, { label: 'متصل در ۲۴ ساعت گذشته', value: 0 }] });
    expect(rule('satisfaction')).toMatchObject({ status: 'ok', note: 'در این دوره نظری ثبت نشده است' });
    expect(rule('freeServices').figures).toEqual(expect.arrayContaining([{ label: 'خدمات رایگان', value: 1 }]));
    expect(v.auditHead).toEqual(expect.objectContaining({ seq: expect.any(Number) }));
  });

  it('reports a payment without a receipt as an exception', async () => {
    const t = await office();
    // a receipt removed behind the app's back: the view must not stay green
    t.db.exec('PRAGMA foreign_keys = OFF');
    t.db.exec('DELETE FROM receipt');
    t.db.exec('PRAGMA foreign_keys = ON');
    const v = await t.ok('compliance.view', { from: DAY, to: DAY }, t.managerSession);
    expect(v.rows.find((r) => r.rule === 'receipts')).toMatchObject({ status: 'exceptions', figures: expect.arrayContaining([{ label: 'پرداخت بی‌رسید', value: 1 }]), exceptions: [expect.objectContaining({ text: expect.stringContaining('بی‌رسید') })] });
  });

  it('prints a PDF that carries the audit chain head, and records the export', async () => {
    const t = await office();
    const out = await t.ok('compliance.pdf', { from: DAY, to: DAY }, t.managerSession);
    expect(out.auditHead).not.toBeNull();
    const file = '/tmp/daftaryar-statistics-compliance.pdf';
    writeFileSync(file, Buffer.from(out.pdfBase64, 'base64'));
    if (hasTool('pdftotext', '-v')) {
      const words = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(words).toContain(out.auditHead!.hash);
      for (const w of ['انطباق', 'گواهی', 'مهارت', '۱۴۰۵/۰۹/۰۷']) expect(words).toContain(w);
    }
    if (hasTool('qpdf', '--version')) expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    const exported = (await t.ok('audit.list', { limit: 50 }, t.managerSession)).entries.find((e) => e.action === 'reportExported');
    expect(exported?.detail).toMatchObject({ report: { kind: 'compliance' }, format: 'pdf', auditHead: out.auditHead });
    expect(codeOf(await t.call('compliance.view', { from: DAY, to: '1405-09-09' }, t.managerSession))).toBe('STATISTICS_PERIOD_IN_FUTURE');
  }, 60_000);
});
