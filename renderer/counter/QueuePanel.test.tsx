import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { QueuePanel } from './QueuePanel';
import { toPersianDigits } from '../../core/text/digits';

const ticket = (status: 'called' | 'serving') => ({ id: 't1', display: 'الف-۰۰۱', prefix: 'الف', number: 1, serviceId: 1, serviceName: 'ثبت دادخواست', priority: false, status, issuedAt: '2026-11-29T06:00:00.000Z' });
const counter = (current: ReturnType<typeof ticket> | null) => ({ id: 1, number: 1, active: true, serviceIds: [1], openBy: { userId: 7, displayName: 'رضا' }, current });

const myDay = { served: 0, noShows: 0, averageServiceMinutes: null };
const view = (current: ReturnType<typeof ticket> | null, over: Record<string, unknown> = {}) => ({ counter: counter(current), parked: [], waiting: [], line: [], outOfTurnReasons: [], recalls: 0, noShowAfterRecalls: 2, myDay, ...over });

describe('QueuePanel', () => {
  it('keeps F4 pressed while F2 is still settling and runs it next, instead of losing it', async () => {
    let state: ReturnType<typeof ticket> | null = null;
    let release: (() => void) | null = null;
    let slow: Promise<void> | null = null;
    const start = vi.fn<Handler>(() => ((state = ticket('serving')), out(state)));
    renderWithHub(<QueuePanel userId={7} />, {
      // every refresh of the counters while the ticket is called is slow (F2's own, and one an event may
      // start beside it), until released; the counter's own view already shows the called ticket
      'queue.counters': async () => {
        if (state?.status === 'called') await (slow ??= new Promise<void>((r) => (release = r)));
        return out({ counters: [counter(state)] });
      },
      'queue.counterView': () => out(view(state)),
      'queue.callNext': () => ((state = ticket('called')), out(state)),
      'queue.startService': start,
    });
    await screen.findByRole('button', { name: new RegExp(fa.counter.callNext) });
    fireEvent.keyDown(window, { key: 'F2' });
    await waitFor(() => expect(release).not.toBeNull());
    await waitFor(() => expect(document.body.textContent).toContain('الف-۰۰۱'));
    // the clerk sees the called ticket and presses F4 at once, while F2's refresh is still out
    fireEvent.keyDown(window, { key: 'F4' });
    expect(start).not.toHaveBeenCalled();
    act(() => release!());
    await waitFor(() => expect(start).toHaveBeenCalledTimes(1));
  });

  it('shows the line in call order with numbers, waits and the priority flag, and the clerk’s own day', async () => {
    const waitingTicket = (n: number, minutesAgo: number, priority = false) => ({ ...ticket('called'), id: `w${n}`, display: `الف-۰۰${toPersianDigits(n)}`, number: n, status: 'waiting', priority, issuedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() });
    renderWithHub(<QueuePanel userId={7} />, {
      'queue.counters': () => out({ counters: [counter(null)] }),
      'queue.counterView': () =>
        out(view(null, { waiting: [{ serviceId: 1, serviceName: 'ثبت دادخواست', prefix: 'الف', count: 2, oldestIssuedAt: null }], line: [waitingTicket(3, 12, true), waitingTicket(2, 20)], myDay: { served: 5, noShows: 1, averageServiceMinutes: 7.5 } })),
    });
    const line = await screen.findByRole('table', { name: fa.counter.lineTitle });
    const rows = line.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('الف-۰۰۳');
    expect(rows[0]!.textContent).toContain(fa.counter.priority);
    expect(rows[0]!.textContent).toContain(fa.counter.minutes('۱۲'));
    expect(rows[1]!.textContent).toContain(fa.counter.minutes('۲۰'));
    expect(rows[1]!.getAttribute('title')).toBe('ثبت دادخواست');
    expect(rows[1]!.textContent).not.toContain(fa.counter.priority);
    const day = screen.getByRole('region', { name: fa.counter.myDayTitle });
    expect(day.textContent).toContain('۵');
    expect(day.textContent).toContain(fa.counter.minutes('۷٫۵'));
  });

  it('says why F2 did nothing before a counter is chosen', async () => {
    const callNext = vi.fn<Handler>();
    renderWithHub(<QueuePanel userId={7} />, { 'queue.counters': () => out({ counters: [{ ...counter(null), openBy: null }] }), 'queue.callNext': callNext });
    await screen.findByText(fa.counter.pickCounter);
    fireEvent.keyDown(window, { key: 'F2' });
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.counter.pickCounterFirst);
    expect(callNext).not.toHaveBeenCalled();
  });

  it('asks before a no-show until the number was recalled enough times, then marks it with one key', async () => {
    const panel = (recalls: number) => {
      const noShow = vi.fn<Handler>(() => out(ticket('called')));
      const r = renderWithHub(<QueuePanel userId={7} />, {
        'queue.counters': () => out({ counters: [counter(ticket('called'))] }),
        'queue.counterView': () => out(view(ticket('called'), { recalls })),
        'queue.noShow': noShow,
      });
      return { noShow, unmount: () => r.view.unmount() };
    };
    const once = panel(1);
    await screen.findByText(fa.counter.recalledTimes('۱'));
    fireEvent.keyDown(window, { key: 'F6' });
    const dialog = await screen.findByRole('dialog', { name: fa.counter.noShowTitle });
    expect(once.noShow).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: fa.counter.noShowSubmit }));
    await waitFor(() => expect(once.noShow).toHaveBeenCalledWith({ counterId: 1, confirmed: true }));
    expect(dialog).not.toBeInTheDocument();
    once.unmount();

    const twice = panel(2);
    await screen.findByText(fa.counter.recalledTimes('۲'));
    fireEvent.keyDown(window, { key: 'F6' });
    await waitFor(() => expect(twice.noShow).toHaveBeenCalledWith({ counterId: 1 }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
