import type { Database } from './sqlite';
import { stmt } from './statements';
import type { StaffRole } from '../core/roles';

export interface StaffRow {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
  active: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
}

const columns = `id, username, display_name AS displayName, role, password_hash AS passwordHash,
  active, failed_logins AS failedLogins, locked_until AS lockedUntil, created_at AS createdAt`;

type RawStaff = Omit<StaffRow, 'active'> & { active: number };
const fromRaw = (r: RawStaff | undefined): StaffRow | undefined => (r ? { ...r, active: r.active === 1 } : undefined);

export function findStaffByUsername(db: Database, username: string): StaffRow | undefined {
  return fromRaw(stmt<[string], RawStaff>(db, `SELECT ${columns} FROM staff WHERE username = ?`).get(username));
}

export function getStaff(db: Database, id: number): StaffRow | undefined {
  return fromRaw(stmt<[number], RawStaff>(db, `SELECT ${columns} FROM staff WHERE id = ?`).get(id));
}

export function listStaff(db: Database): StaffRow[] {
  return stmt<[], RawStaff>(db, `SELECT ${columns} FROM staff ORDER BY id`)
    .all()
    .map((r) => fromRaw(r)!);
}

export function insertStaff(
  db: Database,
  staff: { username: string; displayName: string; role: StaffRole; passwordHash: string },
  now: string,
): number {
  const info = stmt(db, 'INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(staff.username, staff.displayName, staff.role, staff.passwordHash, now);
  return Number(info.lastInsertRowid);
}

/** Count a failed login; lock the account when the threshold is reached. Returns the new count. */
export function recordFailedLogin(db: Database, id: number, lockAfter: number, lockedUntil: string): number {
  const row = stmt<[number, string, number], { failedLogins: number }>(db, 
      `UPDATE staff SET failed_logins = failed_logins + 1,
         locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END
       WHERE id = ? RETURNING failed_logins AS failedLogins`,
    )
    .get(lockAfter, lockedUntil, id);
  return row?.failedLogins ?? 0;
}

/** After a lock ran out, the count restarts so the next run of failures locks again. */
export function resetFailedLogins(db: Database, id: number): void {
  stmt(db, 'UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
}
