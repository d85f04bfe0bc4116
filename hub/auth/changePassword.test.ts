import { afterEach, describe, expect, it } from 'vitest';
import { setUpHub } from '../../test/support/hub';

// A password the manager chose is replaced by its owner before anything else is served.

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});
const code = (res: { ok: boolean; error?: { code: string; fields?: Array<{ reason: string }> } }) => (res.ok ? 'ok' : res.error!.code);

async function withNewClerk() {
  const t = await setUpHub({ auth: { failureDelayMs: 0 } });
  cleanup.push(t.close);
  await t.ok(
    'staff.create',
    { displayName: 'سارا کریمی', username: 'sara', role: 'clerk', nationalId: '0012345679', certificate: { number: '12345', issuer: 'مرکز آمار', date: '1403-05-12' }, password: 'Given-by-manager-1' },
    t.managerSession,
  );
  const login = await t.ok('auth.login', { username: 'sara', password: 'Given-by-manager-1' });
  return { ...t, login };
}

describe('a password the manager chose', () => {
  it('must be replaced first: nothing else is served until then, and afterwards everything is', async () => {
    const t = await withNewClerk();
    expect(t.login.mustChangePassword).toBe(true);
    const sara = t.login.session;
    expect(await t.ok('auth.whoami', {}, sara)).toMatchObject({ mustChangePassword: true });
    expect(code(await t.call('queue.counters', {}, sara))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(code(await t.call('auth.changePassword', { current: 'Given-by-manager-1', next: 'Mine-and-only-mine-7' }, sara))).toBe('ok');
    expect(code(await t.call('queue.counters', {}, sara))).toBe('ok');
    expect((await t.ok('auth.login', { username: 'sara', password: 'Mine-and-only-mine-7' })).mustChangePassword).toBe(false);
    const audit = (await t.ok('audit.list', { limit: 50, action: 'passwordChanged' }, t.managerSession)).entries;
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('Mine-and-only-mine-7');
  });

  it('needs the current password (counted like a failed login), refuses the same one and a weak one, and ends the other sessions', async () => {
    const t = await withNewClerk();
    const sara = t.login.session;
    const other = (await t.ok('auth.login', { username: 'sara', password: 'Given-by-manager-1' })).session;
    expect(code(await t.call('auth.changePassword', { current: 'wrong-guess-1', next: 'Mine-and-only-mine-7' }, sara))).toBe('INVALID_CREDENTIALS');
    const same = await t.call('auth.changePassword', { current: 'Given-by-manager-1', next: 'Given-by-manager-1' }, sara);
    expect(same.ok ? null : same.error).toMatchObject({ code: 'WEAK_PASSWORD', fields: [{ path: 'next', reason: 'same_as_old' }] });
    const weak = await t.call('auth.changePassword', { current: 'Given-by-manager-1', next: 'sara-12345' }, sara);
    expect(weak.ok ? null : weak.error).toMatchObject({ code: 'WEAK_PASSWORD', fields: [{ path: 'next', reason: 'contains_username' }] });
    await t.ok('auth.changePassword', { current: 'Given-by-manager-1', next: 'Mine-and-only-mine-7' }, sara);
    expect(code(await t.call('auth.whoami', {}, other))).toBe('UNAUTHENTICATED');
    expect(code(await t.call('auth.whoami', {}, sara))).toBe('ok');
    const failed = (await t.ok('audit.list', { limit: 50, action: 'loginFailed' }, t.managerSession)).entries;
    expect(failed.map((e) => e.detail.why)).toContain('changePasswordWrongCurrent');
  });

  it('cannot be used to guess the password: the wrong guess that locks the account ends the session, and a locked account is refused', async () => {
    const t = await withNewClerk();
    const sara = t.login.session;
    const other = (await t.ok('auth.login', { username: 'sara', password: 'Given-by-manager-1' })).session;
    for (let i = 0; i < 4; i++) expect(code(await t.call('auth.changePassword', { current: `guess-${i}-xx`, next: 'Mine-and-only-mine-7' }, sara))).toBe('INVALID_CREDENTIALS');
    expect(code(await t.call('auth.changePassword', { current: 'guess-4-xx', next: 'Mine-and-only-mine-7' }, sara))).toBe('INVALID_CREDENTIALS');
    expect(code(await t.call('auth.whoami', {}, sara))).toBe('UNAUTHENTICATED');
    // the right password from another open session changes nothing while the lock lasts
    expect(code(await t.call('auth.changePassword', { current: 'Given-by-manager-1', next: 'Mine-and-only-mine-7' }, other))).toBe('ACCOUNT_LOCKED');
  });

  it('is required again after the manager resets it', async () => {
    const t = await withNewClerk();
    await t.ok('auth.changePassword', { current: 'Given-by-manager-1', next: 'Mine-and-only-mine-7' }, t.login.session);
    const sara = t.db.prepare("SELECT id FROM staff WHERE username = 'sara'").pluck().get() as number;
    await t.ok('staff.resetPassword', { staffId: sara, password: 'Reset-by-manager-2' }, t.managerSession);
    expect((await t.ok('auth.login', { username: 'sara', password: 'Reset-by-manager-2' })).mustChangePassword).toBe(true);
  });
});
