import { DomainError } from '../../core/errors';
import { getOffice } from '../../db/office';
import { lockSession, revokeOtherStaffSessions, revokeSession, unlockSession } from '../../db/sessions';
import { claimTotpStep, findStaffByUsername, getStaff, getStaffTotp, releasePasswordAttempt, resetFailedLogins, setStaffPassword } from '../../db/staff';
import { attemptSource, checkPasswordAttempt } from './attempts';
import { passwordProblem } from '../../core/auth/passwordPolicy';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { openDeviceSession, openStaffSession } from './sessions';
import { totpStep } from './totp';
import type { HandlerGroup, HandlerPart } from '../handlers/types';
import { totpHandlers } from './totpHandlers';
import { deviceAuthHandlers } from './deviceHandlers';
import type { HubServices } from '../services';
import { record } from '../audit/auditLog';
import { checkLanRole } from '../lan/lanGate';
import { checkConnection, claimConnection } from './connection';
import { getCounter } from '../../db/queue';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The password of a signed-in staff member, asked again (unlocking the screen, changing the password):
 * claimed and counted like a login (hub/auth/attempts.ts), so a locked account is refused whatever is
 * typed, and the wrong one that locks the account also ends the session it came from.
 */
export async function ownPasswordCheck(
  hub: HubServices,
  staff: { id: number; username: string; passwordHash: string },
  password: string,
  why: string,
  sessionHash: string,
  started: number,
  fields?: DomainError['fields'],
): Promise<void> {
  const slowly = async (err: DomainError): Promise<never> => {
    await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
    throw err;
  };
  const attempt = await checkPasswordAttempt(hub, staff, password);
  if (attempt.outcome === 'right') return;
  const now = hub.now();
  if (attempt.outcome === 'locked') return slowly(new DomainError('ACCOUNT_LOCKED', 'account locked after repeated failures', { retryAt: attempt.retryAt }));
  record(hub.db, now, { actor: `staff:${staff.id}`, action: 'loginFailed', subject: `staff:${staff.id}`, detail: { why } });
  hub.log.warn('wrong password in a session', { username: staff.username, failures: attempt.count, why });
  if (attempt.count === null || attempt.count >= hub.auth.lockAfterFailures) revokeSession(hub.db, sessionHash, now.toISOString());
  return slowly(new DomainError('INVALID_CREDENTIALS', 'wrong password', fields ? { fields } : {}));
}

