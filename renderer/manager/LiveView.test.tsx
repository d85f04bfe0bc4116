import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProcedureOutput } from '../../core/api/contract';
import type { PublicTicket } from '../../core/api/queue';
import { fa } from '../i18n/fa';
import { CHANGE_DELAY_MS, LIVE_REFRESH_MS, LiveView } from './LiveView';
import { fail, out, renderWithHub, type Script } from '../../test/support/renderer/testHub';

type Live = ProcedureOutput<'queue.live'>;

function ticket(over: Partial<PublicTicket> & Pick<PublicTicket, 'id' | 'display' | 'status'>): PublicTicket {
  return { prefix: 'ب', number: 47, serviceId: 1, serviceName: 'ثبت‌نام ثنا', priority: false, issuedAt: '2025-03-01T07:30:00.000Z', ...over };
}

const failedId = '6f1c2f0e-8a4b-4c47-9d8e-2b1f3c4d5e6f';

function liveState(over: Partial<Live> = {}): Live {
  return {
    services: [
      { id: 1, name: 'ثبت‌نام ثنا', prefix: 'ب', waiting: 12, longestWaitMinutes: 34, issuedToday: 47 },
      { id: 2, name: 'ابلاغیه 2', prefix: 'الف', waiting: 0, longestWaitMinutes: null, issuedToday: 3 },
    ],
    counters: [
      { id: 1, number: 1, active: true, serviceIds: [1], openBy: { userId: 2, displayName: 'سارا رضایی' }, current: ticket({ id: 'a', display: 'ب-۰۴۵', status: 'serving' }) },
      { id: 2, number: 2, active: true, serviceIds: [1, 2], openBy: { userId: 3, displayName: 'علی نوری' }, current: ticket({ id: 'b', display: 'ب-۰۴۶', status: 'called', priority: true }) },
      { id: 3, number: 3, active: true, serviceIds: [2], openBy: null, current: null },
    ],
    printFailures: [],
    ...over,
  };
}

function renderLive(script: Script) {
  return renderWithHub(<LiveView />, script);
}

/** The table's body rows, each as its cells' text. */
function rowsOf(tableName: string): string[][] {
  const table = screen.getByRole('table', { name: tableName });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? ''));
}

afterEach(() => {
  vi.useRealTimers();
});

/** The rows of the live view's table named `title`, once it shows the usual live state. */
async function liveTable(title: string) {
  renderLive({ 'queue.live': () => out(liveState()) });
  await screen.findByRole('table', { name: title });
  return rowsOf(title);
}

describe('LiveView — what it shows', () => {
  it('shows each service’s waiting count, longest wait and tickets issued today in Persian digits, «—» where nobody waits', async () => {
    expect(await liveTable(fa.managerQueue.live.servicesTitle)).toEqual([
      ['ب ثبت‌نام ثنا', '۱۲', '۳۴', '۴۷'],
      ['الف ابلاغیه ۲', '۰', '—', '۳'],
    ]);
  });

  it('shows each counter as open by its clerk or «بسته», with its ticket and the ticket’s status in Persian', async () => {
    expect(await liveTable(fa.managerQueue.live.countersTitle)).toEqual([
      ['باجهٔ ۱', 'باز — سارا رضایی', 'ب-۰۴۵', 'در حال خدمت'],
      ['باجهٔ ۲', 'باز — علی نوری', 'ب-۰۴۶ویژه', 'فراخوانده شده'],
      ['باجهٔ ۳', 'بسته', '—', '—'],
    ]);
  });

  it('shows no print-failure list when every ticket printed', async () => {
    renderLive({ 'queue.live': () => out(liveState()) });
    await screen.findByRole('table', { name: fa.managerQueue.live.servicesTitle });
    expect(screen.queryByRole('heading', { name: fa.managerQueue.live.printFailuresTitle })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: fa.managerQueue.live.reprint })).not.toBeInTheDocument();
  });

  it('says in Persian when the hub cannot give the live view', async () => {
    renderLive({ 'queue.live': () => fail('FORBIDDEN') });
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.FORBIDDEN);
  });
});

