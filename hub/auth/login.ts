/** Opening a session: staff login with the password (and the TOTP code when on), a screen's session without a person (docs/LOGIN.md). */
import type { ProcedureParsedInput } from '../../core/api/contract';
import { DomainError } from '../../core/errors';
import { getOffice } from '../../db/office';
import { getCounter } from '../../db/queue';
import { claimTotpStep, findStaffByUsername, getStaffTotp, releasePasswordAttempt, resetFailedLogins } from '../../db/staff';
import { record } from '../audit/auditLog';
import type { CallContext, HubBase } from '../base';
import { checkLanRole } from '../lan/lanGate';
import { attemptSource, checkPasswordAttempt } from './attempts';
import { checkConnection, claimConnection } from './connection';
import { decoyHash, verifyPassword } from './passwords';
import { openDeviceSession, openStaffSession } from './sessions';
import { totpStep } from './totp';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
export async function staffLogin(hub: HubBase, { username, password, otp }: ProcedureParsedInput<'auth.login'>, ctx: CallContext) {
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
}

/**
 * A screen's session: only on a connection that never carried staff (hub/auth/connection.ts), so
 * a counter's own connection cannot become its applicant's screen. An applicant's screen names the
 * counter it faces, and shows and answers for that counter only.
 */
export function deviceLogin(hub: HubBase, { role, counterId }: ProcedureParsedInput<'auth.deviceLogin'>, ctx: CallContext) {
  if (!getOffice(hub.db)) throw new DomainError('NOT_SET_UP', 'the office is not set up yet');
  checkLanRole(ctx.lan, role);
  checkConnection(hub, ctx, role, 'auth.deviceLogin');
  if (counterId !== undefined && !getCounter(hub.db, counterId)?.active) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
  claimConnection(ctx.connection, role, `device:${role}`);
  return openDeviceSession(hub, role, ctx.lan?.deviceId ?? null, counterId ?? null);
}
