import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApplicantScreenView } from '../../core/api/applicantScreen';
import type { Principal } from '../../core/api/schemas';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler, type Script } from '../../test/support/renderer/testHub';
import { petitionFeesOnScreen } from '../../test/support/renderer/fixtures';
import { ApplicantShell } from './ApplicantShell';

const t = fa.applicantReview;
const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران', code: '1234', city: 'تهران', lockAfterMinutes: 5 };
const device = { kind: 'device', deviceId: 4, role: 'applicant', counterId: 3 } as unknown as Principal;

const digestA = 'a'.repeat(64);
const digestB = 'b'.repeat(64);
const pageIds = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
const threePages = [
  { id: pageIds[0]!, number: 1, documentType: 'petition' as const },
  { id: pageIds[1]!, number: 2, documentType: 'evidence' as const },
  { id: pageIds[2]!, number: 3, documentType: 'identity' as const },
];

type Request = NonNullable<ApplicantScreenView['request']>;
const REQUEST_ID = '44444444-4444-4444-8444-444444444444';
const request = (over: Partial<Request> = {}): Request => ({
  id: REQUEST_ID,
  year: 1405,
  number: 17,
  service: 'petition',
  status: 'documentsCaptured',
  steps: ['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch', 'send'],
  currentStep: 'applicantReview',
  inquiry: null,
  legalDeadline: null,
  sanaConsent: null,
  applicantName: 'زهرا رضایی',
  fees: petitionFeesOnScreen(['officeTariff']),
  documents: { digest: digestA, pages: threePages },
  ...over,
});
const screenView = (req: Request | null): ApplicantScreenView => ({ counterNumber: 3, ticketDisplay: 'ب-۰۱۲', request: req });

/** The page image the hub sends: a base64 string that names the page, so a test can tell them apart. */
const imageOf = (pageId: string) => btoa(`jpeg:${pageId}`);
const pageHandler = vi.fn<Handler>((input) => out({ mime: 'image/jpeg', base64: imageOf((input as { pageId: string }).pageId) }));

function renderScreen(view: () => ApplicantScreenView, script: Script = {}) {
  return renderWithHub(<ApplicantShell office={office} principal={device} onLogout={() => {}} />, {
    'applicantScreen.view': () => out(view()),
    'applicantScreen.page': pageHandler,
    ...script,
  });
}

const pageImage = (n: string, type: string) => screen.findByRole('img', { name: t.pageAlt(n, type) });
const press = (key: string) => fireEvent.keyDown(window, { key });
/** A one-page request: «confirm» opens as soon as that page is on the screen. */
async function confirmWhenOpen() {
  const confirm = screen.getByRole('button', { name: t.confirm });
  await waitFor(() => expect(confirm).toBeEnabled());
  fireEvent.click(confirm);
}

beforeEach(() => {
  window.localStorage.setItem('daftaryar.applicantScreen.counter', '3');
  pageHandler.mockClear();
});
afterEach(() => window.localStorage.clear());

