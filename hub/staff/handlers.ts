import type { StaffView } from '../../core/api/staff';
import { passwordProblem } from '../../core/auth/passwordPolicy';
import { DomainError } from '../../core/errors';
import type { StaffRole } from '../../core/roles';
import { revokeStaffSessions } from '../../db/sessions';
import {
  activateStaff,
  countActiveManagers,
  deactivateStaff,
  findStaffByNationalId,
  findStaffByUsername,
  getStaff,
  insertStaff,
  listStaff,
  setStaffPassword,
  updateStaffRecord,
  type StaffCertificate,
  type StaffRow,
} from '../../db/staff';
import type { Database } from '../../db/sqlite';
import { hashPassword } from '../auth/passwords';
import type { CallContext } from '../services';
import type { HandlerGroup } from '../handlers/types';


function view(row: StaffRow, names: Map<number, string>): StaffView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    active: row.active,
    createdAt: row.createdAt,
    nationalId: row.nationalId,
    certificate:
      row.certificateNumber !== null && row.certificateIssuer !== null && row.certificateDate !== null
        ? { number: row.certificateNumber, issuer: row.certificateIssuer, date: row.certificateDate }
        : null,
    deactivatedAt: row.active ? null : row.deactivatedAt,
    deactivatedBy: row.active || row.deactivatedBy === null ? null : (names.get(row.deactivatedBy) ?? null),
    deactivationReason: row.active ? null : row.deactivationReason,
  };
}

function viewOf(db: Database, id: number): StaffView {
  const row = getStaff(db, id);
  if (!row) throw new DomainError('UNKNOWN_STAFF', 'no such staff member');
  const by = row.deactivatedBy === null ? undefined : getStaff(db, row.deactivatedBy);
  return view(row, new Map(by ? [[by.id, by.displayName]] : []));
}

function target(db: Database, id: number): StaffRow {
  const row = getStaff(db, id);
  if (!row) throw new DomainError('UNKNOWN_STAFF', 'no such staff member');
  return row;
}

/** ماده ۳۶ ت: only a manager may work here without a skills certificate on record. */
function mayBeActive(role: StaffRole, certificate: StaffCertificate | null | undefined): boolean {
  return role === 'manager' || !!certificate;
}

const certificateRequired = () =>
  new DomainError('CERTIFICATE_REQUIRED', 'a clerk or legal expert needs a skills certificate on record to be active', {
    fields: [{ path: 'certificate.number', reason: 'certificate_required' }],
  });

function checkPassword(password: string, who: { username: string; nationalId: string | null }): void {
  const problem = passwordProblem(password, who);
  if (problem) throw new DomainError('WEAK_PASSWORD', 'password breaks the policy', { fields: [{ path: 'password', reason: problem }] });
}

function checkUniqueNationalId(db: Database, nationalId: string, self: number | null): void {
  const other = findStaffByNationalId(db, nationalId);
  if (other && other.id !== self) {
    throw new DomainError('NATIONAL_ID_TAKEN', 'another staff member has this national id', { fields: [{ path: 'nationalId', reason: 'national_id_taken' }] });
  }
}

function callerId(ctx: CallContext): number {
  if (ctx.principal?.kind !== 'user') throw new DomainError('FORBIDDEN', 'a person must do this');
  return ctx.principal.userId;
}

export const staffHandlers: HandlerGroup<'staff'> = (hub) => ({
  'staff.list': () => {
    const rows = listStaff(hub.db);
    const names = new Map(rows.map((r) => [r.id, r.displayName]));
    return { staff: rows.map((r) => view(r, names)) };
  },

  'staff.create': async (input) => {
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
  },

  'staff.update': (input) =>
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
    })(),

  'staff.setActive': (input, ctx) =>
    hub.db.transaction(() => {
      const me = callerId(ctx);
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
    })(),

  'staff.resetPassword': async (input) => {
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
  },
});
