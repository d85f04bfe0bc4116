import { afterEach, describe, expect, it } from 'vitest';
import { addClerk, manager, setUpHub } from '../../test/support/hub';
import type { ProcedureInput } from '../../core/api/contract';

type T = Awaited<ReturnType<typeof setUpHub>>;
let t: T;
afterEach(() => t?.close());

const cert = { number: '۱۲۳۴۵', issuer: 'مرکز آمار و فناوری قوه قضاییه', date: '۱۴۰۳/۵/۱۲' };
const sara = (extra: Partial<ProcedureInput<'staff.create'>> = {}): ProcedureInput<'staff.create'> => ({
  displayName: 'سارا کریمی',
  username: 'sara',
  role: 'clerk',
  nationalId: '۰۰۱۲۳۴۵۶۷۹',
  certificate: cert,
  password: 'Golab-Sorkh-77',
  ...extra,
});

async function errorOf(p: Promise<{ ok: boolean; error?: unknown }>) {
  const res = await p;
  if (res.ok) throw new Error('expected an error');
  return (res as unknown as { error: { code: string; fields?: Array<{ path: string; reason: string }> } }).error;
}

const auditRows = (t: T) =>
  t.db.prepare("SELECT action, subject, reason, detail FROM audit_log WHERE action NOT IN ('login', 'loginFailed') ORDER BY seq").all() as Array<{ action: string; subject: string; reason: string | null; detail: string }>;

describe('staff.create', () => {
  it('registers a clerk with national id and certificate (digits normalised), active, who can then log in', async () => {
    t = await setUpHub();
    const { staff } = await t.ok('staff.create', sara(), t.managerSession);
    expect(staff).toMatchObject({ username: 'sara', role: 'clerk', active: true, nationalId: '0012345679', certificate: { number: '12345', date: '1403-05-12' } });
    const login = await t.ok('auth.login', { username: 'sara', password: 'Golab-Sorkh-77' });
    expect(login.principal).toMatchObject({ role: 'clerk', displayName: 'سارا کریمی' });
    const { staff: list } = await t.ok('staff.list', {}, t.managerSession);
    expect(list.map((s) => s.username)).toEqual(['maryam', 'sara']);
    expect(list[0]).toMatchObject({ nationalId: null, certificate: null, active: true });
  });

  it('creates a clerk without a certificate inactive; a manager needs none', async () => {
    t = await setUpHub();
    const { staff } = await t.ok('staff.create', sara({ certificate: null }), t.managerSession);
    expect(staff.active).toBe(false);
    const res = await t.call('auth.login', { username: 'sara', password: 'Golab-Sorkh-77' });
    expect(res.ok).toBe(false);
    const { staff: boss } = await t.ok('staff.create', sara({ username: 'ali', role: 'manager', nationalId: '1234567891', certificate: null }), t.managerSession);
    expect(boss.active).toBe(true);
  });

  it('refuses a taken username or national id, a wrong national id and a weak password with field errors', async () => {
    t = await setUpHub();
    await t.ok('staff.create', sara(), t.managerSession);
    expect(await errorOf(t.call('staff.create', sara({ nationalId: '1234567891' }), t.managerSession))).toMatchObject({ code: 'USERNAME_TAKEN', fields: [{ path: 'username', reason: 'username_taken' }] });
    expect(await errorOf(t.call('staff.create', sara({ username: 'sara2', nationalId: '0012345679' }), t.managerSession))).toMatchObject({ code: 'NATIONAL_ID_TAKEN', fields: [{ path: 'nationalId' }] });
    expect(await errorOf(t.call('staff.create', sara({ username: 'sara3', nationalId: '0012345678' }), t.managerSession))).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'nationalId', reason: 'invalid_national_id' }] });
    expect(await errorOf(t.call('staff.create', sara({ username: 'sara4', nationalId: '1234567891', certificate: { ...cert, date: '1403/12/31' } }), t.managerSession))).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'certificate.date', reason: 'invalid_jalali_day' }] });
    expect(await errorOf(t.call('staff.create', sara({ username: 'sara5', nationalId: '1234567891', password: 'short1' }), t.managerSession))).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'password' }] });
    expect(await errorOf(t.call('staff.create', sara({ username: 'sara6', nationalId: '1234567891', password: 'onlyletters' }), t.managerSession))).toMatchObject({ code: 'WEAK_PASSWORD', fields: [{ path: 'password', reason: 'needs_letter_and_digit' }] });
    expect(await errorOf(t.call('staff.create', sara({ username: 'sara7', nationalId: '1234567891', password: 'x-sara7-2024' }), t.managerSession))).toMatchObject({ code: 'WEAK_PASSWORD', fields: [{ path: 'password', reason: 'contains_username' }] });
    expect(await errorOf(t.call('staff.create', sara({ username: 'sara8', nationalId: '1234567891', password: 'a1234567891' }), t.managerSession))).toMatchObject({ code: 'WEAK_PASSWORD', fields: [{ path: 'password', reason: 'contains_national_id' }] });
    expect((await t.ok('staff.list', {}, t.managerSession)).staff).toHaveLength(2);
  });
});