describe('ApplicantReview — the applicant looks at the captured pages', () => {
  it('shows the pages large one at a time, in Persian, with the next one loaded ahead', async () => {
    const hub = renderScreen(() => screenView(request()));
    const first = await pageImage('۱', fa.documentTypes.petition);
    expect(first).toHaveAttribute('src', `data:image/jpeg;base64,${imageOf(pageIds[0]!)}`);
    expect(screen.getByText(t.pageOf('۱', '۳'))).toBeInTheDocument();
    expect(screen.getByText(fa.documentTypes.petition)).toBeInTheDocument();
    // the next page is fetched before it is asked for; the third is not
    await waitFor(() => expect(hub.callsTo('applicantScreen.page').map((c) => (c.input as { pageId: string }).pageId)).toEqual([pageIds[0], pageIds[1]]));
    expect(hub.callsTo('applicantScreen.page')[0]!.input).toEqual({ counterId: 3, pageId: pageIds[0] });
    // the fees stay on the screen beside the pages
    expect(screen.getByRole('heading', { name: t.feesTitle })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.previous })).toBeDisabled();
  });

  it('turns pages with the buttons, the arrow keys (← is forward in RTL) and the page dots, fetching each page once', async () => {
    const hub = renderScreen(() => screenView(request()));
    await pageImage('۱', fa.documentTypes.petition);
    fireEvent.click(screen.getByRole('button', { name: t.next }));
    expect(await pageImage('۲', fa.documentTypes.evidence)).toBeInTheDocument();
    expect(screen.getByText(t.pageOf('۲', '۳'))).toBeInTheDocument();
    press('ArrowLeft');
    expect(await pageImage('۳', fa.documentTypes.identity)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.next })).toBeDisabled();
    press('ArrowRight');
    expect(await pageImage('۲', fa.documentTypes.evidence)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.pageDot('۱') }));
    expect(await pageImage('۱', fa.documentTypes.petition)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.pageDot('۱') })).toHaveAttribute('aria-current', 'step');
    expect(hub.callsTo('applicantScreen.page')).toHaveLength(3);
  });

  it('turns the page with a swipe, the Persian way: drawing it to the right brings the next one', async () => {
    renderScreen(() => screenView(request()));
    const first = await pageImage('۱', fa.documentTypes.petition);
    const page = first.closest('figure')!;
    fireEvent.pointerDown(page, { clientX: 100 });
    fireEvent.pointerUp(page, { clientX: 220 });
    const second = await pageImage('۲', fa.documentTypes.evidence);
    fireEvent.pointerDown(second.closest('figure')!, { clientX: 300 });
    fireEvent.pointerUp(second.closest('figure')!, { clientX: 280 });
    expect(screen.getByText(t.pageOf('۲', '۳'))).toBeInTheDocument();
    fireEvent.pointerDown(second.closest('figure')!, { clientX: 300 });
    fireEvent.pointerUp(second.closest('figure')!, { clientX: 150 });
    expect(await pageImage('۱', fa.documentTypes.petition)).toBeInTheDocument();
  });

  it('keeps the thank-you only while the request stays at the step the answer led to', async () => {
    let current = screenView(request({ documents: { digest: digestA, pages: threePages.slice(0, 1) } }));
    const hub = renderScreen(() => current, {
      'applicantScreen.review': () => {
        current = screenView(request({ status: 'applicantConfirmed', documents: null }));
        return out(current);
      },
    });
    await pageImage('۱', fa.documentTypes.petition);
    await confirmWhenOpen();
    expect(await screen.findByText(t.confirmedNext)).toBeInTheDocument();
    current = screenView(request({ status: 'originalsMatched', documents: null }));
    hub.emit('applicantScreen.changed', { counterId: 3, at: '2026-11-28T10:00:00.000Z' });
    expect(await screen.findByText(fa.applicant.status.originalsMatched!)).toBeInTheDocument();
    expect(screen.queryByText(t.thanksTitle)).not.toBeInTheDocument();
  });

  it('opens «confirm» only after every page was shown, then sends the digest of the pages shown and thanks', async () => {
    let current = screenView(request());
    const review = vi.fn<Handler>(() => {
      current = screenView(request({ status: 'applicantConfirmed', documents: null }));
      return out(current);
    });
    const hub = renderScreen(() => current, { 'applicantScreen.review': review });
    await pageImage('۱', fa.documentTypes.petition);
    const confirm = screen.getByRole('button', { name: t.confirm });
    expect(confirm).toBeDisabled();
    expect(await screen.findByText(t.seenSome('۱', '۳'))).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.next }));
    await pageImage('۲', fa.documentTypes.evidence);
    expect(confirm).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: t.next }));
    await pageImage('۳', fa.documentTypes.identity);
    expect(await screen.findByText(t.seenAll)).toBeInTheDocument();
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);
    expect(await screen.findByText(t.thanksTitle)).toBeInTheDocument();
    expect(screen.getByText(t.confirmedNext)).toBeInTheDocument();
    expect(review.mock.calls[0]![0]).toEqual({ counterId: 3, requestId: REQUEST_ID, outcome: 'confirmed', digest: digestA });
    // the pages are gone from the screen once answered
    await waitFor(() => expect(screen.queryByRole('img')).not.toBeInTheDocument());
    expect(hub.callsTo('applicantScreen.review')).toHaveLength(1);
  });

  it('takes an objection at any page, with quick choices and the applicant’s own words', async () => {
    let current = screenView(request());
    const review = vi.fn<Handler>(() => {
      current = screenView(request({ status: 'paid', documents: null }));
      return out(current);
    });
    renderScreen(() => current, { 'applicantScreen.review': review });
    await pageImage('۱', fa.documentTypes.petition);
    fireEvent.click(screen.getByRole('button', { name: t.object }));
    expect(screen.getByRole('heading', { name: t.objectTitle })).toHaveFocus();
    // the arrow keys belong to the text field now, not to the pages
    press('ArrowLeft');
    expect(screen.getByText(t.pageOf('۱', '۳'))).toBeInTheDocument();
    const unreadable = screen.getByRole('button', { name: t.quickReasons[0] });
    fireEvent.click(unreadable);
    expect(unreadable).toHaveAttribute('aria-pressed', 'true');
    fireEvent.change(screen.getByLabelText(t.reasonLabel), { target: { value: '  صفحهٔ دوم کج است  ' } });
    fireEvent.click(screen.getByRole('button', { name: t.sendObjection }));
    expect(await screen.findByText(t.objectedNext)).toBeInTheDocument();
    expect(review.mock.calls[0]![0]).toEqual({ counterId: 3, requestId: REQUEST_ID, outcome: 'objected', digest: digestA, reason: `${t.quickReasons[0]}؛ صفحهٔ دوم کج است` });
  });

  it('goes back to the pages from the objection without sending anything', async () => {
    const review = vi.fn<Handler>(() => out(screenView(null)));
    renderScreen(() => screenView(request()), { 'applicantScreen.review': review });
    await pageImage('۱', fa.documentTypes.petition);
    fireEvent.click(screen.getByRole('button', { name: t.object }));
    fireEvent.click(screen.getByRole('button', { name: t.cancel }));
    expect(screen.getByRole('button', { name: t.confirm })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.object }));
    fireEvent.keyDown(screen.getByLabelText(t.reasonLabel), { key: 'Escape' });
    expect(screen.queryByRole('heading', { name: t.objectTitle })).not.toBeInTheDocument();
    expect(review).not.toHaveBeenCalled();
  });

  it('on REVIEW_OUTDATED says the pages changed, loads the new pages and starts over', async () => {
    let current = screenView(request({ documents: { digest: digestA, pages: threePages.slice(0, 1) } }));
    const review = vi.fn<Handler>(() => {
      // the clerk rescanned meanwhile: two pages now, another digest
      current = screenView(request({ documents: { digest: digestB, pages: threePages.slice(1, 3) } }));
      return fail('REVIEW_OUTDATED');
    });
    renderScreen(() => current, { 'applicantScreen.review': review });
    await pageImage('۱', fa.documentTypes.petition);
    await confirmWhenOpen();
    expect(await screen.findByText(t.outdated)).toBeInTheDocument();
    expect(await pageImage('۲', fa.documentTypes.evidence)).toBeInTheDocument();
    expect(screen.getByText(t.pageOf('۲', '۲'))).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: t.pageAlt('۱', fa.documentTypes.petition) })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.confirm })).toBeDisabled();
    expect(screen.queryByText(t.thanksTitle)).not.toBeInTheDocument();
  });

  it('says so plainly when an answer cannot be recorded for another reason', async () => {
    renderScreen(() => screenView(request({ documents: { digest: digestA, pages: threePages.slice(0, 1) } })), { 'applicantScreen.review': () => fail('REQUEST_OUT_OF_ORDER') });
    await pageImage('۱', fa.documentTypes.petition);
    await confirmWhenOpen();
    expect(await screen.findByText(t.failed)).toBeInTheDocument();
    expect(screen.queryByText(t.thanksTitle)).not.toBeInTheDocument();
  });

  it('offers to load a page again when it did not arrive', async () => {
    let broken = true;
    const page = vi.fn<Handler>((input) => (broken ? fail('INTERNAL') : out({ mime: 'image/jpeg', base64: imageOf((input as { pageId: string }).pageId) })));
    renderScreen(() => screenView(request({ documents: { digest: digestA, pages: threePages.slice(0, 1) } })), { 'applicantScreen.page': page });
    expect(await screen.findByText(t.pageFailed)).toBeInTheDocument();
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: t.retry }));
    expect(await pageImage('۱', fa.documentTypes.petition)).toBeInTheDocument();
  });

  it('drops the pages when the request leaves the screen, and shows no identity number', async () => {
    let current = screenView(request());
    const hub = renderScreen(() => current);
    await pageImage('۱', fa.documentTypes.petition);
    expect(document.body.textContent).not.toMatch(/[0-9۰-۹]{10}/);
    current = screenView(null);
    hub.emit('applicantScreen.changed', { counterId: 3, at: '2026-11-28T10:00:00.000Z' });
    expect(await screen.findByText(fa.applicant.wait)).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain('base64');
  });
});

