/** Creating, changing, deactivating and resetting the password of staff accounts (manager only; docs/LOGIN.md). */
import type { ProcedureParsedInput } from '../../core/api/contract';
import { DomainError } from '../../core/errors';
import { revokeStaffSessions } from '../../db/sessions';
import { activateStaff, countActiveManagers, deactivateStaff, findStaffByUsername, insertStaff, setStaffPassword, updateStaffRecord } from '../../db/staff';
import { hashPassword } from '../auth/passwords';
import type { HubBase } from '../base';
import { certificateRequired, checkPassword, checkUniqueNationalId, mayBeActive } from './rules';
import { target, viewOf } from './view';

/** A new account; it must change the password the manager chose at its first login. */
export async function createStaff(hub: HubBase, input: ProcedureParsedInput<'staff.create'>) {
  if (findStaffByUsername(hub.db, input.username)) {
    throw new DomainError('USERNAME_TAKEN', 'username in use', { fields: [{ path: 'username', reason: 'username_taken' }] });
  }
  checkUniqueNationalId(hub.db, input.nationalId, null);
  checkPassword(input.password, input);
  // Hash outside the transaction: argon2 takes tens of ms and must not hold the write lock.
  const passwordHash = await hashPassword(input.password);
  const now = hub.now().toISOString();
  const id = hub.db
    .transaction(() => {
      // Checked again inside the lock: the names may have been taken while hashing.
      if (findStaffByUsername(hub.db, input.username)) {
        throw new DomainError('USERNAME_TAKEN', 'username in use', { fields: [{ path: 'username', reason: 'username_taken' }] });
      }
      checkUniqueNationalId(hub.db, input.nationalId, null);
      return insertStaff(
        hub.db,
        {
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          passwordHash,
          nationalId: input.nationalId,
          certificate: input.certificate,
          active: mayBeActive(input.role, input.certificate),
          mustChangePassword: true,
        },
        now,
      );
    })
    .immediate();
  hub.log.info('staff created', { staffId: id, role: input.role });
  return { staff: viewOf(hub.db, id) };
}

/** Name, role, national id and certificate; what changed, for the audit trail. */
export function updateStaff(hub: HubBase, input: ProcedureParsedInput<'staff.update'>) {
  return (
    hub.db.transaction(() => {
      const before = target(hub.db, input.staffId);
      checkUniqueNationalId(hub.db, input.nationalId, before.id);
      if (before.active && !mayBeActive(input.role, input.certificate)) throw certificateRequired();
      if (before.active && before.role === 'manager' && input.role !== 'manager' && countActiveManagers(hub.db) <= 1) {
        throw new DomainError('LAST_MANAGER', 'the office needs an active manager');
      }
      const old = viewOf(hub.db, before.id);
      updateStaffRecord(hub.db, before.id, input);
      // An account that has never worked (created inactive for want of a certificate, never
      // deactivated by anyone) starts once its certificate is on record: there is nothing to give a
      // reason for. An account someone deactivated comes back only through staff.setActive, with a reason.
      if (!before.active && before.deactivatedAt === null && mayBeActive(input.role, input.certificate)) activateStaff(hub.db, before.id);
      const staff = viewOf(hub.db, before.id);
      const changed = (['displayName', 'role', 'nationalId', 'certificate', 'active'] as const).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(staff[k]));
      return { staff, changed };
    })()
  );
}

/** Activate, or deactivate with a reason (its sessions end); `me` is the manager doing it. */
export function setStaffActive(hub: HubBase, input: ProcedureParsedInput<'staff.setActive'>, me: number) {
  return (
    hub.db.transaction(() => {
      const row = target(hub.db, input.staffId);
      if (row.active === input.active) return { staff: viewOf(hub.db, row.id), changed: false, sessionsRevoked: 0 };
      const now = hub.now().toISOString();
      if (input.active) {
        if (!mayBeActive(row.role, viewOf(hub.db, row.id).certificate)) throw certificateRequired();
        activateStaff(hub.db, row.id);
        return { staff: viewOf(hub.db, row.id), changed: true, sessionsRevoked: 0 };
      }
      if (row.id === me) throw new DomainError('SELF_DEACTIVATION', 'a manager cannot deactivate themself');
      if (row.role === 'manager' && countActiveManagers(hub.db) <= 1) throw new DomainError('LAST_MANAGER', 'the office needs an active manager');
      deactivateStaff(hub.db, row.id, me, input.reason, now);
      const sessionsRevoked = revokeStaffSessions(hub.db, row.id, now);
      hub.log.info('staff deactivated', { staffId: row.id, sessionsRevoked });
      return { staff: viewOf(hub.db, row.id), changed: true, sessionsRevoked };
    })()
  );
}

/** A new password chosen by the manager; the account's sessions end. */
export async function resetStaffPassword(hub: HubBase, input: ProcedureParsedInput<'staff.resetPassword'>) {
  const row = target(hub.db, input.staffId);
  checkPassword(input.password, row);
  const passwordHash = await hashPassword(input.password);
  const sessionsRevoked = hub.db
    .transaction(() => {
      target(hub.db, input.staffId);
      setStaffPassword(hub.db, input.staffId, passwordHash);
      return revokeStaffSessions(hub.db, input.staffId, hub.now().toISOString());
    })
    .immediate();
  hub.log.info('staff password reset', { staffId: input.staffId, sessionsRevoked });
  return { ok: true as const, sessionsRevoked };
}
