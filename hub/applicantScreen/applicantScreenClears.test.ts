import { newConnection } from '../auth/connection';
import { describe, expect, it } from 'vitest';
import { updateRequestState, getRequest } from '../../db/requests';
import { hubsClosedAfterEach } from '../../test/support/hubPerTest';
import { RequestService } from '../request/requestService';
import { applicant, clerkWithCalledTicket, details } from '../../test/support/requests';

// Finding: the applicant screen kept showing the previous applicant's name and fees after «پایان
// خدمت» (F8), the next call, closing the request or the day's end, because nothing told it: the queue's
// transitions announced only `queue.changed`, which the applicant's screen may not hear. The hub now
// announces `applicantScreen.changed` for the counter on every transition that changes what the screen
// shows, and the view then has no applicant.

const setUpHub = hubsClosedAfterEach();

/** Counter 1 serving a ticket whose applicant and fees are on the applicant's screen, which listens. */
async function showing() {
  const t = await setUpHub();
  const { clerk, kiosk } = await clerkWithCalledTicket(t);
  await t.ok('queue.startService', { counterId: 1 }, clerk);
  const screen = (await t.ok('auth.deviceLogin', { role: 'applicant', counterId: 1 })).session;
  const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
  const { applicantId } = await t.ok('applicant.save', applicant, clerk);
  await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, clerk);
  await t.ok('request.setDetails', { requestId: r.id, details }, clerk);
  await t.ok('request.fixFees', { requestId: r.id }, clerk);
  const before = await t.ok('applicantScreen.view', { counterId: 1 }, screen);
  expect(before.request).toMatchObject({ applicantName: 'علی رضایی' });
  expect(before.request!.fees).not.toBeNull();

  const heard: Array<{ counterId: number }> = [];
  const sub = t.hub.subscribe({ t: 'sub', id: 99, event: 'applicantScreen.changed', session: screen }, { kind: 'local', connection: newConnection() }, (_e, payload) => heard.push(payload as { counterId: number }));
  expect(sub.answer.ok).toBe(true);

  /** The screen heard of a change at counter 1, and what it shows now has nobody's name or fees. */
  async function cleared() {
    expect(heard.some((e) => e.counterId === 1)).toBe(true);
    const after = await t.ok('applicantScreen.view', { counterId: 1 }, screen);
    expect(after.request).toBeNull();
    expect(JSON.stringify(after)).not.toContain('رضایی');
    return after;
  }
  return { ...t, clerk, kiosk, screen, requestId: r.id, heard, cleared };
}

describe('applicant screen clears', () => {
  it('the applicant screen may listen for its counter’s changes', async () => {
    const t = await showing();
    const kioskSub = t.hub.subscribe({ t: 'sub', id: 98, event: 'applicantScreen.changed', session: t.kiosk }, { kind: 'local', connection: newConnection() }, () => {});
    expect(kioskSub.answer.ok ? 'ok' : kioskSub.answer.error.code).toBe('FORBIDDEN');
  });

  it('after «پایان خدمت» (F8, queue.finish)', async () => {
    const t = await showing();
    await t.ok('queue.finish', { counterId: 1 }, t.clerk);
    expect((await t.cleared()).ticketDisplay).toBeNull();
  });

  it('after the next call (F9 sets the ticket aside, F2 calls the next one)', async () => {
    const t = await showing();
    await t.ok('queue.issueTicket', { serviceId: 1 }, t.kiosk);
    await t.ok('queue.park', { counterId: 1 }, t.clerk);
    await t.cleared();
    t.heard.length = 0;
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    expect((await t.cleared()).ticketDisplay).toBe('الف-۰۰۲');
  });

  it('after the ticket is sent to another line (F7, queue.transfer)', async () => {
    const t = await showing();
    await t.ok('queue.transfer', { counterId: 1, serviceId: 2, position: 'back' }, t.clerk);
    await t.cleared();
  });

  it('after the request is cancelled, and after one is refused', async () => {
    for (const kind of ['cancelled', 'refused'] as const) {
      const t = await showing();
      await t.ok('request.close', { requestId: t.requestId, kind, reason: 'متقاضی منصرف شد' }, t.clerk);
      expect((await t.cleared()).ticketDisplay).toBe('الف-۰۰۱');
    }
  });

  it('after the request is complete (the authority decided it), while the ticket is still at the counter', async () => {
    const t = await showing();
    const row = getRequest(t.db, t.requestId)!;
    // what the outbox does when it pulls the authority's decision (hub/sync/syncService.ts)
    updateRequestState(t.db, t.requestId, { ...row.state, status: 'accepted' });
    new RequestService(t.hub.services).changed(t.requestId);
    expect((await t.cleared()).ticketDisplay).toBe('الف-۰۰۱');
  });

  it('after the office day ends with the ticket still at the counter', async () => {
    const t = await showing();
    t.advance(24 * 3600_000);
    // the day's end is checked every minute and before each issue and call
    await t.ok('queue.issueTicket', { serviceId: 1 }, t.kiosk);
    expect((await t.cleared()).ticketDisplay).toBeNull();
  });

  it('tells only about the counter that changed', async () => {
    const t = await showing();
    await t.ok('queue.finish', { counterId: 1 }, t.clerk);
    expect(t.heard.length).toBeGreaterThan(0);
    expect(t.heard.every((e) => e.counterId === 1)).toBe(true);
  });

  it('after the manager changes the counter (its number is on the screen)', async () => {
    const t = await showing();
    const counter = (await t.ok('queue.config', {}, t.managerSession)).counters.find((c) => c.id === 1)!;
    await t.ok('queue.saveCounter', { id: 1, number: 7, active: counter.active, serviceIds: counter.serviceIds }, t.managerSession);
    expect(t.heard.some((e) => e.counterId === 1)).toBe(true);
    expect((await t.ok('applicantScreen.view', { counterId: 1 }, t.screen)).counterNumber).toBe(7);
  });
});
