import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus, Transport } from '../api/transport';
import { fa } from '../i18n/fa';
import { BANNER_DELAY_MS, ConnectionBanner } from './ConnectionBanner';
import { OFFER_AFTER_MS } from './StandbyOffer';
import { renderOverTransport } from '../../test/support/renderer/overTransport';

/** A transport whose link status the test sets by hand. */
function switchableTransport(initial: ConnectionStatus) {
  let status = initial;
  const listeners = new Set<(s: ConnectionStatus) => void>();
  const transport: Transport = {
    call: () => new Promise(() => {}),
    subscribe: () => ({ answer: new Promise(() => {}), unsubscribe: () => {} }),
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {},
  };
  const set = (s: ConnectionStatus) =>
    act(() => {
      status = s;
      for (const l of listeners) l(s);
    });
  return { transport, set, listeners };
}

function renderBanner(initial: ConnectionStatus, offerPromotion = false) {
  const link = switchableTransport(initial);
  const view = renderOverTransport(link.transport, 'counter', <ConnectionBanner offerPromotion={offerPromotion} />);
  return { ...link, view };
}

const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ConnectionBanner', () => {
  it('stays hidden while the link is open', () => {
    renderBanner('open');
    wait(BANNER_DELAY_MS * 10);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('appears only once the link has been down for BANNER_DELAY_MS', () => {
    renderBanner('connecting');
    wait(BANNER_DELAY_MS - 1);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    wait(1);
    expect(screen.getByRole('alert')).toHaveTextContent(fa.common.connecting);
  });

  it('does not flash for a blip shorter than the delay', () => {
    const { set } = renderBanner('open');
    set('connecting');
    wait(BANNER_DELAY_MS - 1);
    set('open');
    wait(BANNER_DELAY_MS * 2);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('counts the delay from the moment the link dropped', () => {
    const { set } = renderBanner('open');
    wait(BANNER_DELAY_MS * 3);
    set('connecting');
    wait(BANNER_DELAY_MS - 1);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    wait(1);
    expect(screen.getByRole('alert')).toBeInTheDocument();
  });

  it('disappears as soon as the link is open again', () => {
    const { set } = renderBanner('connecting');
    wait(BANNER_DELAY_MS);
    expect(screen.getByRole('alert')).toBeInTheDocument();

    set('open');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('waits the full delay again after a reconnect before showing a new drop', () => {
    const { set } = renderBanner('connecting');
    wait(BANNER_DELAY_MS);
    set('open');
    set('connecting');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    wait(BANNER_DELAY_MS);
    expect(screen.getByRole('alert')).toBeInTheDocument();
  });

  it('says the link is cut, not that it is connecting, once a link that was open is trying again', () => {
    const { set } = renderBanner('open');
    set('connecting');
    wait(BANNER_DELAY_MS);
    expect(screen.getByRole('alert')).toHaveTextContent(fa.common.disconnected);
    set('open');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says the link is cut, not that it is connecting, when the transport has closed', () => {
    renderBanner('closed');
    wait(BANNER_DELAY_MS);
    expect(screen.getByRole('alert')).toHaveTextContent(fa.common.disconnected);
  });

  it('stops listening to the transport when unmounted', () => {
    const { listeners, view } = renderBanner('open');
    expect(listeners.size).toBe(1);
    view.unmount();
    expect(listeners.size).toBe(0);
  });

  describe('on the standby’s own PC (the desktop bridge)', () => {
    const standbyHere = vi.fn(async () => ({ copyTakenAt: '2026-12-07T10:15:00.000Z', copyAgeSeconds: 30 }));
    beforeEach(() => {
      standbyHere.mockClear();
      (globalThis as { daftaryar?: unknown }).daftaryar = { standbyHere, promote: vi.fn() };
    });
    afterEach(() => {
      delete (globalThis as { daftaryar?: unknown }).daftaryar;
    });

    it('offers a staff screen to take over once the hub has been silent OFFER_AFTER_MS, and not before', async () => {
      const { set } = renderBanner('open', true);
      set('connecting');
      wait(BANNER_DELAY_MS);
      wait(OFFER_AFTER_MS - 1);
      expect(standbyHere).not.toHaveBeenCalled();
      await act(async () => {
        vi.advanceTimersByTime(1);
      });
      expect(standbyHere).toHaveBeenCalledTimes(1);
      expect(screen.getByRole('button', { name: fa.standbyOffer.open })).toBeInTheDocument();
      // the hub back: the offer goes with the banner
      set('open');
      expect(screen.queryByRole('button', { name: fa.standbyOffer.open })).not.toBeInTheDocument();
    });

    it('never on a screen that is not to offer it (the applicant’s, the kiosk, the board)', async () => {
      const { set } = renderBanner('open');
      set('connecting');
      wait(BANNER_DELAY_MS);
      await act(async () => {
        vi.advanceTimersByTime(OFFER_AFTER_MS * 2);
      });
      expect(standbyHere).not.toHaveBeenCalled();
      expect(screen.getByRole('alert')).toHaveTextContent(fa.common.disconnected);
    });
  });
});
