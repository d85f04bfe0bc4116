import { newConnection } from '../auth/connection';
import { afterEach, describe, expect, it } from 'vitest';
import { manager, office, testHub } from '../../test/support/hub';
import type { TransportInfo } from '../rpc/dispatch';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});
function hub() {
  const t = testHub();
  cleanup.push(t.close);
  return t;
}

describe('setup.createOffice', () => {
  it('creates the office and an argon2id-hashed manager, normalising digits', async () => {
    const t = hub();
    expect(await t.ok('setup.status', {})).toEqual({ setUp: false, connection: 'local', setupCode: false });
    expect(await t.ok('setup.createOffice', { office, manager })).toEqual({ officeCode: '1234', managerUsername: 'maryam' });
    expect(await t.ok('setup.status', {})).toEqual({ setUp: true, connection: 'local', setupCode: false });
    const row = t.db.prepare('SELECT role, password_hash AS hash FROM staff').get() as { role: string; hash: string };
    expect(row.role).toBe('manager');
    expect(row.hash).toMatch(/^\$argon2id\$/);
    expect(row.hash).not.toContain(manager.password);
  });

  it('works once: a second setup is refused and changes nothing', async () => {
    const t = hub();
    await t.ok('setup.createOffice', { office, manager });
    const again = await t.call('setup.createOffice', { office: { ...office, name: 'دفتر دیگر' }, manager: { ...manager, username: 'other' } });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    expect(t.db.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(1);
  });

  it('creates exactly one office when two first-run screens submit at once', async () => {
    const t = hub();
    const results = await Promise.all([
      t.call('setup.createOffice', { office, manager }),
      t.call('setup.createOffice', { office, manager: { ...manager, username: 'second' } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: { code: 'ALREADY_SET_UP' } });
    expect(t.db.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(1);
  });

  it('refuses a password that contains the username', async () => {
    const t = hub();
    const res = await t.call('setup.createOffice', { office, manager: { ...manager, password: 'xxMaryam2026' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'WEAK_PASSWORD', fields: [{ path: 'manager.password', reason: 'contains_username' }] } });
  });

  // finding: the first-run manager password kept an older, weaker rule than staff.create
  it.each([
    ['12345678', 'too_common'],
    ['Password1', 'too_common'],
    ['abcdefghij', 'needs_letter_and_digit'],
    ['1403140314', 'needs_letter_and_digit'],
  ])('refuses the manager password %s as staff.create does (%s): one password policy everywhere', async (password, reason) => {
    const t = hub();
    const res = await t.call('setup.createOffice', { office, manager: { ...manager, password } });
    expect(res).toMatchObject({ ok: false, error: { code: 'WEAK_PASSWORD', fields: [{ path: 'manager.password', reason }] } });
    expect(t.db.prepare('SELECT count(*) FROM office').pluck().get()).toBe(0);
  });

  it('refuses setup from an unpaired PC of the LAN when the hub shows no setup code (no --require-pairing): that PC must pair', async () => {
    const t = hub();
    const lan: TransportInfo = { kind: 'ws', remoteAddress: '192.168.1.30', connection: newConnection(), lan: { deviceId: null, kind: null } };
    expect(await t.hub.call({ t: 'call', id: 1, proc: 'setup.status', input: {} }, lan)).toMatchObject({ ok: true, output: { setUp: false, connection: 'unpaired', setupCode: false } });
    const res = await t.hub.call({ t: 'call', id: 2, proc: 'setup.createOffice', input: { office, manager, setupCode: '123412341234' } }, lan);
    expect(res).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_PAIRED' } });
    expect(t.db.prepare('SELECT count(*) FROM office').pluck().get()).toBe(0);
  });

  it('stores hostile text literally (SQL quotes, a joiner inside a word) and refuses an RTL override', async () => {
    const t = hub();
    const refused = await t.call('setup.createOffice', { office: { ...office, name: 'دفتر\u202Eقضایی' }, manager });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'office.name', reason: 'invalid_characters' }] } });
    const name = "دفتر'); DROP TABLE staff;--\u200Dقضایی";
    await t.ok('setup.createOffice', { office: { ...office, name }, manager });
    expect((await t.ok('auth.login', { username: manager.username, password: manager.password })).principal.kind).toBe('user');
    expect(t.db.prepare('SELECT name FROM office').pluck().get()).toBe(name);
  });
});