describe('staff.update and staff.setActive', () => {
  it('changes name, role and certificate; an active clerk cannot lose the certificate', async () => {
    t = await setUpHub();
    const { staff } = await t.ok('staff.create', sara(), t.managerSession);
    const upd = await t.ok('staff.update', { staffId: staff.id, displayName: 'سارا کریمی‌نژاد', role: 'legalExpert', nationalId: '0012345679', certificate: { ...cert, number: '999' } }, t.managerSession);
    expect(upd.staff).toMatchObject({ displayName: 'سارا کریمی‌نژاد', role: 'legalExpert', certificate: { number: '999' } });
    expect(upd.changed).toEqual(['displayName', 'role', 'certificate']);
    expect(await errorOf(t.call('staff.update', { staffId: staff.id, displayName: 'سارا', role: 'clerk', nationalId: '0012345679', certificate: null }, t.managerSession))).toMatchObject({ code: 'CERTIFICATE_REQUIRED' });
    expect(await errorOf(t.call('staff.update', { staffId: 999, displayName: 'سارا', role: 'clerk', nationalId: '0012345679', certificate: null }, t.managerSession))).toMatchObject({ code: 'UNKNOWN_STAFF' });
  });

  it('will not activate a clerk without a certificate on record, and will once it is recorded', async () => {
    t = await setUpHub();
    const { staff } = await t.ok('staff.create', sara({ certificate: null }), t.managerSession);
    expect(await errorOf(t.call('staff.setActive', { staffId: staff.id, active: true, reason: 'شروع به کار' }, t.managerSession))).toMatchObject({ code: 'CERTIFICATE_REQUIRED' });
    await t.ok('staff.update', { staffId: staff.id, displayName: staff.displayName, role: 'clerk', nationalId: '0012345679', certificate: cert }, t.managerSession);
    const on = await t.ok('staff.setActive', { staffId: staff.id, active: true, reason: 'گواهی رسید' }, t.managerSession);
    expect(on.staff.active).toBe(true);
  });

  it('starts a brand-new account once its certificate is recorded, with no reason asked; a deactivated one still needs staff.setActive', async () => {
    t = await setUpHub();
    const { staff } = await t.ok('staff.create', sara({ certificate: null }), t.managerSession);
    expect(staff.active).toBe(false);
    const upd = await t.ok('staff.update', { staffId: staff.id, displayName: staff.displayName, role: 'clerk', nationalId: '0012345679', certificate: cert }, t.managerSession);
    expect(upd.staff.active).toBe(true);
    expect(upd.changed).toEqual(['certificate', 'active']);
    expect((await t.call('auth.login', { username: 'sara', password: 'Golab-Sorkh-77' })).ok).toBe(true);
    const audit = auditRows(t).filter((r) => r.action === 'staffChanged');
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ changed: ['certificate', 'active'], active: true });
    // deactivated by the manager: editing the record does not bring it back
    await t.ok('staff.setActive', { staffId: staff.id, active: false, reason: 'مرخصی بلند' }, t.managerSession);
    const again = await t.ok('staff.update', { staffId: staff.id, displayName: 'سارا', role: 'clerk', nationalId: '0012345679', certificate: cert }, t.managerSession);
    expect(again.staff.active).toBe(false);
    expect(again.changed).toEqual(['displayName']);
  });

  it('deactivation keeps the row with who, when and why, and ends the sessions at once', async () => {
    t = await setUpHub();
    const clerkSession = await addClerk(t);
    const reza = (await t.ok('staff.list', {}, t.managerSession)).staff.find((s) => s.username === 'reza')!;
    expect((await t.call('auth.whoami', {}, clerkSession)).ok).toBe(true);
    const off = await t.ok('staff.setActive', { staffId: reza.id, active: false, reason: 'پایان قرارداد' }, t.managerSession);
    expect(off).toMatchObject({ changed: true, sessionsRevoked: 1, staff: { active: false, deactivatedBy: manager.displayName, deactivationReason: 'پایان قرارداد', deactivatedAt: '2026-11-28T06:30:00.000Z' } });
    expect(await errorOf(t.call('auth.whoami', {}, clerkSession))).toMatchObject({ code: 'UNAUTHENTICATED' });
    // revoked, not just refused while inactive: a later reactivation does not revive it
    t.db.prepare("UPDATE staff SET certificate_number = '1', certificate_issuer = 'مرکز', certificate_date = '1403-01-01' WHERE id = ?").run(reza.id);
    await t.ok('staff.setActive', { staffId: reza.id, active: true, reason: 'بازگشت' }, t.managerSession);
    expect(await errorOf(t.call('auth.whoami', {}, clerkSession))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(t.db.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(2);
  });

  it('the manager cannot deactivate themself nor the last active manager, nor demote the last one', async () => {
    t = await setUpHub();
    const me = (await t.ok('auth.whoami', {}, t.managerSession)).principal;
    if (me.kind !== 'user') throw new Error('user expected');
    expect(await errorOf(t.call('staff.setActive', { staffId: me.userId, active: false, reason: 'آزمایش' }, t.managerSession))).toMatchObject({ code: 'SELF_DEACTIVATION' });
    expect(await errorOf(t.call('staff.update', { staffId: me.userId, displayName: manager.displayName, role: 'legalExpert', nationalId: '9876543210', certificate: cert }, t.managerSession))).toMatchObject({ code: 'LAST_MANAGER' });
    const { staff: ali } = await t.ok('staff.create', sara({ username: 'ali', role: 'manager', nationalId: '1234567891', certificate: null }), t.managerSession);
    const aliSession = (await t.ok('auth.login', { username: 'ali', password: 'Golab-Sorkh-77' })).session;
    // the password the manager chose for ali is replaced before ali does anything else
    await t.ok('auth.changePassword', { current: 'Golab-Sorkh-77', next: 'Sabz-Jangal-2026' }, aliSession);
    await t.ok('staff.setActive', { staffId: me.userId, active: false, reason: 'بازنشستگی' }, aliSession);
    expect(await errorOf(t.call('staff.setActive', { staffId: ali.id, active: false, reason: 'آزمایش' }, aliSession))).toMatchObject({ code: 'SELF_DEACTIVATION' });
    expect(await errorOf(t.call('staff.update', { staffId: ali.id, displayName: 'علی', role: 'clerk', nationalId: '1234567891', certificate: cert }, aliSession))).toMatchObject({ code: 'LAST_MANAGER' });
    expect(await errorOf(t.call('auth.whoami', {}, t.managerSession))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('staff.resetPassword', () => {
  it('sets the new password, ends the old sessions and lifts a lock', async () => {
    t = await setUpHub();
    const clerkSession = await addClerk(t);
    const reza = (await t.ok('staff.list', {}, t.managerSession)).staff.find((s) => s.username === 'reza')!;
    t.db.prepare("UPDATE staff SET failed_logins = 5, locked_until = '2099-01-01T00:00:00.000Z' WHERE id = ?").run(reza.id);
    const res = await t.ok('staff.resetPassword', { staffId: reza.id, password: 'Tazeh-Ramz-1405' }, t.managerSession);
    expect(res.sessionsRevoked).toBe(1);
    expect(await errorOf(t.call('auth.whoami', {}, clerkSession))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await t.call('auth.login', { username: 'reza', password: 'pw-reza-12345' })).ok).toBe(false);
    await t.ok('auth.login', { username: 'reza', password: 'Tazeh-Ramz-1405' });
    expect(await errorOf(t.call('staff.resetPassword', { staffId: reza.id, password: 'reza-is-1405' }, t.managerSession))).toMatchObject({ code: 'WEAK_PASSWORD' });
  });
});

describe('staff changes: access and audit', () => {
  it('a clerk or legal expert calling any of them gets FORBIDDEN, and nothing changes', async () => {
    t = await setUpHub();
    const clerk = await addClerk(t);
    const expert = await addClerk(t, 'nima', 'legalExpert');
    for (const session of [clerk, expert]) {
      expect(await errorOf(t.call('staff.list', {}, session))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await errorOf(t.call('staff.create', sara(), session))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await errorOf(t.call('staff.update', { staffId: 1, displayName: 'x y', role: 'clerk', nationalId: '0012345679', certificate: null }, session))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await errorOf(t.call('staff.setActive', { staffId: 1, active: false, reason: 'کودتا' }, session))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await errorOf(t.call('staff.resetPassword', { staffId: 1, password: 'Hack-1234-x' }, session))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await errorOf(t.call('staff.list', {}))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(auditRows(t)).toEqual([]);
  });

  it('every change leaves one entry, with the reason, and never a password or its hash', async () => {
    t = await setUpHub();
    const { staff } = await t.ok('staff.create', sara(), t.managerSession);
    await t.ok('staff.update', { staffId: staff.id, displayName: 'سارا ک', role: 'clerk', nationalId: '0012345679', certificate: cert }, t.managerSession);
    await t.ok('staff.update', { staffId: staff.id, displayName: 'سارا ک', role: 'clerk', nationalId: '0012345679', certificate: cert }, t.managerSession); // no change, no entry
    await t.ok('staff.setActive', { staffId: staff.id, active: false, reason: 'مرخصی بلند' }, t.managerSession);
    await t.ok('staff.setActive', { staffId: staff.id, active: false, reason: 'دوباره' }, t.managerSession); // already inactive, no entry
    await t.ok('staff.setActive', { staffId: staff.id, active: true, reason: 'بازگشت از مرخصی' }, t.managerSession);
    await t.ok('staff.resetPassword', { staffId: staff.id, password: 'Tazeh-Ramz-1405' }, t.managerSession);
    await t.call('staff.setActive', { staffId: 1, active: false, reason: 'خودم' }, t.managerSession); // refused: no entry
    const rows = auditRows(t);
    expect(rows.map((r) => [r.action, r.subject, r.reason])).toEqual([
      ['staffCreated', `staff:${staff.id}`, null],
      ['staffChanged', `staff:${staff.id}`, null],
      ['staffDeactivated', `staff:${staff.id}`, 'مرخصی بلند'],
      ['staffActivated', `staff:${staff.id}`, 'بازگشت از مرخصی'],
      ['passwordReset', `staff:${staff.id}`, null],
    ]);
    expect(JSON.parse(rows[1]!.detail)).toMatchObject({ changed: ['displayName'] });
    const hashes = t.db.prepare('SELECT password_hash FROM staff').pluck().all() as string[];
    const all = JSON.stringify(t.db.prepare('SELECT * FROM audit_log').all());
    for (const secret of ['Golab-Sorkh-77', 'Tazeh-Ramz-1405', ...hashes, '$argon2']) expect(all).not.toContain(secret);
    expect((await t.ok('audit.verify', {}, t.managerSession)).ok).toBe(true);
  });
});
