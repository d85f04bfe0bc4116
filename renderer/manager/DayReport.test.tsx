import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcedureOutput } from '../../core/api/contract';
import { fa } from '../i18n/fa';
import { DayReport, REPORT_DAYS } from './DayReport';
import { reportCsv } from './reportCsv';
import { fail, out, renderWithHub, type Script } from '../../test/support/renderer/testHub';

type Report = ProcedureOutput<'queue.dayReport'>;
type Kpis = Report['total'];

const t = fa.managerQueue.report;

const kpis = (over: Partial<Kpis> = {}): Kpis => ({
  tickets: 42,
  served: 38,
  noShows: 2,
  noShowPercent: 5,
  averageWaitMinutes: 12.5,
  maxWaitMinutes: 41,
  averageServiceMinutes: null,
  withinTargetPercent: 84.2,
  transfers: 1,
  recalls: 3,
  outOfTurn: 2,
  ...over,
});


function report(over: Partial<Report> = {}): Report {
  return {
    day: '1403-12-11',
    serviceLevelMinutes: 15,
    total: kpis(),
    byService: [
      { serviceId: 1, name: 'ثبت‌نام ثنا', prefix: 'ب', kpis: kpis({ tickets: 30, averageWaitMinutes: 9.5 }) },
      { serviceId: 2, name: 'ابلاغ', prefix: 'الف', kpis: kpis({ tickets: 12, served: 0, noShowPercent: null, averageWaitMinutes: null, maxWaitMinutes: null, withinTargetPercent: null }) },
    ],
    byCounter: [{ counterId: 7, number: 2, kpis: kpis({ tickets: 20 }) }],
    outOfTurn: [
      { at: '2025-03-01T06:05:00.000Z', ticket: 'ب-۰۱۲', counterNumber: 2, staff: 'سارا رضایی', reason: 'urgent_disability', note: 'ویلچر؛ پله‌ها 3 طبقه' },
      { at: '2025-03-01T09:41:00.000Z', ticket: 'الف-۰۰۷', counterNumber: 1, staff: 'علی نوری', reason: 'legal_deadline_today', note: 'مهلت اعتراض امروز تمام می‌شود' },
    ],
    ...over,
  };
}

function renderReport(script: Script) {
  return renderWithHub(<DayReport />, script);
}

const card = (label: string) => within(screen.getByRole('list', { name: /گزارش نوبت‌دهی/ })).getByText(label).closest('li') as HTMLElement;
const rowsOf = (name: string) =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? ''));

beforeEach(() => {
  // only the clock: the component's promises and the testing library's waits run for real
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-01T08:15:00.000Z')); // Saturday 11 Esfand 1403, 11:45 in Tehran
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('DayReport — the day', () => {
  it('asks for today by default and names the day in the heading with Persian digits', async () => {
    const { callsTo } = renderReport({ 'queue.dayReport': () => out(report()) });
    expect(await screen.findByRole('heading', { name: t.title('۱۴۰۳/۱۲/۱۱') })).toBeInTheDocument();
    expect(callsTo('queue.dayReport')).toHaveLength(1);
    expect(callsTo('queue.dayReport')[0]!.input).toEqual({});
    expect(screen.getByRole('button', { name: t.today })).toHaveAttribute('aria-pressed', 'true');
  });

  it(`offers today and the ${REPORT_DAYS - 1} office days before it, and asks the hub for the Jalali day chosen`, async () => {
    const { callsTo } = renderReport({ 'queue.dayReport': (input) => out(report({ day: (input as { day?: string }).day ?? '1403-12-11' })) });
    await screen.findByRole('heading', { name: t.title('۱۴۰۳/۱۲/۱۱') });

    const days = within(screen.getByRole('group', { name: t.pickDay })).getAllByRole('button');
    expect(days.map((b) => b.textContent)).toEqual([t.today, t.yesterday, 'پنجشنبه ۹ اسفند ۱۴۰۳', 'چهارشنبه ۸ اسفند ۱۴۰۳', 'سه‌شنبه ۷ اسفند ۱۴۰۳', 'دوشنبه ۶ اسفند ۱۴۰۳', 'یکشنبه ۵ اسفند ۱۴۰۳']);

    fireEvent.click(screen.getByRole('button', { name: t.yesterday }));
    expect(await screen.findByRole('heading', { name: t.title('۱۴۰۳/۱۲/۱۰') })).toBeInTheDocument();
    expect(callsTo('queue.dayReport').at(-1)!.input).toEqual({ day: '1403-12-10' });
    expect(screen.getByRole('button', { name: t.yesterday })).toHaveAttribute('aria-pressed', 'true');

    fireEvent.click(screen.getByRole('button', { name: 'یکشنبه ۵ اسفند ۱۴۰۳' }));
    await screen.findByRole('heading', { name: t.title('۱۴۰۳/۱۲/۰۵') });
    expect(callsTo('queue.dayReport').at(-1)!.input).toEqual({ day: '1403-12-05' });
  });

  it('says so, without figures, for a day with no tickets', async () => {
    renderReport({ 'queue.dayReport': () => out(report({ total: kpis({ tickets: 0, served: 0, noShows: 0, outOfTurn: 0 }), byService: [], byCounter: [], outOfTurn: [] })) });
    expect(await screen.findByText(t.noTickets)).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: /گزارش نوبت‌دهی/ })).not.toBeInTheDocument();
    expect(screen.getByText(t.noOutOfTurn)).toBeInTheDocument();
  });

  it('says in Persian when the hub cannot give the report', async () => {
    renderReport({ 'queue.dayReport': () => fail('FORBIDDEN') });
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.FORBIDDEN);
  });
});

