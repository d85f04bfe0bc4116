import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ProcedureOutput } from '../../core/api/contract';
import { fail, out, renderWithHub } from '../../test/support/renderer/testHub';
import { Compliance } from './Compliance';
import { daysLeftText, parsePeriod, Statistics, StatisticsDue } from './Statistics';

type Pkg = ProcedureOutput<'statistics.package'>;
type Request = ProcedureOutput<'statistics.requests'>['requests'][number];

const pkg: Pkg = {
  from: '1405-09-01',
  to: '1405-09-07',
  generatedAt: '2026-11-28T06:30:00.000Z',
  office: { name: 'دفتر ۱۲۳۴', code: '1234' },
  services: { rows: [{ service: 'petition', opened: 3, settled: 1, cancelled: 0, clerkError: 0, refused: 1 }], total: { opened: 3, settled: 1, cancelled: 0, clerkError: 0, refused: 1 } },
  queue: {
    rows: [{ serviceName: 'ثبت دادخواست', issued: 3, served: 2, noShow: 0, wait: { count: 2, p50: 0, p90: 180 }, service: { count: 2, p50: 180, p90: 600 } }],
    total: { issued: 3, served: 2, noShow: 0, wait: { count: 2, p50: 0, p90: 180 }, service: { count: 2, p50: 180, p90: 600 } },
  },
  outOfTurn: { count: 1, byReason: [{ reason: 'legal_deadline_today', count: 1 }], rows: [{ at: '2026-11-28T06:38:00.000Z', ticket: 'الف-۰۰۳', counterNumber: 1, staff: 'رضا', reason: 'legal_deadline_today', note: 'مهلت امروز' }] },
  refusals: { refused: 1, cancelled: 0, clerkError: 0, rows: [] },
  freeServices: { count: 0, exemptRials: 0, byCategory: [] },
  deadlines: { count: 0, byOutcome: [], rows: [] },
  satisfaction: { count: 0, averageX100: null, byScore: [0, 0, 0, 0, 0] },
};

const request = (over: Partial<Request> = {}): Request => ({
  id: '44444444-4444-4444-8444-444444444444',
  from: '1405-08-01',
  to: '1405-08-30',
  dueAt: '2026-12-01T20:30:00.000Z',
  receivedAt: '2026-11-27T08:00:00.000Z',
  daysLeft: 3,
  state: 'waiting',
  queuedAt: null,
  sentAt: null,
  late: false,
  lastError: null,
  ...over,
});

describe('the period as typed', () => {
  it('takes Persian digits and refuses a range that ends before it starts', () => {
    expect(parsePeriod('۱۴۰۵/۹/۱', '۱۴۰۵/۰۹/۰۷')).toEqual({ ok: true, input: { from: '1405-09-01', to: '1405-09-07' } });
    expect(parsePeriod('1405/09/07', '1405/09/01')).toMatchObject({ ok: false, errors: { to: expect.any(String) } });
    expect(parsePeriod('دیروز', '1405/09/01')).toMatchObject({ ok: false, errors: { from: expect.any(String) } });
  });
  it('says the days left in Persian', () => {
    expect(daysLeftText(3)).toBe('۳ روز مانده');
    expect(daysLeftText(0)).toBe('مهلت امروز است');
    expect(daysLeftText(-2)).toBe('۲ روز گذشته');
  });
});

