import { afterEach, describe, expect, it } from 'vitest';
import { manager, setUpHub, testHub } from '../../test/support/hub';
import { createLogger } from '../log';
import { CONTRACT_VERSION } from '../../core/api/version';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});
async function hub() {
  const t = await setUpHub();
  cleanup.push(t.close);
  return t;
}

describe('dispatch', () => {
  it('answers frames that are not call frames with MALFORMED_FRAME, keeping the id when it has one', async () => {
    const t = await hub();
    for (const frame of [null, 42, 'call', [], { t: 'call' }, { t: 'call', id: -1, proc: 'health' }, { t: 'call', id: 1, proc: 'health', extra: 1 }]) {
      const res = await t.raw(frame);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('MALFORMED_FRAME');
    }
    const withId = await t.raw({ t: 'call', id: 7, proc: 5 });
    expect(withId).toMatchObject({ id: 7, ok: false, error: { code: 'MALFORMED_FRAME' } });
  });

  it('refuses unknown procedures, including names of Object.prototype', async () => {
    const t = await hub();
    for (const proc of ['nope', 'toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const res = await t.raw({ t: 'call', id: 1, proc, input: {} });
      expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PROCEDURE' } });
    }
  });

  it('refuses schema-invalid input with the failing field paths', async () => {
    const t = testHub();
    cleanup.push(t.close);
    const res = await t.raw({
      t: 'call',
      id: 3,
      proc: 'setup.createOffice',
      input: { office: { name: 'د', code: '12a', city: 'تهران' }, manager: { displayName: 'مریم', username: 'maryam', password: 'short' } },
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('INVALID_INPUT');
    expect(res.error.fields?.map((f) => f.path).sort()).toEqual(['manager.password', 'office.code', 'office.name']);
  });

  it('says UNAUTHENTICATED to a call without a session and to one with an unknown session', async () => {
    const t = await hub();
    expect(await t.call('office.info', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await t.call('office.info', {}, 'forged-token')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('says FORBIDDEN when the role may not call the procedure', async () => {
    const t = await hub();
    const { session } = await t.ok('auth.deviceLogin', { role: 'kiosk' });
    expect(await t.call('staff.list', {}, session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call('staff.list', {}, t.managerSession)).toMatchObject({ ok: true });
  });

  it('lets public procedures run without a session, and with one', async () => {
    const t = await hub();
    expect(await t.call('health', {})).toMatchObject({ ok: true, output: { status: 'ok', setUp: true, contractVersion: CONTRACT_VERSION } });
    expect(await t.call('health', {}, t.managerSession)).toMatchObject({ ok: true });
  });

  it('stops honouring a session after logout and after it expires', async () => {
    const t = await hub();
    expect(await t.call('auth.whoami', {}, t.managerSession)).toMatchObject({ ok: true, output: { principal: { username: manager.username } } });
    await t.ok('auth.logout', {}, t.managerSession);
    expect(await t.call('auth.whoami', {}, t.managerSession)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    const { session } = await t.ok('auth.login', { username: manager.username, password: manager.password });
    t.advance(12 * 3600_000 + 1);
    expect(await t.call('auth.whoami', {}, session)).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
  });

  it('turns an unexpected handler failure into INTERNAL with no details, and logs it without secrets', async () => {
    const lines: string[] = [];
    const t = await setUpHub({ log: createLogger('debug', (l) => lines.push(l)) });
    cleanup.push(t.close);
    t.db.exec('DROP TABLE session'); // every session lookup now throws a SQLite error
    const res = await t.call('auth.login', { username: manager.username, password: manager.password });
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    expect(JSON.stringify(res)).not.toMatch(/session|sqlite|stack/i);
    expect(lines.join('\n')).toContain('handler failed');
    expect(lines.join('\n')).not.toContain(manager.password);
  });

  it('keeps serving after garbage: a valid call right after bad ones succeeds', async () => {
    const t = await hub();
    await Promise.all(Array.from({ length: 50 }, (_, i) => t.raw(i % 2 ? { t: 'call', id: i, proc: 'x' } : 'garbage')));
    expect(await t.call('office.info', {}, t.managerSession)).toMatchObject({ ok: true });
  });
});