/** Staff login and sessions, screens without a person, the lock. */
const sessionHandlers: HandlerPart<'auth.login' | 'auth.deviceLogin' | 'auth.logout' | 'auth.whoami' | 'auth.lock' | 'auth.unlock' | 'auth.changePassword'> = (hub) => ({
  /**
   * One generic answer for a wrong username, a wrong password and an inactive account, given
   * no sooner than `failureDelayMs`. A locked account is answered ACCOUNT_LOCKED (and until when)
   * whatever the password, and its password is not even checked: the lock tells a guesser nothing.
   * Each attempt is claimed in the database before the check (hub/auth/attempts.ts), so a burst in
   * flight together cannot get past the lock, and the source is bounded too (failures in a window,
   * attempts in flight). The manager at the hub's own PC is not stopped by the account's lock — the
   * way back in when a LAN device locked the account — only by that PC's own source limit.
   * With TOTP on, the code comes last: only the right password learns that one is needed
   * (OTP_REQUIRED, its claim given back), and a wrong or reused code is a failed login.
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
    // nor is a screen's connection, on any PC (asked before the password: it learns nothing of it)
    checkConnection(hub, ctx, 'clerk', 'auth.login');

    const source = attemptSource(ctx);
    const leaveSource = hub.attempts.admit(source);
    let leaveAccount = () => {};
    try {
      leaveAccount = hub.attempts.admitAccount(username.toLowerCase());
      const staff = findStaffByUsername(hub.db, username);
      // A name that is no account is not kept: it may be a password typed into the wrong field.
      const failed = (why: string, more: Record<string, unknown> = {}) => {
        record(hub.db, hub.now(), { actor: 'anonymous', action: 'loginFailed', subject: staff ? `staff:${staff.id}` : null, detail: { why, source: source.key, ...more } });
        if (hub.attempts.failed(source)) {
          hub.log.warn('login attempts from one source blocked', { source: source.key });
          record(hub.db, hub.now(), { actor: 'anonymous', action: 'loginFailed', subject: null, detail: { why: 'sourceBlocked', source: source.key } });
        }
      };
      const invalid = new DomainError('INVALID_CREDENTIALS', 'wrong username or password');
      if (!staff || !staff.active) {
        await verifyPassword(await decoyHash(), password); // as long as a real check
        failed(staff ? 'inactive' : 'unknownUser');
        return await failSlowly(invalid);
      }

      const attempt = await checkPasswordAttempt(hub, staff, password, { pastLock: source.local && staff.role === 'manager' });
      if (attempt.outcome === 'locked') {
        failed('locked');
        return await failSlowly(new DomainError('ACCOUNT_LOCKED', 'account locked after repeated failures', { retryAt: attempt.retryAt }));
      }
      if (attempt.outcome === 'wrong') {
        if (attempt.count !== null) hub.log.warn('failed login', { username, failures: attempt.count });
        failed(attempt.count === null ? 'wrongPasswordWhileLocked' : 'wrongPassword');
        return await failSlowly(invalid);
      }
      const now = hub.now();
      const totp = getStaffTotp(hub.db, staff.id);
      if (totp?.enabled && totp.secret) {
        if (otp === undefined) {
          // Not counted and not slowed: only someone who typed the right password gets this far.
          if (attempt.claimed) releasePasswordAttempt(hub.db, staff.id, hub.auth.lockAfterFailures);
          throw new DomainError('OTP_REQUIRED', 'this account also needs the code from its authenticator', { fields: [{ path: 'otp', reason: 'required' }] });
        }
        const step = totpStep(totp.secret, otp, now);
        // claimed in the same statement that checks it: a code already used (a replay) is refused
        if (step === null || !claimTotpStep(hub.db, staff.id, step)) {
          failed('wrongOtp', step === null ? {} : { reused: true });
          return await failSlowly(new DomainError('INVALID_OTP', 'wrong or already used authenticator code', { fields: [{ path: 'otp', reason: 'invalid_otp' }] }));
        }
      }
      // the password took a while: the connection may have become a screen's meanwhile
      checkConnection(hub, ctx, staff.role, 'auth.login');
      claimConnection(ctx.connection, staff.role, `staff:${staff.id}`);
      resetFailedLogins(hub.db, staff.id);
      hub.log.info('login', { username, role: staff.role });
      record(hub.db, hub.now(), { actor: `staff:${staff.id}`, action: 'login', subject: `staff:${staff.id}`, detail: { role: staff.role, source: source.key } });
      return openStaffSession(hub, staff, ctx.lan?.deviceId ?? null);
    } finally {
      leaveAccount();
      leaveSource();
    }
  },

  /**
   * A screen's session: only on a connection that never carried staff (hub/auth/connection.ts), so
   * a counter's own connection cannot become its applicant's screen. An applicant's screen names the
   * counter it faces, and shows and answers for that counter only.
   */
  'auth.deviceLogin': ({ role, counterId }, ctx) => {
    if (!getOffice(hub.db)) throw new DomainError('NOT_SET_UP', 'the office is not set up yet');
    checkLanRole(ctx.lan, role);
    checkConnection(hub, ctx, role, 'auth.deviceLogin');
    if (counterId !== undefined && !getCounter(hub.db, counterId)?.active) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
    claimConnection(ctx.connection, role, `device:${role}`);
    return openDeviceSession(hub, role, ctx.lan?.deviceId ?? null, counterId ?? null);
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
    await ownPasswordCheck(hub, staff, current, 'changePasswordWrongCurrent', hash, started, [{ path: 'current', reason: 'invalid_format' }]);
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
    await ownPasswordCheck(hub, staff, password, 'unlockWrongPassword', hash, started);
    const now = hub.now();
    resetFailedLogins(hub.db, staff.id);
    unlockSession(hub.db, hash);
    record(hub.db, now, { actor: `staff:${staff.id}`, action: 'login', subject: `staff:${staff.id}`, detail: { unlock: true } });
    return { ok: true as const };
  },
});

/** Every auth.* procedure: sessions (here), the second factor (./totpHandlers.ts), a LAN device's pairing and proof (./deviceHandlers.ts). */
export const authHandlers: HandlerGroup<'auth'> = (hub) => ({ ...sessionHandlers(hub), ...totpHandlers(hub), ...deviceAuthHandlers(hub) });
