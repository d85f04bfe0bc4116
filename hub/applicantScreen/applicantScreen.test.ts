import { describe, expect, it } from 'vitest';
import { addClerk } from '../../test/support/hub';
import { hubsClosedAfterEach } from '../../test/support/hubPerTest';
import { newConnection } from '../auth/connection';
import { applicant, clerkWithCalledTicket, details, JUDICIAL, OFFICE, terminalReceipt } from '../../test/support/requests';

// The counter's "what is open here" and the applicant's second screen, through the real dispatch.

const setUpHub = hubsClosedAfterEach();

async function counter() {
  const t = await setUpHub();
  const { clerk } = await clerkWithCalledTicket(t);
  const screen = (await t.ok('auth.deviceLogin', { role: 'applicant', counterId: 1 })).session;
  const changes: unknown[] = [];
  const sub = t.hub.subscribe({ t: 'sub', id: 99, event: 'request.changed', session: screen }, { kind: 'local', connection: newConnection() }, (_e, payload) => changes.push(payload));
  expect(sub.answer.ok).toBe(true);
  return { ...t, clerk, screen, changes };
}

describe('request.atCounter', () => {
  it('lists the requests of the ticket the counter serves, and nothing once it serves no one', async () => {
    const t = await counter();
    expect(await t.ok('request.atCounter', { counterId: 1 }, t.clerk)).toMatchObject({ requests: [] });
    const a = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    const b = await t.ok('request.open', { counterId: 1, service: 'brief' }, t.clerk);
    const now = await t.ok('request.atCounter', { counterId: 1 }, t.clerk);
    expect(now.ticketId).toBe(a.ticketId);
    expect(now.requests.map((r) => r.id)).toEqual([a.id, b.id]);
    await t.ok('queue.startService', { counterId: 1 }, t.clerk);
    await t.ok('queue.finish', { counterId: 1 }, t.clerk);
    expect(await t.ok('request.atCounter', { counterId: 1 }, t.clerk)).toEqual({ ticketId: null, requests: [] });
  });
});

describe('the applicant screen', () => {
  it('shows the current request and its fees, without identity numbers, and announces every change', async () => {
    const t = await counter();
    const idle = await t.ok('applicantScreen.view', { counterId: 1 }, t.screen);
    expect(idle).toMatchObject({ counterNumber: 1, request: null });
    expect(idle.ticketDisplay).toBe('الف-۰۰۱');

    const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    const applicantId = (await t.ok('applicant.save', applicant, t.clerk)).applicantId;
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, t.clerk);
    await t.ok('request.setDetails', { requestId: r.id, details }, t.clerk);
    await t.ok('request.fixFees', { requestId: r.id }, t.clerk);
    await t.ok('payment.manual', { requestId: r.id, part: 'officeTariff', approval: terminalReceipt(OFFICE) }, t.clerk);

    const view = await t.ok('applicantScreen.view', { counterId: 1 }, t.screen);
    expect(view.request).toMatchObject({ number: 1, service: 'petition', status: 'feesFixed', applicantName: 'علی رضایی' });
    expect(view.request!.fees).toMatchObject({ totals: { officeTariffRials: OFFICE, judicialCostRials: JUDICIAL, payableRials: OFFICE + JUDICIAL }, paid: ['officeTariff'] });
    expect(JSON.stringify(view)).not.toContain(applicant.nationalId);
    // open, identity, details, fees, payment: five announcements for counter 1
    expect(t.changes).toHaveLength(5);
    expect(t.changes[0]).toMatchObject({ counterId: 1 });
  });

  it('is not for a kiosk, and knows only real counters', async () => {
    const t = await counter();
    const kiosk = (await t.ok('auth.deviceLogin', { role: 'kiosk' })).session;
    const res = await t.call('applicantScreen.view', { counterId: 1 }, kiosk);
    expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN');
    const missing = await t.call('applicantScreen.view', { counterId: 77 }, t.managerSession);
    expect(missing.ok ? 'ok' : missing.error.code).toBe('UNKNOWN_COUNTER');
    const nowhere = await t.call('auth.deviceLogin', { role: 'applicant', counterId: 77 });
    expect(nowhere.ok ? 'ok' : nowhere.error.code).toBe('UNKNOWN_COUNTER');
    // a screen shows the counter it was opened for, and no other
    const elsewhere = await t.call('applicantScreen.view', { counterId: 2 }, t.screen);
    expect(elsewhere.ok ? 'ok' : elsewhere.error.code).toBe('SCREEN_OTHER_COUNTER');
    expect((await t.ok('applicantScreen.counters', {}, t.screen)).counters.map((c) => c.number)).toEqual([1, 2]);
  });
});

describe('who may move a request on', () => {
  it('is the clerk at its counter or a manager, not a clerk at another desk', async () => {
    const t = await counter();
    const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    const sara = await addClerk(t, 'sara');
    await t.ok('queue.openCounter', { counterId: 2 }, sara);
    const applicantId = (await t.ok('applicant.save', applicant, sara)).applicantId;
    const res = await t.call('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, sara);
    expect(res.ok ? 'ok' : res.error.code).toBe('REQUEST_OTHER_COUNTER');
    expect((await t.ok('request.get', { requestId: r.id }, t.clerk)).status).toBe('draft');
    await t.ok('request.close', { requestId: r.id, kind: 'cancelled', reason: 'متقاضی منصرف شد' }, t.managerSession);
  });
});

describe('fees already partly paid', () => {
  it('cannot be fixed again or have their details changed: the paid part would be asked twice', async () => {
    const t = await counter();
    const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    const applicantId = (await t.ok('applicant.save', applicant, t.clerk)).applicantId;
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, t.clerk);
    await t.ok('request.setDetails', { requestId: r.id, details }, t.clerk);
    await t.ok('request.fixFees', { requestId: r.id }, t.clerk);
    // before any payment, fixing again (say, with a discount) is allowed
    await t.ok('request.fixFees', { requestId: r.id, discount: { amountRials: 10_000, reason: 'همکار بازنشسته' } }, t.clerk);
    await t.ok('payment.manual', { requestId: r.id, part: 'officeTariff', approval: terminalReceipt(OFFICE - 10_000) }, t.clerk);
    for (const res of [await t.call('request.fixFees', { requestId: r.id }, t.clerk), await t.call('request.setDetails', { requestId: r.id, details: { ...details, pages: 9 } }, t.clerk)]) {
      expect(res.ok ? 'ok' : res.error.code).toBe('REFUND_REQUIRED');
    }
    expect(t.db.prepare('SELECT count(*) FROM fee_quote').pluck().get()).toBe(2);
  });
});

describe('identity documents', () => {
  it('must fit the applicant: a passport does not identify an Iranian natural person', async () => {
    const t = await counter();
    const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    const applicantId = (await t.ok('applicant.save', applicant, t.clerk)).applicantId;
    const res = await t.call('request.verifyIdentity', { requestId: r.id, applicantId, document: 'passport' }, t.clerk);
    expect(res.ok ? null : res.error).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'document', reason: 'document_not_for_applicant' }] });
    expect(t.db.prepare('SELECT count(*) FROM identity_check').pluck().get()).toBe(0);
  });
});
