import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus, Transport } from '../api/transport';
import { fa } from '../i18n/fa';
import { BANNER_DELAY_MS, ConnectionBanner } from './ConnectionBanner';
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

function renderBanner(initial: ConnectionStatus) {
  const link = switchableTransport(initial);
  const view = renderOverTransport(link.transport, 'counter', <ConnectionBanner />);
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
});
