/** TOTP for the signed-in staff member's own account — never someone else's (docs/SECURITY.md § TOTP). */
import type { ProcedureParsedInput } from '../../core/api/contract';
import { DomainError } from '../../core/errors';
import { getOffice } from '../../db/office';
import { revokeOtherStaffSessions, revokeSession } from '../../db/sessions';
import { claimTotpStep, disableTotp, enableTotp, getStaff, getStaffTotp, resetFailedLogins, setPendingTotpSecret } from '../../db/staff';
import { record } from '../audit/auditLog';
import type { CallContext, HubBase } from '../base';
import { checkPasswordAttempt } from './attempts';
import { newTotpSecret, totpStep } from './totp';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The caller's own staff row and TOTP state; only a staff session has one. */
function me(hub: HubBase, ctx: CallContext) {
  if (!ctx.session || ctx.principal?.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'no staff session');
  const staff = getStaff(hub.db, ctx.principal.userId);
  const totp = staff && getStaffTotp(hub.db, staff.id);
  if (!staff || !totp) throw new DomainError('UNAUTHENTICATED', 'no such staff');
  return { staff, totp, sessionHash: ctx.session.hash };
}

export function ownTotpStatus(hub: HubBase, ctx: CallContext) {
  return { enabled: me(hub, ctx).totp.enabled };
}

/**
 * A new secret each time (an earlier, unconfirmed one is dropped). While TOTP is on, a new one
 * is refused: replacing it would let anyone at an open session re-key the account without a
 * code — turn it off first, which needs the password and a code.
 */
export function beginOwnTotp(hub: HubBase, ctx: CallContext) {
  const { staff, totp } = me(hub, ctx);
  if (totp.enabled) throw new DomainError('OTP_ALREADY_ENABLED', 'TOTP is already on; turn it off first');
  const office = getOffice(hub.db);
  const issued = newTotpSecret(`${office?.name ?? ''}/${staff.username}`);
  setPendingTotpSecret(hub.db, staff.id, issued.secret);
  return issued;
}

/**
 * The first code proves the app holds the secret. Its step counts as used; the caller's other
 * sessions end — they were opened by someone who needed only the password.
 */
export function confirmOwnTotp(hub: HubBase, { otp }: ProcedureParsedInput<'auth.totpConfirm'>, ctx: CallContext) {
  const { staff, totp, sessionHash } = me(hub, ctx);
  if (totp.enabled) throw new DomainError('OTP_ALREADY_ENABLED', 'TOTP is already on');
  if (!totp.pendingSecret) throw new DomainError('OTP_NOT_ENABLED', 'no enrolment was started');
  const now = hub.now();
  const step = totpStep(totp.pendingSecret, otp, now);
  if (step === null) throw new DomainError('INVALID_OTP', 'wrong code for the new secret', { fields: [{ path: 'otp', reason: 'invalid_otp' }] });
  const ended = hub.db
    .transaction(() => {
      enableTotp(hub.db, staff.id, step);
      record(hub.db, now, { actor: `staff:${staff.id}`, action: 'totpEnabled', subject: `staff:${staff.id}` });
      return revokeOtherStaffSessions(hub.db, staff.id, sessionHash, now.toISOString());
    })
    .immediate();
  hub.log.info('totp enabled', { username: staff.username, loggedOutElsewhere: ended }); // (a key with «session» in it is redacted)
  return { ok: true as const };
}

/**
 * Both factors, as at login: an open session alone (a screen left unlocked) cannot strip the
 * second factor. A wrong password or code counts towards the account lock and is answered as
 * slowly as a failed login; the code's step is used up. An open session is no place to guess at
 * leisure: a locked account is refused, and the failure that locks it ends this session too.
 */
export async function disableOwnTotp(hub: HubBase, { password, otp }: ProcedureParsedInput<'auth.totpDisable'>, ctx: CallContext) {
  const started = Date.now();
  const { staff, totp, sessionHash } = me(hub, ctx);
  if (!totp.enabled || !totp.secret) throw new DomainError('OTP_NOT_ENABLED', 'TOTP is not on');
  const now = hub.now();
  // the password is claimed and counted like a login (a locked account is refused whatever is typed)
  const attempt = await checkPasswordAttempt(hub, staff, password);
  if (attempt.outcome === 'locked') {
    await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
    throw new DomainError('ACCOUNT_LOCKED', 'account locked after repeated failures', { retryAt: attempt.retryAt });
  }
  const passwordOk = attempt.outcome === 'right';
  const step = passwordOk ? totpStep(totp.secret, otp, now) : null;
  const codeOk = step !== null && claimTotpStep(hub.db, staff.id, step);
  if (!passwordOk || !codeOk) {
    // a right password with a wrong code keeps its claim: it counts as a failure
    const count = attempt.outcome === 'wrong' ? attempt.count : (getStaff(hub.db, staff.id)?.failedLogins ?? 0);
    record(hub.db, now, { actor: `staff:${staff.id}`, action: 'loginFailed', subject: `staff:${staff.id}`, detail: { why: passwordOk ? 'totpDisableWrongOtp' : 'totpDisableWrongPassword' } });
    if (count === null || count >= hub.auth.lockAfterFailures) revokeSession(hub.db, sessionHash, now.toISOString());
    await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
    if (!passwordOk) throw new DomainError('INVALID_CREDENTIALS', 'wrong password', { fields: [{ path: 'password', reason: 'invalid_format' }] });
    throw new DomainError('INVALID_OTP', 'wrong or already used code', { fields: [{ path: 'otp', reason: 'invalid_otp' }] });
  }
  resetFailedLogins(hub.db, staff.id);
  hub.db
    .transaction(() => {
      disableTotp(hub.db, staff.id);
      record(hub.db, now, { actor: `staff:${staff.id}`, action: 'totpDisabled', subject: `staff:${staff.id}` });
    })
    .immediate();
  hub.log.info('totp disabled', { username: staff.username });
  return { ok: true as const };
}