describe('LiveView — staying current', () => {
  it('asks the hub again shortly after a queue.changed event, once for a burst of them, and shows the new figures', async () => {
    vi.useFakeTimers();
    let waiting = 12;
    const { callsTo, emit } = renderLive({ 'queue.live': () => out(liveState({ services: [{ id: 1, name: 'ثبت‌نام ثنا', prefix: 'ب', waiting, longestWaitMinutes: 34, issuedToday: 47 }] })) });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(callsTo('queue.live')).toHaveLength(1);

    waiting = 13;
    emit('queue.changed', { at: '2025-03-01T08:16:00.000Z' });
    emit('queue.changed', { at: '2025-03-01T08:16:00.100Z' });
    emit('queue.changed', { at: '2025-03-01T08:16:00.200Z' });
    await act(() => vi.advanceTimersByTimeAsync(CHANGE_DELAY_MS - 1));
    expect(callsTo('queue.live')).toHaveLength(1);

    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(callsTo('queue.live')).toHaveLength(2);
    expect(rowsOf(fa.managerQueue.live.servicesTitle)[0]).toEqual(['ب ثبت‌نام ثنا', '۱۳', '۳۴', '۴۷']);
  });

  it('asks the hub again every 30 seconds even without events', async () => {
    vi.useFakeTimers();
    const { callsTo } = renderLive({ 'queue.live': () => out(liveState()) });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(callsTo('queue.live')).toHaveLength(1);

    await act(() => vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS - 1));
    expect(callsTo('queue.live')).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(callsTo('queue.live')).toHaveLength(2);
    await act(() => vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS));
    expect(callsTo('queue.live')).toHaveLength(3);
  });

  it('stops listening and asking once it is gone from the screen', async () => {
    vi.useFakeTimers();
    const { callsTo, listeners, emit, view } = renderLive({ 'queue.live': () => out(liveState()) });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(listeners('queue.changed')).toBe(1);

    view.unmount();
    emit('queue.changed', { at: '2025-03-01T08:16:00.000Z' });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2));
    expect(listeners('queue.changed')).toBe(0);
    expect(callsTo('queue.live')).toHaveLength(1);
  });

  it('keeps the last figures, and says they may be old, when a refresh fails', async () => {
    vi.useFakeTimers();
    let up = true;
    const { emit } = renderLive({ 'queue.live': () => (up ? out(liveState()) : fail('HUB_UNREACHABLE')) });
    await act(() => vi.advanceTimersByTimeAsync(0));

    up = false;
    emit('queue.changed', { at: '2025-03-01T08:16:00.000Z' });
    await act(() => vi.advanceTimersByTimeAsync(CHANGE_DELAY_MS));

    expect(screen.getByRole('alert')).toHaveTextContent(fa.errors.HUB_UNREACHABLE);
    expect(screen.getByRole('alert')).toHaveTextContent(fa.managerQueue.live.stale);
    expect(rowsOf(fa.managerQueue.live.servicesTitle)[0]).toEqual(['ب ثبت‌نام ثنا', '۱۲', '۳۴', '۴۷']);
  });
});

describe('LiveView — tickets whose print failed', () => {
  const failed = ticket({ id: failedId, display: 'ب-۰۴۸', number: 48, status: 'print_failed', issuedAt: '2025-03-01T08:15:00.000Z' });

  it('lists them, highlighted, with the ticket, its service and when it was issued (Tehran time)', async () => {
    renderLive({ 'queue.live': () => out(liveState({ printFailures: [failed] })) });
    const list = await screen.findByRole('region', { name: fa.managerQueue.live.printFailuresTitle });
    expect(list).toHaveTextContent('ب-۰۴۸');
    expect(list).toHaveTextContent('ثبت‌نام ثنا');
    expect(list).toHaveTextContent('۱۱:۴۵'); // 08:15 UTC
    expect(within(list).getByRole('button', { name: fa.managerQueue.live.reprint })).toHaveAccessibleDescription(/ب-۰۴۸/);
  });

  it('reprints through queue.reprint, says so, and shows the list the hub gives afterwards', async () => {
    let failures = [failed];
    const reprint = vi.fn(() => {
      failures = [];
      return out({ ticket: { ...failed, status: 'waiting' }, peopleAhead: 3, estimatedWaitMinutes: 12, printed: true });
    });
    const { callsTo } = renderLive({ 'queue.live': () => out(liveState({ printFailures: failures })), 'queue.reprint': reprint });

    fireEvent.click(await screen.findByRole('button', { name: fa.managerQueue.live.reprint }));

    expect(await screen.findByRole('status')).toHaveTextContent(fa.managerQueue.live.reprinted('ب-۰۴۸'));
    expect(callsTo('queue.reprint')).toEqual([expect.objectContaining({ input: { ticketId: failedId } })]);
    await waitFor(() => expect(screen.queryByRole('region', { name: fa.managerQueue.live.printFailuresTitle })).not.toBeInTheDocument());
    expect(callsTo('queue.live').length).toBeGreaterThanOrEqual(2);
  });

  it('shows the printer’s problem in Persian beside the ticket when the reprint fails, and keeps the ticket listed', async () => {
    renderLive({ 'queue.live': () => out(liveState({ printFailures: [failed] })), 'queue.reprint': () => fail('PRINTER_PAPER_OUT') });

    fireEvent.click(await screen.findByRole('button', { name: fa.managerQueue.live.reprint }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(fa.errors.PRINTER_PAPER_OUT);
    expect(alert.closest('li')).toHaveTextContent('ب-۰۴۸');
    expect(screen.getByRole('button', { name: fa.managerQueue.live.reprint })).toBeInTheDocument();
    expect(screen.queryByText(fa.managerQueue.live.reprinted('ب-۰۴۸'))).not.toBeInTheDocument();
  });
});
