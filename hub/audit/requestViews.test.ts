import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { addClerk, setUpHub } from '../../test/support/hub';
import { applicant, clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { testCapturePorts } from '../../test/support/capture';
import { record, verify } from './auditLog';
import { REQUEST_VIEW_WINDOW_MS, RequestViewLog } from './requestViews';
import type { CallContext } from '../services';
import { newConnection } from '../auth/connection';

// Views of a request's personal data through the real dispatch: one entry per session, request and
// kind of view per hour, none for a refused call or a device's screen, and the chain still whole.

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** Clerk reza at counter 1 with a paid request (applicant identified, parties given) and 4 scanned pages. */
async function office() {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-views-test-'));
  const t = await setUpHub({ capture: { dir, ports: testCapturePorts(() => ({ pages: [1, 2, 3, 4] })) } });
  cleanup.push(() => {
    t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const { clerk } = await clerkWithCalledTicket(t);
  await t.ok('scanner.set', { counterId: 1, setting: { driver: 'sane', deviceId: 'test:0', label: 'اسکنر آزمایشی', source: 'adf', dpi: 300, colorMode: 'grey' } }, clerk);
  const { request, office: officePayment } = await paidRequest(t, clerk);
  await t.ok('capture.start', { requestId: request.id, counterId: 1, documentType: 'petition' }, clerk);
  await t.hub.services.capture.idle();
  const pages = (await t.ok('capture.view', { requestId: request.id }, clerk)).documents.flatMap((d) => d.pages);
  /** the requestViewed entries, oldest first, as [actor, subject, view, via] */
  const views = async () =>
    (await t.ok('audit.list', { limit: 200, action: 'requestViewed' }, t.managerSession)).entries
      .reverse()
      .map((e) => [e.actor, e.subject, e.detail.view, e.detail.via]);
  return { ...t, clerk, request, officePayment, pages, views };
}

describe('a view of a request’s personal data', () => {
  it('is recorded once per session, request and kind of view: thirty thumbnails, thirty refreshes, one entry each', async () => {
    const t = await office();
    const who = (await t.ok('auth.whoami', {}, t.clerk)).principal;
    const me = who.kind === 'user' ? `staff:${who.userId}` : '?';
    const subject = `request:${t.request.id}`;
    // walking the request through its steps showed its data once (from the identity check on)
    expect(await t.views()).toEqual([[me, subject, 'data', 'request.verifyIdentity']]);

    for (let i = 0; i < 30; i++) {
      await t.ok('capture.image', { pageId: t.pages[i % t.pages.length]!.id, size: i % 2 ? 'view' : 'thumb' }, t.clerk);
      await t.ok('request.get', { requestId: t.request.id }, t.clerk);
      await t.ok('request.atCounter', { counterId: 1 }, t.clerk);
      await t.ok('capture.view', { requestId: t.request.id }, t.clerk); // the page list is no view
    }
    await t.ok('receipt.thermal', { paymentId: t.officePayment.paymentId }, t.clerk);
    await t.ok('receipt.thermal', { paymentId: t.officePayment.paymentId }, t.clerk);

    expect(await t.views()).toEqual([
      [me, subject, 'data', 'request.verifyIdentity'],
      [me, subject, 'pages', 'capture.image'],
      [me, subject, 'receipt', 'receipt.thermal'],
    ]);
    expect(await t.ok('audit.verify', {}, t.managerSession)).toMatchObject({ ok: true });
  });

  it('by another session, or of another request, is another entry; after the hour, the same one is recorded again', async () => {
    const t = await office();
    const before = (await t.views()).length;
    // the manager looks at the same request
    await t.ok('request.get', { requestId: t.request.id }, t.managerSession);
    await t.ok('capture.image', { pageId: t.pages[0]!.id, size: 'thumb' }, t.managerSession);
    await t.ok('capture.image', { pageId: t.pages[1]!.id, size: 'thumb' }, t.managerSession);
    // the clerk, logged in again (a new session), sees it again
    const again = (await t.ok('auth.login', { username: 'reza', password: 'pw-reza-12345' })).session;
    await t.ok('request.get', { requestId: t.request.id }, again);
    // a second request at the same counter: nothing to see until it names someone
    const second = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    await t.ok('request.get', { requestId: second.id }, t.clerk);
    const { applicantId } = await t.ok('applicant.save', applicant, t.clerk);
    await t.ok('request.verifyIdentity', { requestId: second.id, applicantId, document: 'nationalCard' }, t.clerk);
    await t.ok('request.get', { requestId: second.id }, t.clerk);

    const added = (await t.views()).slice(before);
    expect(added.map(([, subject, view, via]) => [subject, view, via])).toEqual([
      [`request:${t.request.id}`, 'data', 'request.get'],
      [`request:${t.request.id}`, 'pages', 'capture.image'],
      [`request:${t.request.id}`, 'data', 'request.get'],
      [`request:${second.id}`, 'data', 'request.verifyIdentity'],
    ]);
    expect(added[0]![0]).toBe('staff:1'); // the manager
    expect(added[2]![0]).toBe(added[3]![0]); // the clerk, in two sessions

    const count = (await t.views()).length;
    t.advance(REQUEST_VIEW_WINDOW_MS - 60_000);
    await t.ok('request.get', { requestId: t.request.id }, t.clerk);
    expect((await t.views()).length).toBe(count);
    t.advance(60_000);
    await t.ok('request.get', { requestId: t.request.id }, t.clerk);
    await t.ok('request.get', { requestId: t.request.id }, t.clerk);
    expect((await t.views()).slice(count)).toEqual([[added[2]![0], `request:${t.request.id}`, 'data', 'request.get']]);
    expect(await t.ok('audit.verify', {}, t.managerSession)).toMatchObject({ ok: true });
  });

  it('refused by the hub leaves no entry: another counter’s clerk, an unknown request, a device', async () => {
    const t = await office();
    const before = await t.views();
    const sara = await addClerk(t, 'sara');
    const code = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);
    expect(code(await t.call('capture.image', { pageId: t.pages[0]!.id, size: 'view' }, sara))).toBe('REQUEST_OTHER_COUNTER');
    expect(code(await t.call('request.get', { requestId: '00000000-0000-4000-8000-000000000000' }, sara))).toBe('UNKNOWN_REQUEST');
    const applicantScreen = (await t.ok('auth.deviceLogin', { role: 'applicant' })).session;
    expect(code(await t.call('capture.image', { pageId: t.pages[0]!.id, size: 'view' }, applicantScreen))).toBe('FORBIDDEN');
    expect(code(await t.call('request.get', { requestId: t.request.id }, applicantScreen))).toBe('FORBIDDEN');
    expect(await t.views()).toEqual(before);
  });

  it('on the applicant’s own screen is not recorded; the same screen called by staff is', async () => {
    const t = await office();
    const before = (await t.views()).length;
    const applicantScreen = (await t.ok('auth.deviceLogin', { role: 'applicant', counterId: 1 })).session;
    const shown = await t.ok('applicantScreen.view', { counterId: 1 }, applicantScreen);
    expect(shown.request?.applicantName).toBeTruthy();
    expect((await t.views()).length).toBe(before);
    await t.ok('applicantScreen.view', { counterId: 1 }, t.managerSession);
    expect((await t.views()).slice(before)).toEqual([['staff:1', `request:${t.request.id}`, 'data', 'applicantScreen.view']]);
  });
});

describe('RequestViewLog', () => {
  it('records again a view whose entry was rolled back with its transaction', () => {
    const db = openDatabase(':memory:');
    cleanup.push(() => db.close());
    const log = new RequestViewLog();
    const ctx: CallContext = { principal: { kind: 'user', userId: 3, username: 'reza', displayName: 'رضا', role: 'clerk' }, session: { hash: 'h', expiresAt: '', locked: false, mustChangePassword: false }, transport: 'local', connection: newConnection() };
    const view = [{ requestId: 'r1', view: 'pages' as const }];
    const at = new Date('2026-11-28T07:00:00Z');
    db.exec('BEGIN IMMEDIATE');
    log.note(db, at, ctx, 'capture.image', view);
    log.note(db, at, ctx, 'capture.image', view); // the same transaction: already recorded
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    db.exec('ROLLBACK');
    record(db, at, { actor: 'staff:9', action: 'login' }); // another entry takes its number
    log.note(db, at, ctx, 'capture.image', view);
    expect(db.prepare("SELECT seq, actor FROM audit_log WHERE action = 'requestViewed'").all()).toEqual([{ seq: 2, actor: 'staff:3' }]);
    expect(verify(db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('does not record a device session', () => {
    const db = openDatabase(':memory:');
    cleanup.push(() => db.close());
    const ctx: CallContext = { principal: { kind: 'device', role: 'applicant' }, session: { hash: 'd', expiresAt: '', locked: false, mustChangePassword: false }, transport: 'local', connection: newConnection() };
    new RequestViewLog().note(db, new Date(), ctx, 'applicantScreen.page', [{ requestId: 'r1', view: 'pages' }]);
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
  });
});