describe('DayReport — figures', () => {
  it('shows the day’s totals as cards in Persian digits, with units, and «—» where there is no figure', async () => {
    renderReport({ 'queue.dayReport': () => out(report()) });
    await screen.findByRole('heading', { name: t.title('۱۴۰۳/۱۲/۱۱') });

    expect(card(t.kpis.tickets)).toHaveTextContent('۴۲');
    expect(card(t.kpis.served)).toHaveTextContent('۳۸');
    expect(card(t.kpis.noShowPercent)).toHaveTextContent('۵٪');
    expect(card(t.kpis.averageWaitMinutes)).toHaveTextContent('۱۲٫۵ دقیقه');
    expect(card(t.kpis.maxWaitMinutes)).toHaveTextContent('۴۱ دقیقه');
    expect(card(t.kpis.averageServiceMinutes)).toHaveTextContent(/^میانگین زمان خدمت—$/);
    // the service-level card names its target, from the hub's setting
    expect(card(t.withinTarget('۱۵'))).toHaveTextContent('۸۴٫۲٪');
    expect(screen.getByRole('list', { name: /گزارش نوبت‌دهی/ }).textContent).not.toMatch(/[0-9]/);
  });

  it('has a row per service and per counter, with «—» for figures a service does not have yet', async () => {
    renderReport({ 'queue.dayReport': () => out(report()) });
    await screen.findByRole('heading', { name: t.title('۱۴۰۳/۱۲/۱۱') });

    expect(rowsOf(t.byServiceTitle)).toEqual([
      ['ب ثبت‌نام ثنا', '۳۰', '۳۸', '۲', '۵٪', '۹٫۵', '۴۱', '—', '۸۴٫۲٪', '۱', '۳', '۲'],
      ['الف ابلاغ', '۱۲', '۰', '۲', '—', '—', '—', '—', '—', '۱', '۳', '۲'],
    ]);
    expect(rowsOf(t.byCounterTitle)).toEqual([['باجهٔ ۲', '۲۰', '۳۸', '۲', '۵٪', '۱۲٫۵', '۴۱', '—', '۸۴٫۲٪', '۱', '۳', '۲']]);
  });

  it('lists out-of-turn calls with Tehran time, ticket, counter, clerk and the reason in Persian', async () => {
    renderReport({ 'queue.dayReport': () => out(report()) });
    await screen.findByRole('heading', { name: t.title('۱۴۰۳/۱۲/۱۱') });

    expect(rowsOf(t.outOfTurnTitle)).toEqual([
      ['۰۹:۳۵', 'ب-۰۱۲', '۲', 'سارا رضایی', 'معلولیت یا وضعیت اضطراری', 'ویلچر؛ پله‌ها ۳ طبقه'],
      ['۱۳:۱۱', 'الف-۰۰۷', '۱', 'علی نوری', 'پایان مهلت قانونی امروز', 'مهلت اعتراض امروز تمام می‌شود'],
    ]);
  });

  it('names every out-of-turn reason of the contract in Persian', () => {
    expect(Object.values(fa.managerQueue.outOfTurnReasons)).toEqual(['معلولیت یا وضعیت اضطراری', 'پایان مهلت قانونی امروز', 'بازگشت با مدرک ناقص', 'جبران اشتباه در فراخوانی', 'سایر']);
  });
});

/** URL.createObjectURL is a static the page shares: replace it for one test, put it back after. */
const realObjectUrls = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
function stubObjectUrls(create: (blob: Blob) => string, revoke: (url: string) => void) {
  URL.createObjectURL = create as typeof URL.createObjectURL;
  URL.revokeObjectURL = revoke;
}
afterEach(() => {
  URL.createObjectURL = realObjectUrls.create;
  URL.revokeObjectURL = realObjectUrls.revoke;
});

describe('DayReport — CSV', () => {
  it('downloads the report as CSV, byte for byte what reportCsv makes, as daftaryar-queue-<day>.csv', async () => {
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:daftaryar/report';
    });
    const revokeObjectURL = vi.fn();
    stubObjectUrls(createObjectURL, revokeObjectURL);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });

    const exported = vi.fn(() => out({ ok: true }));
    renderReport({ 'queue.dayReport': () => out(report()), 'report.exported': exported });
    fireEvent.click(await screen.findByRole('button', { name: t.downloadCsv }));

    await waitFor(() => expect(createObjectURL).toHaveBeenCalledOnce());
    expect(exported).toHaveBeenCalledOnce();
    const blob = blobs[0]!;
    expect(blob.type).toBe('text/csv;charset=utf-8');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new TextEncoder().encode(reportCsv(report())));
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('daftaryar-queue-1403-12-11.csv');
    expect(clicked[0]!.href).toBe('blob:daftaryar/report');
    expect(clicked[0]!.isConnected).toBe(false); // the helper link does not stay in the page
    await waitFor(() => expect(revokeObjectURL).toHaveBeenCalledWith('blob:daftaryar/report'));
  });
});