describe('Sana consent — the owner answers on their own screen (ماده ۴۰ ب)', () => {
  const sanaRequest = (given: boolean | null) => request({ service: 'sanaEdit', status: 'originalsMatched', documents: null, sanaConsent: { asked: true, given } });
  const view = (given: boolean | null): ApplicantScreenView => ({ counterNumber: 3, ticketDisplay: 'ث-۰۰۴', request: sanaRequest(given) });

  it('asks the owner, sends yes, and thanks them', async () => {
    let given: boolean | null = null;
    const consent = vi.fn<Handler>((input) => {
      given = (input as { consent: boolean }).consent;
      return out(view(given));
    });
    renderScreen(() => view(given), { 'applicantScreen.sanaConsent': consent });
    expect(await screen.findByRole('heading', { name: fa.sanaConsent.title })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: fa.sanaConsent.yes }));
    await waitFor(() => expect(consent).toHaveBeenCalledWith({ counterId: 3, requestId: REQUEST_ID, consent: true }));
    expect(await screen.findByText(fa.sanaConsent.givenTitle)).toBeInTheDocument();
  });

  it('names the request it asked about; when another took its place, says so and asks about the new one', async () => {
    const NEXT_ID = '55555555-5555-4555-8555-555555555555';
    let current = view(null);
    const consent = vi.fn<Handler>(() => {
      // the request changed under the screen (withdrawn, another opened): the hub refuses the answer
      current = { ...view(null), request: { ...sanaRequest(null), id: NEXT_ID, number: 18 } };
      return fail('SCREEN_OUTDATED');
    });
    renderScreen(() => current, { 'applicantScreen.sanaConsent': consent });
    fireEvent.click(await screen.findByRole('button', { name: fa.sanaConsent.yes }));
    expect(await screen.findByText(fa.errors.SCREEN_OUTDATED)).toBeInTheDocument();
    expect(consent.mock.calls[0]![0]).toEqual({ counterId: 3, requestId: REQUEST_ID, consent: true });
    expect(await screen.findByText(new RegExp(fa.applicant.requestNo('۱۸')))).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: fa.sanaConsent.yes }));
    await waitFor(() => expect(consent.mock.calls[1]?.[0]).toEqual({ counterId: 3, requestId: NEXT_ID, consent: true }));
  });

  it('after a no, says so and still offers yes', async () => {
    renderScreen(() => view(false));
    expect(await screen.findByText(fa.sanaConsent.declined)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: fa.sanaConsent.yes })).toBeEnabled();
  });
});

describe('the counter this screen faces', () => {
  it('is the one its session was opened for; a screen that has not chosen asks, and choosing opens it again for that counter', async () => {
    window.localStorage.clear();
    const reopen = vi.fn();
    const unbound = { kind: 'device', role: 'applicant' } as Principal;
    const hub = renderWithHub(<ApplicantShell office={office} principal={unbound} onLogout={() => {}} onReopen={reopen} />, {
      'applicantScreen.counters': () => out({ counters: [{ id: 1, number: 1 }, { id: 2, number: 2 }] }),
      'applicantScreen.view': () => out(screenView(null)),
    });
    fireEvent.click(await screen.findByRole('button', { name: fa.counter.sitAt('۲') }));
    expect(reopen).toHaveBeenCalledTimes(1);
    expect(window.localStorage.getItem('daftaryar.applicantScreen.counter')).toBe('2');
    expect(new URLSearchParams(window.location.search).get('counter')).toBe('2');
    // nothing of any counter was asked for before the screen was opened for one
    expect(hub.callsTo('applicantScreen.view')).toHaveLength(0);
    window.history.replaceState(null, '', window.location.pathname);
  });
});