describe('«آمار دفتر»', () => {
  it('shows the package as tables, and the central’s requests with «ارسال آمار»', async () => {
    let sent = '';
    const { view } = renderWithHub(<Statistics />, {
      'statistics.package': () => out(pkg),
      'statistics.requests': () => out({ requests: sent ? [request({ state: 'sent', sentAt: '2026-11-28T07:00:00.000Z' })] : [request()] }),
      'statistics.send': (input) => {
        sent = (input as { requestId: string }).requestId;
        return out({ request: request({ state: 'sent' }) });
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'نمایش آمار' }));
    const outOfTurn = await screen.findByRole('region', { name: 'فراخوانی خارج از نوبت و دلیل آن' });
    expect(within(outOfTurn).getByText('پایان مهلت قانونی امروز')).toBeTruthy();
    expect(within(outOfTurn).getByText('مهلت امروز')).toBeTruthy();
    // durations in minutes, Persian digits: p90 of the service is 10 minutes
    expect(within(screen.getByRole('region', { name: /زمان انتظار/ })).getAllByText('۱۰').length).toBeGreaterThan(0);
    // no rating in the period: five scores, each none, and no mean
    expect(within(screen.getByRole('region', { name: 'رضایت مراجعان (مادهٔ ۱۸)' })).getByText('میانگین: —')).toBeTruthy();
    const requests = screen.getByRole('region', { name: 'آمارهای خواسته‌شده از سوی سامانهٔ مرکزی' });
    await within(requests).findByText('۳ روز مانده');
    fireEvent.click(within(requests).getByRole('button', { name: 'ارسال آمار' }));
    await waitFor(() => expect(sent).toBe('44444444-4444-4444-8444-444444444444'));
    await within(requests).findByText('رسید');
    view.unmount();
  });

  it('shows the hub’s Persian sentence for a period in the future', async () => {
    renderWithHub(<Statistics />, { 'statistics.package': () => fail('STATISTICS_PERIOD_IN_FUTURE'), 'statistics.requests': () => out({ requests: [] }) });
    fireEvent.click(screen.getByRole('button', { name: 'نمایش آمار' }));
    expect(await screen.findByText('آمار روزهایی که هنوز نیامده‌اند گرفته نمی‌شود؛ پایان دوره را امروز یا پیش از آن بگذارید.')).toBeTruthy();
  });

  it('warns on the dashboard of a request not sent, and says nothing once all are sent', async () => {
    const { view } = renderWithHub(<StatisticsDue onGo={() => undefined} />, { 'statistics.requests': () => out({ requests: [request({ daysLeft: 2 })] }) });
    expect(await screen.findByText(/۲ روز مانده/)).toBeTruthy();
    view.unmount();
    const none = renderWithHub(<StatisticsDue onGo={() => undefined} />, { 'statistics.requests': () => out({ requests: [request({ state: 'sent' })] }) });
    await waitFor(() => expect(none.view.container.textContent).toBe(''));
  });
});

describe('«انطباق با آیین‌نامه»', () => {
  it('shows each rule with its status, evidence and exceptions, and goes to the section that holds them', async () => {
    let went = '';
    renderWithHub(<Compliance onGo={(s) => (went = s)} />, {
      'compliance.view': () =>
        out({
          from: '1405-09-01',
          to: '1405-09-07',
          generatedAt: '2026-11-28T06:30:00.000Z',
          auditHead: { seq: 42, hash: 'a'.repeat(64) },
          rows: [
            { rule: 'receipts', article: '۳۵ ت', text: 'برای هر پرداخت رسید داده شود.', status: 'ok', figures: [{ label: 'پرداخت بی‌رسید', value: 0 }], exceptions: [], more: 0, link: 'moneyReports', note: '' },
            { rule: 'certificates', article: '۳۶ ت', text: 'گواهی مهارت', status: 'exceptions', figures: [{ label: 'بی گواهی مهارت', value: 1 }], exceptions: [{ text: 'رضا گواهی ندارد', at: null }], more: 0, link: 'staff', note: '' },
          ],
        }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'نمایش' }));
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('منطبق')).toBeTruthy();
    expect(within(rows[2]!).getByText('دارای مورد')).toBeTruthy();
    expect(within(rows[2]!).getByText('رضا گواهی ندارد')).toBeTruthy();
    expect(screen.getByText(/سر زنجیرهٔ رویدادنگاری: رویداد ۴۲/)).toBeTruthy();
    fireEvent.click(within(rows[2]!).getByRole('button', { name: 'رفتن به این بخش' }));
    expect(went).toBe('staff');
  });
});
