import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicantScreenView } from '../../core/api/applicantScreen';
import type { Principal } from '../../core/api/schemas';
import { fa } from '../i18n/fa';
import { out, renderWithHub, type Answer } from '../../test/support/renderer/testHub';
import { petitionFeesOnScreen } from '../../test/support/renderer/fixtures';
import { ApplicantShell } from './ApplicantShell';

// Finding: the applicant's screen kept the previous applicant's name and fees until the browser was
// reloaded — after F8, the next call, closing the request, and across a hub restart. It listened for
// `queue.changed` (which the hub does not send to it), kept what it showed while the link was down, and
// never asked again when the link came back. Now: the hub's `applicantScreen.changed` for this counter
// makes it ask at once; a lost link shows nobody; the link back makes it ask again.

const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران', code: '1234', city: 'تهران', lockAfterMinutes: 5 };
const device = { kind: 'device', role: 'applicant', counterId: 3 } as Principal;
const AT = '2026-11-28T10:00:00.000Z';

const showing: ApplicantScreenView = {
  counterNumber: 3,
  ticketDisplay: 'ب-۰۱۲',
  request: {
    id: '11111111-1111-4111-8111-111111111111',
    year: 1405,
    number: 17,
    service: 'petition',
    status: 'feesFixed',
    steps: ['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch', 'send'],
    currentStep: 'payment',
    inquiry: null,
    legalDeadline: null,
    applicantName: 'زهرا رضایی',
    fees: petitionFeesOnScreen(),
    sanaConsent: null,
    documents: null,
  },
};
const idle = (ticketDisplay: string | null = null): ApplicantScreenView => ({ counterNumber: 3, ticketDisplay, request: null });

/** Neither the name nor the fees of the person before are anywhere on the screen. */
function nothingOfZahra() {
  expect(document.body).not.toHaveTextContent('زهرا رضایی');
  expect(document.body).not.toHaveTextContent('۷۷۰٬۰۰۰');
  expect(document.querySelector('.applicant-fees')).toBeNull();
}

function renderScreen(view: () => ApplicantScreenView | Promise<ApplicantScreenView>) {
  return renderWithHub(<ApplicantShell office={office} principal={device} onLogout={() => {}} />, {
    'applicantScreen.view': async (): Promise<Answer> => out(await view()),
  });
}

beforeEach(() => window.localStorage.setItem('daftaryar.applicantScreen.counter', '3'));
afterEach(() => window.localStorage.clear());

describe('applicant screen clears', () => {
  it('at once when the hub says its counter changed (F8, the next call, the request closed)', async () => {
    let current = showing;
    const hub = renderScreen(() => current);
    expect(await screen.findByText('زهرا رضایی')).toBeInTheDocument();
    expect(document.querySelector('.applicant-fees')).not.toBeNull();

    current = idle(); // F8: the ticket is finished
    hub.emit('applicantScreen.changed', { counterId: 3, at: AT });
    expect(await screen.findByText(fa.applicant.wait)).toBeInTheDocument();
    nothingOfZahra();

    current = showing;
    hub.emit('applicantScreen.changed', { counterId: 3, at: AT });
    expect(await screen.findByText('زهرا رضایی')).toBeInTheDocument();
    current = idle('ب-۰۱۳'); // F9 then F2: the next person is called
    hub.emit('applicantScreen.changed', { counterId: 3, at: AT });
    expect(await screen.findByText(fa.applicant.serving('ب-۰۱۳'))).toBeInTheDocument();
    nothingOfZahra();
  });

  it('asks only about its own counter', async () => {
    const hub = renderScreen(() => showing);
    await screen.findByText('زهرا رضایی');
    const asked = hub.callsTo('applicantScreen.view').length;
    hub.emit('applicantScreen.changed', { counterId: 4, at: AT });
    await act(() => new Promise((r) => setTimeout(r, 300)));
    expect(hub.callsTo('applicantScreen.view')).toHaveLength(asked);
    expect(hub.listeners('applicantScreen.changed')).toBe(1);
  });

  it('shows nobody while the link to the hub is down, and asks again when it is back (a hub restart)', async () => {
    let current = showing;
    const hub = renderScreen(() => current);
    await screen.findByText('زهرا رضایی');

    hub.setStatus('connecting'); // the hub stopped
    expect(screen.getByText(fa.applicant.wait)).toBeInTheDocument();
    nothingOfZahra();

    // while it was down the clerk finished (events sent then never arrive); the link comes back
    current = idle();
    const asked = hub.callsTo('applicantScreen.view').length;
    hub.setStatus('open');
    await waitFor(() => expect(hub.callsTo('applicantScreen.view').length).toBe(asked + 1));
    expect(await screen.findByText(fa.applicant.idle)).toBeInTheDocument();
    nothingOfZahra();
  });

  it('an answer that left the hub before the change never brings the previous applicant back', async () => {
    let release!: () => void;
    let first = true;
    const hub = renderScreen(() => {
      if (!first) return idle();
      first = false;
      // the first answer (still showing Zahra) is slow, and arrives after the answer to the change
      return new Promise((resolve) => (release = () => resolve(showing)));
    });
    hub.emit('applicantScreen.changed', { counterId: 3, at: AT });
    expect(await screen.findByText(fa.applicant.idle)).toBeInTheDocument();
    await act(async () => release());
    nothingOfZahra();
  });
});
