import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { out, renderWithHub, type Handler } from '../manager/testHub';
import { QueuePanel } from './QueuePanel';

const ticket = (status: 'called' | 'serving') => ({ id: 't1', display: 'الف-۰۰۱', prefix: 'الف', number: 1, serviceId: 1, serviceName: 'ثبت دادخواست', priority: false, status, issuedAt: '2026-11-29T06:00:00.000Z' });
const counter = (current: ReturnType<typeof ticket> | null) => ({ id: 1, number: 1, active: true, serviceIds: [1], openBy: { userId: 7, displayName: 'رضا' }, current });

describe('QueuePanel', () => {
  it('keeps F4 pressed while F2 is still settling and runs it next, instead of losing it', async () => {
    let state: ReturnType<typeof ticket> | null = null;
    let release: (() => void) | null = null;
    const start = vi.fn<Handler>(() => ((state = ticket('serving')), out(state)));
    renderWithHub(<QueuePanel userId={7} />, {
      // the refresh of the counters after F2 is slow; the counter's own view already shows the called ticket
      'queue.counters': async () => {
        if (state?.status === 'called' && !release) await new Promise<void>((r) => (release = r));
        return out({ counters: [counter(state)] });
      },
      'queue.counterView': () => out({ counter: counter(state), parked: [], waiting: [], line: [], outOfTurnReasons: [] }),
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
});
