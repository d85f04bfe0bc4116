import { DomainError } from '../../core/errors';
import { getOffice } from '../../db/office';
import { lockSession, revokeOtherStaffSessions, revokeSession, unlockSession } from '../../db/sessions';
import { claimTotpStep, findStaffByUsername, getStaff, getStaffTotp, recordFailedLogin, resetFailedLogins, setStaffPassword } from '../../db/staff';
import { passwordProblem } from '../../core/auth/passwordPolicy';
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords';
import { openDeviceSession, openStaffSession } from '../auth/sessions';
import { totpStep } from '../auth/totp';
import type { HandlerGroup } from '.';
import { record } from '../audit/auditLog';
import { checkLanRole } from '../lan/lanGate';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const authHandlers: HandlerGroup<'auth.login' | 'auth.deviceLogin' | 'auth.logout' | 'auth.whoami' | 'auth.lock' | 'auth.unlock' | 'auth.changePassword'> = (hub) => ({
  /**
   * One generic answer for a wrong username, a wrong password and an inactive account, given
   * no sooner than `failureDelayMs`; a locked account says so (and until when) only after
   * the right password, so a lock reveals nothing to a guesser. With TOTP on, the code comes last:
   * only the right password learns that one is needed (OTP_REQUIRED), and a wrong or reused code is
   * a failed login like a wrong password — counted towards the lock, audited, answered slowly.
   */
  'auth.login': async ({ username, password, otp }, ctx) => {
    const started = Date.now();
    const failSlowly = async (err: DomainError): Promise<never> => {
      await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
      throw err;
    };
    if (!getOffice(hub.db)) throw new DomainError('NOT_SET_UP', 'the office is not set up yet');
    // over the LAN only a paired counter takes staff logins: a kiosk is no place to try passwords
    checkLanRole(ctx.lan, 'clerk');

    const staff = findStaffByUsername(hub.db, username);
    const passwordOk = await verifyPassword(staff?.passwordHash ?? (await decoyHash()), password);
    const invalid = new DomainError('INVALID_CREDENTIALS', 'wrong username or password');
    // A name that is no account is not kept: it may be a password typed into the wrong field.
    const failed = (why: string, more: Record<string, unknown> = {}) => record(hub.db, hub.now(), { actor: 'anonymous', action: 'loginFailed', subject: staff ? `staff:${staff.id}` : null, detail: { why, ...more } });
    if (!staff || !staff.active) {
      failed(staff ? 'inactive' : 'unknownUser');
      return failSlowly(invalid);
    }

    const now = hub.now();
    const locked = staff.lockedUntil !== null && staff.lockedUntil > now.toISOString();
    const countFailure = () => {
      if (staff.lockedUntil !== null) resetFailedLogins(hub.db, staff.id); // an old lock ran out: count afresh
      const until = new Date(now.getTime() + hub.auth.lockMinutes * 60_000).toISOString();
      const count = recordFailedLogin(hub.db, staff.id, hub.auth.lockAfterFailures, until);
      hub.log.warn('failed login', { username, failures: count });
    };
    if (!passwordOk) {
      if (!locked) countFailure();
      failed(locked ? 'wrongPasswordWhileLocked' : 'wrongPassword');
      return failSlowly(invalid);
    }
    if (locked) {
      failed('locked');
      return failSlowly(new DomainError('ACCOUNT_LOCKED', 'account locked after repeated failures', { retryAt: staff.lockedUntil! }));
    }
    const totp = getStaffTotp(hub.db, staff.id);
    if (totp?.enabled && totp.secret) {
      // Not counted and not slowed: only someone who typed the right password gets this far.
      if (otp === undefined) throw new DomainError('OTP_REQUIRED', 'this account also needs the code from its authenticator', { fields: [{ path: 'otp', reason: 'required' }] });
      const step = totpStep(totp.secret, otp, now);
      // claimed in the same statement that checks it: a code already used (a replay) is refused
      if (step === null || !claimTotpStep(hub.db, staff.id, step)) {
        countFailure();
        failed('wrongOtp', step === null ? {} : { reused: true });
        return failSlowly(new DomainError('INVALID_OTP', 'wrong or already used authenticator code', { fields: [{ path: 'otp', reason: 'invalid_otp' }] }));
      }
    }
    if (staff.failedLogins > 0 || staff.lockedUntil) resetFailedLogins(hub.db, staff.id);
    hub.log.info('login', { username, role: staff.role });
    record(hub.db, hub.now(), { actor: `staff:${staff.id}`, action: 'login', subject: `staff:${staff.id}`, detail: { role: staff.role } });
    return openStaffSession(hub, staff, ctx.lan?.deviceId ?? null);
  },

  'auth.deviceLogin': ({ role }, ctx) => {
    if (!getOffice(hub.db)) throw new DomainError('NOT_SET_UP', 'the office is not set up yet');
    checkLanRole(ctx.lan, role);
    return openDeviceSession(hub, role, ctx.lan?.deviceId ?? null);
  },

  'auth.logout': (_input, ctx) => {
    if (ctx.session) revokeSession(hub.db, ctx.session.hash, hub.now().toISOString());
    return { ok: true as const };
  },

  'auth.whoami': (_input, ctx) => {
    if (!ctx.principal || !ctx.session) throw new DomainError('UNAUTHENTICATED', 'no session');
    return { principal: ctx.principal, expiresAt: ctx.session.expiresAt, locked: ctx.session.locked, mustChangePassword: ctx.session.mustChangePassword };
  },

  /**
   * The owner replaces their own password: the current one first (answered as slowly as a failed
   * login when wrong, and counted like one), then the office's policy; every other session of theirs
   * ends — a device left logged in elsewhere knew the old password.
   */
  'auth.changePassword': async ({ current, next }, ctx) => {
    const started = Date.now();
    if (!ctx.session || ctx.principal?.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'no staff session');
    const { hash } = ctx.session;
    const staff = getStaff(hub.db, ctx.principal.userId);
    if (!staff) throw new DomainError('UNAUTHENTICATED', 'no such staff');
    const now = hub.now();
    // an open session is no place to guess the password at leisure: a locked account is refused, and
    // the wrong guess that locks it ends the session it came from (as at the lock screen)
    if (staff.lockedUntil !== null && staff.lockedUntil > now.toISOString()) {
      await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
      throw new DomainError('ACCOUNT_LOCKED', 'account locked after repeated failures', { retryAt: staff.lockedUntil });
    }
    if (!(await verifyPassword(staff.passwordHash, current))) {
      const until = new Date(now.getTime() + hub.auth.lockMinutes * 60_000).toISOString();
      const count = recordFailedLogin(hub.db, staff.id, hub.auth.lockAfterFailures, until);
      record(hub.db, now, { actor: `staff:${staff.id}`, action: 'loginFailed', subject: `staff:${staff.id}`, detail: { why: 'changePasswordWrongCurrent' } });
      if (count >= hub.auth.lockAfterFailures) revokeSession(hub.db, hash, now.toISOString());
      await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
      throw new DomainError('INVALID_CREDENTIALS', 'wrong current password', { fields: [{ path: 'current', reason: 'invalid_format' }] });
    }
    if (next === current) throw new DomainError('WEAK_PASSWORD', 'the new password is the old one', { fields: [{ path: 'next', reason: 'same_as_old' }] });
    const problem = passwordProblem(next, { username: staff.username, nationalId: staff.nationalId });
    if (problem) throw new DomainError('WEAK_PASSWORD', 'password breaks the policy', { fields: [{ path: 'next', reason: problem }] });
    const passwordHash = await hashPassword(next);
    const ended = hub.db
      .transaction(() => {
        setStaffPassword(hub.db, staff.id, passwordHash, true);
        record(hub.db, now, { actor: `staff:${staff.id}`, action: 'passwordChanged', subject: `staff:${staff.id}` });
        return revokeOtherStaffSessions(hub.db, staff.id, hash, now.toISOString());
      })
      .immediate();
    hub.log.info('password changed', { username: staff.username, otherSessionsEnded: ended });
    return { ok: true as const };
  },

  'auth.lock': (_input, ctx) => {
    if (!ctx.session) throw new DomainError('UNAUTHENTICATED', 'no session');
    lockSession(hub.db, ctx.session.hash, hub.now().toISOString());
    return { ok: true as const };
  },

  /**
   * The password of the session's own staff member, and nobody else's: a wrong one is answered as
   * slowly as a failed login and counts towards the account lock — a locked counter is not a place
   * to guess passwords at leisure.
   */
  'auth.unlock': async ({ password }, ctx) => {
    const started = Date.now();
    if (!ctx.session || ctx.principal?.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'no staff session');
    const { hash } = ctx.session;
    const staff = getStaff(hub.db, ctx.principal.userId);
    if (!staff) throw new DomainError('UNAUTHENTICATED', 'no such staff');
    const ok = await verifyPassword(staff.passwordHash, password);
    const now = hub.now();
    if (!ok) {
      const until = new Date(now.getTime() + hub.auth.lockMinutes * 60_000).toISOString();
      const count = recordFailedLogin(hub.db, staff.id, hub.auth.lockAfterFailures, until);
      record(hub.db, now, { actor: `staff:${staff.id}`, action: 'loginFailed', subject: `staff:${staff.id}`, detail: { why: 'unlockWrongPassword' } });
      hub.log.warn('failed unlock', { username: staff.username, failures: count });
      // too many wrong passwords: the session ends, and the account is locked like after failed logins
      if (count >= hub.auth.lockAfterFailures) revokeSession(hub.db, hash, now.toISOString());
      await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
      throw new DomainError('INVALID_CREDENTIALS', 'wrong password');
    }
    if (staff.failedLogins > 0) resetFailedLogins(hub.db, staff.id);
    unlockSession(hub.db, hash);
    record(hub.db, now, { actor: `staff:${staff.id}`, action: 'login', subject: `staff:${staff.id}`, detail: { unlock: true } });
    return { ok: true as const };
  },
});

