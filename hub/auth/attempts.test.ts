import { afterEach, describe, expect, it } from 'vitest';
import type { ResultFrame } from '../../core/api/wire';
import { addClerk, manager, setUpHub } from '../../test/support/hub';
import { pairedClient } from '../../test/support/lanClient';

// Password guessing against the hub (docs/SECURITY.md § Password guessing): the account lock is
// an oracle for nobody, a burst in flight cannot outrun it, and each source is bounded apart.

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

const code = (res: ResultFrame) => (res.ok ? 'ok' : res.error.code);
const wrong = (i = 0) => ({ username: 'reza', password: `not-it-${i}` });
const right = { username: 'reza', password: 'pw-reza-12345' };

async function office(auth: NonNullable<Parameters<typeof setUpHub>[0]>['auth'] = {}) {
  const t = await setUpHub({ auth: { failureDelayMs: 0, ...auth } });
  cleanup.push(t.close);
  await addClerk(t);
  return t;
}

describe('a locked account', () => {
  it('answers the same whatever the password: the lock is no oracle for the right one', async () => {
    const t = await office();
    for (let i = 0; i < 5; i++) expect(code(await t.call('auth.login', wrong(i)))).toBe('INVALID_CREDENTIALS');
    const guess = await t.call('auth.login', wrong(99));
    const real = await t.call('auth.login', right);
    expect(code(guess)).toBe('ACCOUNT_LOCKED');
    expect(code(real)).toBe('ACCOUNT_LOCKED');
    if (!guess.ok && !real.ok) expect(guess.error).toEqual(real.error);
    // …and the lock runs out as before
    t.advance(15 * 60_000 + 1);
    expect(code(await t.call('auth.login', right))).toBe('ok');
  });

  it('refuses unlocking a screen and changing the password alike, whatever is typed', async () => {
    const t = await office();
    const clerk = (await t.ok('auth.login', right)).session;
    const other = (await t.ok('auth.login', right)).session;
    await t.ok('auth.lock', {}, clerk);
    const lan = (await pairedClient(t, 'counter', 'باجه ۲')).lan;
    for (let i = 0; i < 5; i++) await lan.call('auth.login', wrong(i));
    const unlockRight = await t.call('auth.unlock', { password: right.password }, clerk);
    const unlockWrong = await t.call('auth.unlock', { password: 'guess' }, clerk);
    expect(code(unlockRight)).toBe('ACCOUNT_LOCKED');
    if (!unlockRight.ok && !unlockWrong.ok) expect(unlockWrong.error).toEqual(unlockRight.error);
    expect((await t.ok('auth.whoami', {}, clerk)).locked).toBe(true);
    const changeRight = await t.call('auth.changePassword', { current: right.password, next: 'Tazeh-Ramz-1405' }, other);
    const changeWrong = await t.call('auth.changePassword', { current: 'guess', next: 'Tazeh-Ramz-1405' }, other);
    expect(code(changeRight)).toBe('ACCOUNT_LOCKED');
    if (!changeRight.ok && !changeWrong.ok) expect(changeWrong.error).toEqual(changeRight.error);
  });
});

describe('a burst of logins in flight together', () => {
  // the account's own lock alone: the per-source bounds are lifted for these two
  const unbounded = { sourceFailures: 10_000, inFlightPerSource: 10_000, inFlightPerAccount: 10_000 };

  it('cannot get past the lock: 39 wrong guesses and the right password give no session', async () => {
    const t = await office(unbounded);
    const answers = await Promise.all([...Array.from({ length: 39 }, (_, i) => t.call('auth.login', wrong(i))), t.call('auth.login', right)]);
    expect(code(answers.at(-1)!)).toBe('ACCOUNT_LOCKED');
    // only as many passwords as the lock allows were ever checked
    const failed = (await t.ok('audit.list', { limit: 100, action: 'loginFailed' }, t.managerSession)).entries;
    expect(failed.filter((e) => e.detail.why === 'wrongPassword')).toHaveLength(5);
    expect(failed.filter((e) => e.detail.why === 'locked')).toHaveLength(35);
  });

  it('cannot leave the account unlocked: 299 wrong and the right one, and the lock holds', async () => {
    const t = await office(unbounded);
    await Promise.all([...Array.from({ length: 299 }, (_, i) => t.call('auth.login', wrong(i))), t.call('auth.login', right)]);
    expect(code(await t.call('auth.login', right))).toBe('ACCOUNT_LOCKED');
    expect(t.db.prepare("SELECT failed_logins AS n, locked_until AS until FROM staff WHERE username = 'reza'").get()).toMatchObject({ n: 5, until: expect.any(String) });
  });

  it('is bounded per source and per account: attempts beyond two in flight are refused at once', async () => {
    const t = await office({ failureDelayMs: 200 });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => t.call('auth.login', wrong(i))));
    expect(answers.map(code).filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(4);
    expect(answers.map(code).filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(2);
    // …and they were not counted against the account
    expect(t.db.prepare("SELECT failed_logins FROM staff WHERE username = 'reza'").pluck().get()).toBe(2);
  });
});

describe('each source apart', () => {
  it('a device with ten failures in 15 minutes is refused every login, on any account, while another counter is not', async () => {
    const t = await office();
    const a = (await pairedClient(t, 'counter', 'باجه ۲', '192.168.1.21')).lan;
    const b = (await pairedClient(t, 'counter', 'باجه ۳', '192.168.1.22')).lan;
    // spraying: one guess at each of ten names (none of them locks an account)
    for (let i = 0; i < 10; i++) expect(code(await a.call('auth.login', { username: `user${i}`, password: 'Password1' }))).toBe('INVALID_CREDENTIALS');
    const blocked = await a.call('auth.login', right);
    expect(code(blocked)).toBe('TOO_MANY_ATTEMPTS');
    if (!blocked.ok) expect(Date.parse(blocked.error.retryAt!)).toBe(Date.parse('2026-11-28T06:30:00.000Z') + 15 * 60_000);
    expect(code(await b.call('auth.login', right))).toBe('ok');
    // the block is audited once, with the device
    const failed = (await t.ok('audit.list', { limit: 100, action: 'loginFailed' }, t.managerSession)).entries;
    expect(failed.filter((e) => e.detail.why === 'sourceBlocked')).toHaveLength(1);
    t.advance(15 * 60_000 + 1);
    expect(code(await a.call('auth.login', right))).toBe('ok');
  });

  it('the manager locked out by guesses from a LAN device still gets in on the hub’s own PC, and that lifts the lock', async () => {
    const t = await office();
    const a = (await pairedClient(t, 'counter', 'باجه ۲')).lan;
    for (let i = 0; i < 5; i++) await a.call('auth.login', { username: manager.username, password: `guess-${i}` });
    expect(code(await a.call('auth.login', { username: manager.username, password: manager.password }))).toBe('ACCOUNT_LOCKED');
    // a clerk's account gets no such way round on the hub PC
    const b = (await pairedClient(t, 'counter', 'باجه ۳', '192.168.1.22')).lan;
    for (let i = 0; i < 5; i++) await b.call('auth.login', wrong(i));
    expect(code(await t.call('auth.login', right))).toBe('ACCOUNT_LOCKED');
    // the manager at the hub PC
    expect(code(await t.call('auth.login', { username: manager.username, password: manager.password }))).toBe('ok');
    expect(code(await b.call('auth.login', { username: manager.username, password: manager.password }))).toBe('ok');
  });
});
