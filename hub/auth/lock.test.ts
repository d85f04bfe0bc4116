import { afterEach, describe, expect, it } from 'vitest';
import { addClerk, manager, setUpHub } from '../../test/support/hub';

// The counter lock: a locked session is served nothing but unlock, logout and whoami, until its
// owner's password unlocks it; wrong passwords count like failed logins.

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

const code = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);

async function office() {
  const t = await setUpHub({ auth: { failureDelayMs: 0, lockAfterFailures: 3 } });
  cleanup.push(t.close);
  const clerk = await addClerk(t);
  return { ...t, clerk };
}

describe('the counter lock', () => {
  it('serves a locked session nothing but unlock, logout and whoami — across a reload — until the password unlocks it', async () => {
    const t = await office();
    await t.ok('auth.lock', {}, t.clerk);
    expect(await t.ok('auth.whoami', {}, t.clerk)).toMatchObject({ locked: true });
    expect(code(await t.call('queue.counters', {}, t.clerk))).toBe('SESSION_LOCKED');
    expect(code(await t.call('applicant.find', { kind: 'natural', id: '0013542419' }, t.clerk))).toBe('SESSION_LOCKED');
    // another session of the office is not affected
    expect(code(await t.call('queue.counters', {}, t.managerSession))).toBe('ok');

    expect(code(await t.call('auth.unlock', { password: 'wrong' }, t.clerk))).toBe('INVALID_CREDENTIALS');
    expect(code(await t.call('auth.unlock', { password: 'pw-reza-12345' }, t.clerk))).toBe('ok');
    expect(await t.ok('auth.whoami', {}, t.clerk)).toMatchObject({ locked: false });
    expect(code(await t.call('queue.counters', {}, t.clerk))).toBe('ok');
  });

  it('unlocks only with the session owner’s password, and too many wrong ones end the session and lock the account', async () => {
    const t = await office();
    await t.ok('auth.lock', {}, t.clerk);
    expect(code(await t.call('auth.unlock', { password: manager.password }, t.clerk))).toBe('INVALID_CREDENTIALS');
    expect(code(await t.call('auth.unlock', { password: 'guess-2' }, t.clerk))).toBe('INVALID_CREDENTIALS');
    expect(code(await t.call('auth.unlock', { password: 'guess-3' }, t.clerk))).toBe('INVALID_CREDENTIALS');
    expect(code(await t.call('auth.whoami', {}, t.clerk))).toBe('UNAUTHENTICATED');
    expect(code(await t.call('auth.login', { username: 'reza', password: 'pw-reza-12345' }))).toBe('ACCOUNT_LOCKED');
    const failed = (await t.ok('audit.list', { limit: 50, action: 'loginFailed' }, t.managerSession)).entries;
    expect(failed.filter((e) => e.detail.why === 'unlockWrongPassword')).toHaveLength(3);
  });

  it('the idle time is the manager’s to set, 0 to 240 minutes, and every screen reads it', async () => {
    const t = await office();
    expect((await t.ok('office.info', {}, t.clerk)).lockAfterMinutes).toBe(5);
    expect(code(await t.call('office.setLockAfter', { minutes: 10 }, t.clerk))).toBe('FORBIDDEN');
    expect(code(await t.call('office.setLockAfter', { minutes: 241 }, t.managerSession))).toBe('INVALID_INPUT');
    await t.ok('office.setLockAfter', { minutes: 10 }, t.managerSession);
    expect((await t.ok('office.info', {}, t.clerk)).lockAfterMinutes).toBe(10);
  });
});
