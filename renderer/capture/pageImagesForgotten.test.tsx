import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestView } from '../../core/api/request';
import { createClient } from '../api/client';
import { sessionStore } from '../api/session';
import { EnvProvider } from '../app/api';
import { LockGuard } from '../app/LockGuard';
import { RequestDesk } from '../counter/RequestDesk';
import { requestView } from '../../test/support/renderer/fixtures';
import { fa } from '../i18n/fa';
import { out, renderWithHub, scriptedHub } from '../../test/support/renderer/testHub';
import { renderPageImageProbe } from '../../test/support/renderer/pageImageProbe';
import { forgetPageImages, holdPageImages } from './usePageImage';

// Finding: the counter kept every page image it had shown (of every person that day, up to 240) in
// memory across requests, tickets and logins: `forgetPageImages` existed but nothing called it. Now
// the images go when the request or the ticket on the desk changes, at login and logout, and while
// the screen is locked none is kept or loaded.

const real = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
let revoked: string[] = [];
let made = 0;

beforeEach(() => {
  revoked = [];
  URL.createObjectURL = vi.fn(() => `blob:daftaryar/page-${++made}`) as typeof URL.createObjectURL;
  URL.revokeObjectURL = vi.fn((u: string) => void revoked.push(u));
});
afterEach(() => {
  cleanup(); // unmount first: a view still on the screen would ask for its image again
  URL.createObjectURL = real.create;
  URL.revokeObjectURL = real.revoke;
  holdPageImages(false);
  forgetPageImages(); // the cache is the module's: no test leaves an image to the next
});

/** The probe's image is on the screen, fetched `times` times so far; its URL. */
async function shownAfter(probe: ReturnType<typeof renderPageImageProbe>, times: number): Promise<string> {
  await waitFor(() => expect(probe.shown()).not.toBeNull());
  expect(probe.fetches()).toBe(times);
  return probe.shown()!;
}

/** The image `url` was forgotten: revoked, and the page asked of the hub again. */
async function forgotten(probe: ReturnType<typeof renderPageImageProbe>, url: string, fetchesBefore: number) {
  await waitFor(() => expect(revoked).toContain(url));
  await waitFor(() => expect(probe.fetches()).toBe(fetchesBefore + 1));
  await waitFor(() => expect(probe.shown()).not.toBe(url));
}

describe('page images are forgotten', () => {
  it('forgetPageImages revokes every cached image; the pages on the screen are asked for again', async () => {
    const probe = renderPageImageProbe();
    const url = await shownAfter(probe, 1);
    act(() => forgetPageImages());
    await forgotten(probe, url, 1);
  });

  it('while the screen is locked nothing is kept or loaded; unlocking loads what is on the screen', async () => {
    const probe = renderPageImageProbe();
    const url = await shownAfter(probe, 1);
    const clerk = { kind: 'user', userId: 2, username: 'reza', displayName: 'رضا کریمی', role: 'clerk' } as const;
    renderWithHub(
      <LockGuard principal={clerk} lockAfterMinutes={0} initiallyLocked={false} onLogout={() => {}}>
        <p>کار باجه</p>
      </LockGuard>,
      { 'auth.lock': () => out({ ok: true }), 'auth.unlock': () => out({ ok: true }) },
    );
    fireEvent.keyDown(window, { key: 'ل', code: 'KeyL', ctrlKey: true, shiftKey: true });
    await screen.findByRole('dialog', { name: fa.lock.title });
    await waitFor(() => expect(revoked).toContain(url));
    await waitFor(() => expect(probe.shown()).toBeNull());
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(probe.fetches()).toBe(1); // the locked session is not asked for pages

    fireEvent.change(screen.getByLabelText(fa.lock.password), { target: { value: 'pw-reza-12345' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(fa.lock.unlock) }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await shownAfter(probe, 2);
  });

  describe('on the counter’s desk', () => {
    const first = requestView();
    const second = requestView({ id: '7a2d2e8f-7b1c-4b68-8e2e-2a2e9b1d3c22', number: 13, service: 'complaint' });

    function desk() {
      let ticket = { ticketId: 't-1', requests: [first, second] as RequestView[] };
      const hub = scriptedHub({ 'request.atCounter': () => out(ticket) });
      const client = createClient(hub.transport, () => 'tok-clerk');
      const ui = (ticketId: string) => (
        <EnvProvider env={{ client, shell: 'counter', sessions: sessionStore('counter', undefined) }}>
          <RequestDesk counterId={1} ticketId={ticketId} serving />
        </EnvProvider>
      );
      const view = render(ui('t-1'));
      return {
        /** the queue panel calls the next ticket: the desk shows its (new) requests */
        nextTicket(ticketId: string, requests: RequestView[]) {
          ticket = { ticketId, requests };
          view.rerender(ui(ticketId));
        },
        unmount: () => view.unmount(),
      };
    }

    /** A desk showing the first request's page; `change` changes what it shows; the page's image must then be forgotten. */
    async function forgottenAfter(change: (d: ReturnType<typeof desk>) => void) {
      const d = desk();
      await screen.findAllByRole('tab');
      const probe = renderPageImageProbe();
      const url = await shownAfter(probe, 1);
      change(d);
      await forgotten(probe, url, 1);
    }

    it('when another request of the ticket is shown', async () => {
      await forgottenAfter(() => fireEvent.click(screen.getAllByRole('tab').find((t) => t.textContent?.includes('۱۲'))!));
    });

    it('when the counter calls the next ticket', async () => {
      await forgottenAfter((d) => d.nextTicket('t-2', []));
    });

    it('when the desk goes (logout)', async () => {
      await forgottenAfter((d) => d.unmount());
    });
  });
});
