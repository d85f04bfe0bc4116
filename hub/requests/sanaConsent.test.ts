/**
 * ماده ۴۰ ب: no Sana registration or change leaves the office without its owner's «yes», given on the
 * applicant's own screen, kept with the identity document the clerk checked, and audited.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { syncOffice, type SyncTestHub } from '../../test/support/sync';

const offices: SyncTestHub[] = [];
afterEach(() => {
  for (const o of offices.splice(0)) {
    o.t.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
});

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
    const byClerk = await o.t.call('applicantScreen.sanaConsent', { counterId: 1, consent: true }, o.clerk);
    expect(!byClerk.ok && byClerk.error.code).toBe('FORBIDDEN');

    const no = await o.t.ok('applicantScreen.sanaConsent', { counterId: 1, consent: false }, o.screen);
    expect(no.request!.sanaConsent).toEqual({ asked: true, given: false });
    expect((await o.t.ok('request.get', { requestId }, o.clerk)).sanaConsent).toMatchObject({ given: false, identityDocument: 'nationalCard' });
    const stillRefused = await o.t.call('request.send', { requestId }, o.clerk);
    expect(!stillRefused.ok && stillRefused.error.code).toBe('SANA_CONSENT_REQUIRED');

    await o.t.ok('applicantScreen.sanaConsent', { counterId: 1, consent: true }, o.screen);
    const { submissionId } = await o.t.ok('request.send', { requestId }, o.clerk);
    expect(submissionId).toMatch(/^[0-9a-f-]{36}$/);
    const consents = (await o.t.ok('audit.list', { action: 'sanaConsent' }, o.t.managerSession)).entries;
    expect(consents.map((e) => e.detail.given)).toEqual([true, false]);
    expect(consents[0]).toMatchObject({ actor: 'device:applicant', subject: `request:${requestId}` });
    expect(consents[0]!.detail).toMatchObject({ identityDocument: 'nationalCard', service: 'sanaEdit' });
    // once sent, the question is closed
    const late = await o.t.call('applicantScreen.sanaConsent', { counterId: 1, consent: false }, o.screen);
    expect(!late.ok && late.error.code).toBe('REQUEST_OUT_OF_ORDER');
  });

  it('asks nothing for other services, and only once the request is ready to send', async () => {
    const o = await office();
    const requestId = await o.matched();
    expect((await o.t.ok('applicantScreen.view', { counterId: 1 }, o.screen)).request!.sanaConsent).toBeNull();
    const odd = await o.t.call('applicantScreen.sanaConsent', { counterId: 1, consent: true }, o.screen);
    expect(!odd.ok && odd.error.code).toBe('REQUEST_OUT_OF_ORDER');
    expect((await o.t.ok('request.send', { requestId }, o.clerk)).submissionId).toBeTruthy();

    const early = await o.t.ok('request.open', { counterId: 1, service: 'sanaRegistration' }, o.clerk);
    expect((await o.t.ok('applicantScreen.view', { counterId: 1 }, o.screen)).request!.sanaConsent).toEqual({ asked: false, given: null });
    const tooEarly = await o.t.call('applicantScreen.sanaConsent', { counterId: 1, consent: true }, o.screen);
    expect(!tooEarly.ok && tooEarly.error.code).toBe('REQUEST_OUT_OF_ORDER');
    void early;
  });
});
