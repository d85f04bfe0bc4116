import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscribeFrame } from '../../core/api/wire';
import type { Transport } from '../api/transport';
import { Clock } from './Clock';
import { renderOverTransport } from '../../test/support/renderer/overTransport';

/** A transport that lets the test play the hub's `clock` event. */
function eventTransport() {
  const subscribers: Array<{ frame: SubscribeFrame; onEvent: (payload: unknown) => void; active: boolean }> = [];
  const transport: Transport = {
    call: () => new Promise(() => {}),
    subscribe(frame, onEvent) {
      const entry = { frame, onEvent, active: true };
      subscribers.push(entry);
      return { answer: Promise.resolve({ t: 'res', id: frame.id, ok: true, output: {} }), unsubscribe: () => void (entry.active = false) };
    },
    status: () => 'open',
    onStatus: () => () => {},
    close: () => {},
  };
  const emit = (event: string, payload: unknown) =>
    act(() => {
      for (const s of subscribers) if (s.active && s.frame.event === event) s.onEvent(payload);
    });
  return { transport, subscribers, emit };
}

function renderClock() {
  const hub = eventTransport();
  const view = renderOverTransport(hub.transport, 'board', <Clock />);
  return { ...hub, view };
}

const shownTime = () => screen.getByRole('time').textContent ?? '';

beforeEach(() => {
  vi.useFakeTimers();
  // this PC's clock: 08:15:00 UTC = 11:45:00 in Tehran
  vi.setSystemTime(new Date('2025-03-01T08:15:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Clock', () => {
  it('shows the time in the office’s zone, in Persian digits, before the hub has spoken', () => {
    renderClock();
    expect(shownTime()).toBe('۱۱:۴۵:۰۰');
  });

  it('shows the Jalali date', () => {
    renderClock();
    // 1 March 2025 is Saturday 11 Esfand 1403
    expect(screen.getByText('شنبه ۱۱ اسفند ۱۴۰۳')).toBeInTheDocument();
  });

  it('follows the hub’s clock rather than the PC’s once the hub’s clock event arrives', () => {
    const { emit } = renderClock();
    emit('clock', { now: '2025-03-01T10:00:00.000Z' }); // the hub is 1 h 45 min ahead of this PC
    expect(shownTime()).toBe('۱۳:۳۰:۰۰');
  });

  it('keeps ticking between the hub’s clock events', () => {
    const { emit } = renderClock();
    emit('clock', { now: '2025-03-01T10:00:00.000Z' });
    act(() => vi.advanceTimersByTime(5000));
    expect(shownTime()).toBe('۱۳:۳۰:۰۵');
  });

  it('ignores a clock event whose payload breaks the contract', () => {
    const { emit } = renderClock();
    emit('clock', { now: 'not a time' });
    expect(shownTime()).toBe('۱۱:۴۵:۰۰');
  });

  it('gives up its clock subscription when unmounted', () => {
    const { subscribers, view } = renderClock();
    expect(subscribers.filter((s) => s.active)).toHaveLength(1);
    view.unmount();
    expect(subscribers.filter((s) => s.active)).toHaveLength(0);
  });
});
