/** The signed-in staff member's own password, asked again: unlocking the screen, changing it (docs/LOGIN.md). */
import type { ProcedureParsedInput } from '../../core/api/contract';
import { passwordProblem } from '../../core/auth/passwordPolicy';
import { DomainError } from '../../core/errors';
import { revokeOtherStaffSessions, revokeSession, unlockSession } from '../../db/sessions';
import { getStaff, resetFailedLogins, setStaffPassword } from '../../db/staff';
import { record } from '../audit/auditLog';
import type { CallContext, HubBase } from '../base';
import { checkPasswordAttempt } from './attempts';
import { hashPassword } from './passwords';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The password of a signed-in staff member, asked again (unlocking the screen, changing the password):
 * claimed and counted like a login (hub/auth/attempts.ts), so a locked account is refused whatever is
 * typed, and the wrong one that locks the account also ends the session it came from.
 */
export async function ownPasswordCheck(
  hub: HubBase,
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

/**
 * The owner replaces their own password: the current one first (answered as slowly as a failed
 * login when wrong, and counted like one), then the office's policy; every other session of theirs
 * ends — a device left logged in elsewhere knew the old password.
 */
export async function changeOwnPassword(hub: HubBase, { current, next }: ProcedureParsedInput<'auth.changePassword'>, ctx: CallContext) {
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
}

/**
 * The password of the session's own staff member, and nobody else's: a wrong one is answered as
 * slowly as a failed login and counts towards the account lock — a locked counter is not a place
 * to guess passwords at leisure.
 */
export async function unlockOwnSession(hub: HubBase, { password }: ProcedureParsedInput<'auth.unlock'>, ctx: CallContext) {
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
}
