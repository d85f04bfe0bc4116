import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CashReport, ExemptionsReport, ServicesReport } from '../../core/api/report';
import { fa } from '../i18n/fa';
import { moneyReportCsv } from './moneyReportCsv';
import { Reports } from './Reports';
import { fail, out, renderWithHub, type Script } from '../../test/support/renderer/testHub';
import { workstationView } from '../../test/support/renderer/fixtures';

const t = fa.moneyReports;

function cash(over: Partial<CashReport> = {}): CashReport {
  return {
    day: '1405-09-07',
    count: 3,
    totalRials: 4_220_000,
    byMethod: [{ method: 'manual', count: 3, amountRials: 4_220_000 }],
    byPart: [
      { part: 'judicialCost', count: 1, amountRials: 2_500_000 },
      { part: 'officeTariff', count: 2, amountRials: 1_720_000 },
    ],
    byClerk: [
      { staffId: 2, name: 'رضا نوری', count: 2, amountRials: 3_310_000 },
      { staffId: 3, name: 'سارا امینی', count: 1, amountRials: 910_000 },
    ],
    receipts: { year: 1405, first: 1, last: 3, previous: null, gaps: [], contiguous: true },
    auditHead: { seq: 12, hash: "ab".repeat(32) },
    refunds: { count: 0, totalRials: 0, byClerk: [], rows: [] },
    netRials: 4_220_000,
    payments: [
      { receiptYear: 1405, receiptNumber: 1, requestYear: 1405, requestNumber: 1, service: 'petition', part: 'officeTariff', method: 'manual', amountRials: 810_000, rrn: '400000000001', clerk: 'رضا نوری', at: '2026-11-28T06:30:00.000Z' },
      { receiptYear: 1405, receiptNumber: 2, requestYear: 1405, requestNumber: 1, service: 'petition', part: 'judicialCost', method: 'manual', amountRials: 2_500_000, rrn: '400000000002', clerk: 'رضا نوری', at: '2026-11-28T06:31:00.000Z' },
      { receiptYear: 1405, receiptNumber: 3, requestYear: 1405, requestNumber: 3, service: 'formalNotice', part: 'officeTariff', method: 'manual', amountRials: 910_000, rrn: '400000000003', clerk: 'سارا امینی', at: '2026-11-28T07:00:00.000Z' },
    ],
    ...over,
  };
}

const services: ServicesReport = {
  from: '1405-09-01',
  to: '1405-09-07',
  rows: [{ service: 'petition', opened: 6, settled: 2, cancelled: 1, clerkError: 2, refused: 1, officeTariffRials: 2_630_000, judicialCostRials: 2_500_000, amountRials: 5_130_000 }],
  total: { opened: 6, settled: 2, cancelled: 1, clerkError: 2, refused: 1, officeTariffRials: 2_630_000, judicialCostRials: 2_500_000, amountRials: 5_130_000 },
};

const exemptions: ExemptionsReport = {
  month: '1405-09',
  from: '1405-09-01',
  to: '1405-09-30',
  rows: [
    { requestYear: 1405, requestNumber: 2, day: '1405-09-07', service: 'petition', applicantName: 'علی رضایی', applicantId: '******2419', category: 'reliefCommittee', cardNumber: 'R-556677', confirmationRef: 'K-123', exemptRials: 910_000, judicialExemptRials: 1_500_000 },
  ],
  byCategory: [{ category: 'reliefCommittee', count: 1, exemptRials: 910_000 }],
  total: { count: 1, exemptRials: 910_000, judicialExemptRials: 1_500_000 },
};

const rowsOf = (name: string) =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? ''));

const realObjectUrls = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
function captureDownloads() {
  const blobs: Blob[] = [];
  URL.createObjectURL = vi.fn((blob: Blob) => {
    blobs.push(blob);
    return 'blob:daftaryar/money';
  }) as typeof URL.createObjectURL;
  URL.revokeObjectURL = vi.fn();
  const clicked: HTMLAnchorElement[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
  return { blobs, clicked };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-28T08:15:00.000Z')); // 1405-09-07, 11:45 in Tehran
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  URL.createObjectURL = realObjectUrls.create;
  URL.revokeObjectURL = realObjectUrls.revoke;
});

