/**
 * ماده ۴۰ ب: no Sana registration or change leaves the office without its owner's «yes», given on the
 * applicant's own screen, kept with the identity document the clerk checked, and audited.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultFrame } from '../../core/api/wire';
import { syncOffice, type SyncTestHub } from '../../test/support/sync';
import { serveHub } from '../../test/support/webServer';
import { wsClient, type WsClient } from '../../test/support/wsClient';

const offices: SyncTestHub[] = [];
const closing: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closing.splice(0).reverse()) await c();
  for (const o of offices.splice(0)) {
    o.t.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
});

const codeOf = (res: ResultFrame) => (res.ok ? 'ok' : res.error.code);

/** A real WebSocket connection to the office's hub, as a browser tab or a LAN screen has. */
async function connect(o: SyncTestHub, web: { url: string }): Promise<WsClient> {
  const c = await wsClient(web.url);
  closing.push(() => c.close());
  void o;
  return c;
}

async function office() {
  const o = await syncOffice();
  offices.push(o);
  return o;
}

describe('Sana consent on the applicant screen', () => {
  it('refuses to send a Sana change until the owner says yes on their screen; a no can become a yes', async () => {
    const o = await office();
    const requestId = await o.matched(undefined, 'sanaEdit');
    const refused = await o.t.call('request.send', { requestId }, o.clerk);
    expect(!refused.ok && refused.error.code).toBe('SANA_CONSENT_REQUIRED');

    const screen = await o.t.ok('applicantScreen.view', { counterId: 1 }, o.screen);
    expect(screen.request!.sanaConsent).toEqual({ asked: true, given: null });
    // the clerk cannot answer for the owner
    const byClerk = await o.t.call('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: true }, o.clerk);
    expect(!byClerk.ok && byClerk.error.code).toBe('FORBIDDEN');

    const no = await o.t.ok('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: false }, o.screen);
    expect(no.request!.sanaConsent).toEqual({ asked: true, given: false });
    expect((await o.t.ok('request.get', { requestId }, o.clerk)).sanaConsent).toMatchObject({ given: false, identityDocument: 'nationalCard' });
    const stillRefused = await o.t.call('request.send', { requestId }, o.clerk);
    expect(!stillRefused.ok && stillRefused.error.code).toBe('SANA_CONSENT_REQUIRED');

    await o.t.ok('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: true }, o.screen);
    const { submissionId } = await o.t.ok('request.send', { requestId }, o.clerk);
    expect(submissionId).toMatch(/^[0-9a-f-]{36}$/);
    const consents = (await o.t.ok('audit.list', { action: 'sanaConsent' }, o.t.managerSession)).entries;
    expect(consents.map((e) => e.detail.given)).toEqual([true, false]);
    expect(consents[0]).toMatchObject({ actor: 'device:applicant', subject: `request:${requestId}` });
    expect(consents[0]!.detail).toMatchObject({ identityDocument: 'nationalCard', service: 'sanaEdit' });
    // once sent, the question is closed
    const late = await o.t.call('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: false }, o.screen);
    expect(!late.ok && late.error.code).toBe('REQUEST_OUT_OF_ORDER');
  });

  it('asks nothing for other services, and only once the request is ready to send', async () => {
    const o = await office();
    const requestId = await o.matched();
    expect((await o.t.ok('applicantScreen.view', { counterId: 1 }, o.screen)).request!.sanaConsent).toBeNull();
    const odd = await o.t.call('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: true }, o.screen);
    expect(!odd.ok && odd.error.code).toBe('REQUEST_OUT_OF_ORDER');
    expect((await o.t.ok('request.send', { requestId }, o.clerk)).submissionId).toBeTruthy();

    const early = await o.t.ok('request.open', { counterId: 1, service: 'sanaRegistration' }, o.clerk);
    expect((await o.t.ok('applicantScreen.view', { counterId: 1 }, o.screen)).request!.sanaConsent).toEqual({ asked: false, given: null });
    const tooEarly = await o.t.call('applicantScreen.sanaConsent', { counterId: 1, requestId: early.id, consent: true }, o.screen);
    expect(!tooEarly.ok && tooEarly.error.code).toBe('REQUEST_OUT_OF_ORDER');
  });
});

describe('a clerk connection cannot answer the applicant consent', () => {
  it('a connection that logged in a clerk can neither open the applicant screen’s session nor carry one', async () => {
    const o = await office();
    const requestId = await o.matched(undefined, 'sanaEdit');
    const web = await serveHub(o.t.hub);
    closing.push(() => web.close());

    // the clerk's own connection (the counter's tab): logged in, then trying to become the applicant's screen
    const desk = await connect(o, web);
    desk.setSession((await desk.ok('auth.login', { username: 'reza', password: 'pw-reza-12345' })).session);
    expect(codeOf(await desk.call('auth.deviceLogin', { role: 'applicant' }))).toBe('CONNECTION_OTHER_ROLE');
    expect(codeOf(await desk.call('auth.deviceLogin', { role: 'applicant', counterId: 1 }))).toBe('CONNECTION_OTHER_ROLE');
    // nor does a screen's token, carried over from elsewhere, pass on it
    desk.setSession(o.screen);
    expect(codeOf(await desk.call('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: true }))).toBe('CONNECTION_OTHER_ROLE');
    expect(codeOf(await desk.call('applicantScreen.view', { counterId: 1 }))).toBe('CONNECTION_OTHER_ROLE');

    // nothing was answered for the owner
    expect((await o.t.ok('request.get', { requestId }, o.clerk)).sanaConsent).toBeNull();
    expect(codeOf(await o.t.call('request.send', { requestId }, o.clerk))).toBe('SANA_CONSENT_REQUIRED');
    // the attempt is on the trail, once for the connection, with whose connection it was
    const refused = (await o.t.ok('audit.list', { action: 'connectionRefused' }, o.t.managerSession)).entries;
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor: expect.stringMatching(/^staff:\d+$/) });
    expect(refused[0]!.detail).toMatchObject({ holds: 'staff', asked: 'applicant', via: 'auth.deviceLogin', transport: 'ws' });

    // the applicant's own screen, a connection that never carried staff, still answers
    const screen = await connect(o, web);
    screen.setSession((await screen.ok('auth.deviceLogin', { role: 'applicant', counterId: 1 })).session);
    const shown = await screen.ok('applicantScreen.view', { counterId: 1 });
    expect(shown.request).toMatchObject({ id: requestId, sanaConsent: { asked: true, given: null } });
    expect((await screen.ok('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: true })).request!.sanaConsent).toEqual({ asked: true, given: true });
    // …and it, in turn, cannot log a clerk in
    expect(codeOf(await screen.call('auth.login', { username: 'reza', password: 'pw-reza-12345' }))).toBe('CONNECTION_OTHER_ROLE');
    expect((await o.t.ok('request.send', { requestId }, o.clerk)).submissionId).toBeTruthy();
  });

  it('an applicant session of counter 2 cannot consent for counter 1’s request', async () => {
    const o = await office();
    const requestId = await o.matched(undefined, 'sanaRegistration');
    const other = (await o.t.ok('auth.deviceLogin', { role: 'applicant', counterId: 2 })).session;
    expect(codeOf(await o.t.call('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: true }, other))).toBe('SCREEN_OTHER_COUNTER');
    // nor see it, nor review pages there
    expect(codeOf(await o.t.call('applicantScreen.view', { counterId: 1 }, other))).toBe('SCREEN_OTHER_COUNTER');
    expect(codeOf(await o.t.call('applicantScreen.review', { counterId: 1, requestId, outcome: 'confirmed', digest: '0'.repeat(64) }, other))).toBe('SCREEN_OTHER_COUNTER');
    // a screen that has not said which counter it faces answers for none
    const unbound = (await o.t.ok('auth.deviceLogin', { role: 'applicant' })).session;
    expect((await o.t.ok('applicantScreen.counters', {}, unbound)).counters.length).toBeGreaterThan(0);
    expect(codeOf(await o.t.call('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: true }, unbound))).toBe('SCREEN_OTHER_COUNTER');
    expect((await o.t.ok('request.get', { requestId }, o.clerk)).sanaConsent).toBeNull();
    const refused = (await o.t.ok('audit.list', { action: 'applicantScreenRefused' }, o.t.managerSession)).entries;
    expect(refused.map((e) => e.detail)).toEqual([
      expect.objectContaining({ via: 'applicantScreen.sanaConsent', counterId: 1, screenCounterId: null }),
      expect.objectContaining({ via: 'applicantScreen.review', counterId: 1, screenCounterId: 2 }),
      expect.objectContaining({ via: 'applicantScreen.sanaConsent', counterId: 1, screenCounterId: 2 }),
    ]);
    // the screen of counter 1 can
    await o.t.ok('applicantScreen.sanaConsent', { counterId: 1, requestId, consent: true }, o.screen);
    expect((await o.t.ok('request.get', { requestId }, o.clerk)).sanaConsent).toMatchObject({ given: true });
  });

  it('an answer counts only for the request the screen was showing', async () => {
    const o = await office();
    const first = await o.matched(undefined, 'sanaEdit');
    // the applicant withdrew it and asked for another Sana change at the same ticket: a screen still
    // showing the first must not give the second its «yes»
    await o.t.ok('request.close', { requestId: first, kind: 'cancelled', reason: 'متقاضی منصرف شد' }, o.clerk);
    const second = await o.matched(undefined, 'sanaRegistration');
    const stale = await o.t.call('applicantScreen.sanaConsent', { counterId: 1, requestId: first, consent: true }, o.screen);
    expect(codeOf(stale)).toBe('SCREEN_OUTDATED');
    expect((await o.t.ok('request.get', { requestId: second }, o.clerk)).sanaConsent).toBeNull();
    await o.t.ok('applicantScreen.sanaConsent', { counterId: 1, requestId: second, consent: true }, o.screen);
    expect((await o.t.ok('request.get', { requestId: second }, o.clerk)).sanaConsent).toMatchObject({ given: true });
  });
});
