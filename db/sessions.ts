import type { Database } from './sqlite';
import { stmt } from './statements';
import type { DeviceRole } from '../core/roles';

export interface SessionRow {
  tokenHash: string;
  staffId: number | null;
  deviceRole: DeviceRole | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lockedAt: string | null;
  /** the paired LAN device it was opened on; null on the hub's own PC */
  deviceId: number | null;
  /** the counter an applicant's screen faces (null for every other session, and a screen that has not chosen) */
  counterId: number | null;
}

export function insertSession(db: Database, row: Omit<SessionRow, 'revokedAt' | 'lockedAt' | 'counterId'> & { counterId?: number | null }): void {
  stmt(db, 
    'INSERT INTO session (token_hash, staff_id, device_role, created_at, expires_at, device_id, counter_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(row.tokenHash, row.staffId, row.deviceRole, row.createdAt, row.expiresAt, row.deviceId, row.counterId ?? null);
}

export function findSession(db: Database, tokenHash: string): SessionRow | undefined {
  return stmt<[string], SessionRow>(db, 
      `SELECT token_hash AS tokenHash, staff_id AS staffId, device_role AS deviceRole,
              created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt, locked_at AS lockedAt,
              device_id AS deviceId, counter_id AS counterId
       FROM session WHERE token_hash = ?`,
    )
    .get(tokenHash);
}

export function revokeSession(db: Database, tokenHash: string, now: string): void {
  stmt(db, 'UPDATE session SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(now, tokenHash);
}

/** Ends every open session of one staff member (deactivated, or given a new password). Returns how many. */
export function revokeStaffSessions(db: Database, staffId: number, now: string): number {
  return stmt(db, 'UPDATE session SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL').run(now, staffId).changes;
}

/** Every other open session of a staff member (a password change ends the sessions that knew the old one). */
export function revokeOtherStaffSessions(db: Database, staffId: number, keepTokenHash: string, now: string): number {
  return stmt(db, 'UPDATE session SET revoked_at = ? WHERE staff_id = ? AND token_hash <> ? AND revoked_at IS NULL').run(now, staffId, keepTokenHash).changes;
}

/** Sessions past expiry are kept a day for the record, then removed. */
export function deleteExpiredSessions(db: Database, before: string): number {
  return stmt(db, 'DELETE FROM session WHERE expires_at < ?').run(before).changes;
}

/** Lock a session (kept until unlocked with the password, or the session ends). */
export function lockSession(db: Database, tokenHash: string, at: string): void {
  stmt(db, 'UPDATE session SET locked_at = coalesce(locked_at, ?) WHERE token_hash = ? AND revoked_at IS NULL').run(at, tokenHash);
}

export function unlockSession(db: Database, tokenHash: string): void {
  stmt(db, 'UPDATE session SET locked_at = NULL WHERE token_hash = ?').run(tokenHash);
}