const render = (script: Script) => renderWithHub(<Reports />, script);
const show = () => fireEvent.click(screen.getByRole('button', { name: t.show }));

describe('Reports — choosing', () => {
  it('offers the four reports, starts with today’s cash report to fill in, and says what will appear', () => {
    const { calls } = render({});
    const kinds = within(screen.getByRole('group', { name: t.pick })).getAllByRole('button');
    expect(kinds.map((b) => b.textContent)).toEqual([t.kinds.cash, t.kinds.services, t.kinds.exemptions, t.kinds.discounts]);
    expect(screen.getByRole('button', { name: t.kinds.cash })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByLabelText(t.day)).toHaveValue('۱۴۰۵/۰۹/۰۷');
    expect(screen.getByText(t.empty)).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('takes a day typed in Persian digits without zeros, and asks the hub for 1405-09-05', async () => {
    const { callsTo } = render({ 'report.cash': (input) => out(cash({ day: (input as { day: string }).day })) });
    fireEvent.change(screen.getByLabelText(t.day), { target: { value: '۱۴۰۵/۹/۵' } });
    fireEvent.submit(screen.getByLabelText(t.day).closest('form')!); // Enter in the field
    expect(await screen.findByRole('heading', { name: t.titles.cash('۱۴۰۵/۰۹/۰۵') })).toBeInTheDocument();
    expect(callsTo('report.cash')[0]!.input).toEqual({ day: '1405-09-05' });
  });

  it('refuses a day that is not one, in Persian, without asking the hub', async () => {
    const { calls } = render({});
    fireEvent.change(screen.getByLabelText(t.day), { target: { value: '1405/13/01' } });
    show();
    expect(await screen.findByText(t.invalidDay)).toBeInTheDocument();
    expect(screen.getByLabelText(t.day)).toHaveAttribute('aria-invalid', 'true');
    expect(calls).toHaveLength(0);
  });

  it('refuses a range that ends before it starts', async () => {
    const { calls } = render({});
    fireEvent.click(screen.getByRole('button', { name: t.kinds.services }));
    fireEvent.change(screen.getByLabelText(t.from), { target: { value: '1405/09/10' } });
    fireEvent.change(screen.getByLabelText(t.to), { target: { value: '1405/09/01' } });
    show();
    expect(await screen.findByText(t.beforeFrom)).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('says in Persian when the hub refuses', async () => {
    render({ 'report.cash': () => fail('FORBIDDEN') });
    show();
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.FORBIDDEN);
  });
});

describe('Reports — tables', () => {
  it('shows the Z report in Persian digits with separators, a totals row per table, and the receipt check', async () => {
    render({ 'report.cash': () => out(cash()) });
    show();
    await screen.findByRole('heading', { name: t.titles.cash('۱۴۰۵/۰۹/۰۷') });
    expect(rowsOf(t.cash.byMethod)).toEqual([
      [t.methods.manual, '۳', '۴٬۲۲۰٬۰۰۰'],
      [t.total, '۳', '۴٬۲۲۰٬۰۰۰'],
    ]);
    expect(rowsOf(t.cash.byClerk)).toEqual([
      ['رضا نوری', '۲', '۳٬۳۱۰٬۰۰۰'],
      ['سارا امینی', '۱', '۹۱۰٬۰۰۰'],
      [t.total, '۳', '۴٬۲۲۰٬۰۰۰'],
    ]);
    expect(rowsOf(t.cash.payments)[2]).toEqual(['۱۴۰۵/۰۰۰۰۰۳', '۱۰:۳۰', '۱۴۰۵/۳', 'اظهارنامه', t.parts.officeTariff, t.methods.manual, '400000000003', 'سارا امینی', '۹۱۰٬۰۰۰']);
    expect(rowsOf(t.cash.payments).at(-1)).toEqual([t.total, '', '', '', '', '', '', '', '۴٬۲۲۰٬۰۰۰']);
    expect(screen.getByText(new RegExp(t.cash.contiguous))).toBeInTheDocument();
  });

  it('warns about missing receipt numbers', async () => {
    render({ 'report.cash': () => out(cash({ receipts: { year: 1405, first: 1, last: 3, previous: null, gaps: [{ from: 2, to: 2 }], contiguous: false } })) });
    show();
    await screen.findByRole('heading', { name: t.titles.cash('۱۴۰۵/۰۹/۰۷') });
    const warning = screen.getAllByRole('status').find((el) => el.classList.contains('form-warning'));
    expect(warning).toHaveTextContent(t.cash.gaps('۱۴۰۵/۰۰۰۰۰۲'));
  });

  it('says when a standby’s promotion jumped over the missing numbers', async () => {
    const gaps = [{ from: 2, to: 2 }, { from: 4, to: 1003, afterPromotion: '2026-11-29T07:00:00.000Z' }];
    render({ 'report.cash': () => out(cash({ receipts: { year: 1405, first: 1, last: 1004, previous: null, gaps, contiguous: false } })) });
    show();
    await screen.findByRole('heading', { name: t.titles.cash('۱۴۰۵/۰۹/۰۷') });
    const warning = screen.getAllByRole('status').find((el) => el.classList.contains('form-warning'));
    expect(warning).toHaveTextContent(t.cash.gaps(`۱۴۰۵/۰۰۰۰۰۲، ۱۴۰۵/۰۰۰۰۰۴ تا ۱۴۰۵/۰۰۱۰۰۳ (${t.cash.gapAfterPromotion('۱۴۰۵/۰۹/۰۸ ۱۰:۳۰')})`));
  });

  it('says so for a day without receipts', async () => {
    render({ 'report.cash': () => out(cash({ count: 0, totalRials: 0, byMethod: [], byPart: [], byClerk: [], payments: [], receipts: { year: 1405, first: null, last: null, previous: 3, gaps: [], contiguous: true } })) });
    show();
    expect(await screen.findByText(t.cash.noReceipts)).toBeInTheDocument();
  });

  it('shows services over a range and the month’s exemption claim', async () => {
    const { callsTo } = render({ 'report.services': () => out(services), 'report.exemptions': () => out(exemptions) });
    fireEvent.click(screen.getByRole('button', { name: t.kinds.services }));
    expect(screen.getByLabelText(t.from)).toHaveValue('۱۴۰۵/۰۹/۰۱');
    show();
    await screen.findByRole('heading', { name: t.titles.services('۱۴۰۵/۰۹/۰۱', '۱۴۰۵/۰۹/۰۷') });
    expect(callsTo('report.services')[0]!.input).toEqual({ from: '1405-09-01', to: '1405-09-07' });
    expect(rowsOf(t.kinds.services)).toEqual([
      ['دادخواست', '۶', '۲', '۱', '۲', '۱', '۲٬۶۳۰٬۰۰۰', '۲٬۵۰۰٬۰۰۰', '۵٬۱۳۰٬۰۰۰'],
      [t.total, '۶', '۲', '۱', '۲', '۱', '۲٬۶۳۰٬۰۰۰', '۲٬۵۰۰٬۰۰۰', '۵٬۱۳۰٬۰۰۰'],
    ]);

    fireEvent.click(screen.getByRole('button', { name: t.kinds.exemptions }));
    expect(screen.queryByRole('table')).not.toBeInTheDocument(); // another report: the old table goes
    fireEvent.change(screen.getByLabelText(t.month), { target: { value: '1405-9' } });
    show();
    await screen.findByRole('heading', { name: t.titles.exemptions('۱۴۰۵/۰۹') });
    expect(callsTo('report.exemptions')[0]!.input).toEqual({ month: '1405-09' });
    expect(rowsOf(t.kinds.exemptions)[0]).toEqual(['۱۴۰۵/۰۹/۰۷', '۱۴۰۵/۲', 'دادخواست', 'علی رضایی', '******2419', t.categories.reliefCommittee, 'R-556677', 'K-123', '۹۱۰٬۰۰۰', '۱٬۵۰۰٬۰۰۰']);
  });
});

describe('Reports — CSV and PDF', () => {
  it('records the export in the audit trail first, then saves the CSV byte for byte as moneyReportCsv makes it', async () => {
    const { blobs, clicked } = captureDownloads();
    const { callsTo } = render({ 'report.cash': () => out(cash()), 'report.exported': () => out({ ok: true }) });
    show();
    fireEvent.click(await screen.findByRole('button', { name: t.csv }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(callsTo('report.exported')[0]!.input).toEqual({ report: { kind: 'cash', day: '1405-09-07' }, format: 'csv', fileName: 'daftaryar-cash-1405-09-07.csv' });
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    expect(new Uint8Array(await blobs[0]!.arrayBuffer())).toEqual(new TextEncoder().encode(moneyReportCsv({ kind: 'cash', data: cash() })));
    expect(clicked[0]!.download).toBe('daftaryar-cash-1405-09-07.csv');
  });

  it('makes no file when the export cannot be recorded', async () => {
    const { clicked } = captureDownloads();
    render({ 'report.cash': () => out(cash()), 'report.exported': () => ({ error: { code: 'HUB_UNREACHABLE', message: 'down' } }) });
    show();
    fireEvent.click(await screen.findByRole('button', { name: t.csv }));
    expect(await screen.findByText(fa.errors.HUB_UNREACHABLE)).toBeInTheDocument();
    expect(clicked).toHaveLength(0);
  });

  it('asks the hub for the PDF of the report on screen and saves its bytes', async () => {
    const { blobs, clicked } = captureDownloads();
    const { callsTo } = render({ 'report.cash': () => out(cash()), 'report.pdf': () => out({ fileName: 'daftaryar-cash-1405-09-07.pdf', pdfBase64: btoa('%PDF-1.7 test') }) });
    show();
    fireEvent.click(await screen.findByRole('button', { name: t.pdf }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(callsTo('report.pdf')[0]!.input).toEqual({ report: { kind: 'cash', day: '1405-09-07' } });
    expect(blobs[0]!.type).toBe('application/pdf');
    expect(new TextDecoder().decode(await blobs[0]!.arrayBuffer())).toBe('%PDF-1.7 test');
    expect(clicked[0]!.download).toBe('daftaryar-cash-1405-09-07.pdf');
  });

  it('on a workstation with a document printer, «چاپ A4» prints the report on screen there instead of a download; a stopped printer is said in its words; without one, no such button', async () => {
    const { clicked } = captureDownloads();
    let n = 0;
    const { callsTo } = render({
      'report.cash': () => out(cash()),
      'agent.workstations': () => out({ workstations: [workstationView({ devices: [{ type: 'documentPrinter', driver: 'cups', id: 'cups:laser', label: 'لیزری اتاق 2' }] })], self: 3 }),
      'report.pdf': () => (n++ === 0 ? out({ fileName: 'daftaryar-cash-1405-09-07.pdf', pdfBase64: '', printer: 'لیزری اتاق 2' }) : fail('PRINTER_OFFLINE')),
    });
    show();
    fireEvent.click(await screen.findByRole('button', { name: fa.documentPrint.printA4 }));
    expect(await screen.findByRole('status')).toHaveTextContent(fa.documentPrint.printed('لیزری اتاق ۲'));
    expect(callsTo('report.pdf')[0]!.input).toEqual({ report: { kind: 'cash', day: '1405-09-07' }, print: true });
    expect(clicked).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: fa.documentPrint.printA4 }));
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.documentPrint.errors.PRINTER_OFFLINE);
  });

  it('offers no «چاپ A4» off a workstation, or where its agent is away', async () => {
    for (const workstations of [{ workstations: [], self: null }, { workstations: [workstationView({ online: false, devices: [{ type: 'documentPrinter' as const, driver: 'cups' as const, id: 'cups:laser', label: 'لیزری' }] })], self: 3 }]) {
      const { callsTo } = render({ 'report.cash': () => out(cash()), 'agent.workstations': () => out(workstations) });
      show();
      expect(await screen.findByRole('button', { name: t.pdf })).toBeInTheDocument();
      await waitFor(() => expect(callsTo('agent.workstations')).toHaveLength(1));
      expect(screen.queryByRole('button', { name: fa.documentPrint.printA4 })).not.toBeInTheDocument();
      cleanup();
    }
  });

  it('says in Persian when the PDF cannot be made', async () => {
    render({ 'report.cash': () => out(cash()), 'report.pdf': () => fail('INTERNAL') });
    show();
    fireEvent.click(await screen.findByRole('button', { name: t.pdf }));
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.INTERNAL);
  });
});
