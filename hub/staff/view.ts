/** A staff account as the manager's console shows it (no password hash, the certificate in one piece). */
import type { StaffView } from '../../core/api/staff';
import { DomainError } from '../../core/errors';
import { getStaff, type StaffRow } from '../../db/staff';
import type { Database } from '../../db/sqlite';

export function view(row: StaffRow, names: Map<number, string>): StaffView {
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

export function viewOf(db: Database, id: number): StaffView {
  const row = getStaff(db, id);
  if (!row) throw new DomainError('UNKNOWN_STAFF', 'no such staff member');
  const by = row.deactivatedBy === null ? undefined : getStaff(db, row.deactivatedBy);
  return view(row, new Map(by ? [[by.id, by.displayName]] : []));
}

/** The account, or UNKNOWN_STAFF. */
export function target(db: Database, id: number): StaffRow {
  const row = getStaff(db, id);
  if (!row) throw new DomainError('UNKNOWN_STAFF', 'no such staff member');
  return row;
}
