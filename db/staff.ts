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
  nationalId: string | null;
  certificateNumber: string | null;
  certificateIssuer: string | null;
  /** Jalali, YYYY-MM-DD */
  certificateDate: string | null;
  deactivatedAt: string | null;
  deactivatedBy: number | null;
  deactivationReason: string | null;
  /** the password was chosen by the manager: its owner must replace it before anything else */
  mustChangePassword: boolean;
}

export interface StaffCertificate {
  number: string;
  issuer: string;
  date: string;
}

const columns = `id, username, display_name AS displayName, role, password_hash AS passwordHash,
  active, failed_logins AS failedLogins, locked_until AS lockedUntil, created_at AS createdAt,
  national_id AS nationalId, certificate_number AS certificateNumber, certificate_issuer AS certificateIssuer,
  certificate_date AS certificateDate, deactivated_at AS deactivatedAt, deactivated_by AS deactivatedBy,
  deactivation_reason AS deactivationReason, must_change_password AS mustChangePassword`;

type RawStaff = Omit<StaffRow, 'active' | 'mustChangePassword'> & { active: number; mustChangePassword: number };
const fromRaw = (r: RawStaff | undefined): StaffRow | undefined => (r ? { ...r, active: r.active === 1, mustChangePassword: r.mustChangePassword === 1 } : undefined);

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

export function findStaffByNationalId(db: Database, nationalId: string): StaffRow | undefined {
  return fromRaw(stmt<[string], RawStaff>(db, `SELECT ${columns} FROM staff WHERE national_id = ?`).get(nationalId));
}

export function countActiveManagers(db: Database): number {
  return stmt<[], { n: number }>(db, "SELECT count(*) AS n FROM staff WHERE role = 'manager' AND active = 1").get()!.n;
}

export function insertStaff(
  db: Database,
  staff: {
    username: string;
    displayName: string;
    role: StaffRole;
    passwordHash: string;
    nationalId?: string | null;
    certificate?: StaffCertificate | null;
    active?: boolean;
    /** true when the manager chose the password (a new account): the owner replaces it at first login */
    mustChangePassword?: boolean;
  },
  now: string,
): number {
  const cert = staff.certificate ?? null;
  const info = stmt(
    db,
    `INSERT INTO staff (username, display_name, role, password_hash, created_at, national_id,
       certificate_number, certificate_issuer, certificate_date, active, must_change_password)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(staff.username, staff.displayName, staff.role, staff.passwordHash, now, staff.nationalId ?? null, cert?.number ?? null, cert?.issuer ?? null, cert?.date ?? null, staff.active === false ? 0 : 1, staff.mustChangePassword ? 1 : 0);
  return Number(info.lastInsertRowid);
}

export function updateStaffRecord(
  db: Database,
  id: number,
  staff: { displayName: string; role: StaffRole; nationalId: string; certificate: StaffCertificate | null },
): void {
  const cert = staff.certificate;
  stmt(
    db,
    `UPDATE staff SET display_name = ?, role = ?, national_id = ?, certificate_number = ?, certificate_issuer = ?, certificate_date = ?
     WHERE id = ?`,
  ).run(staff.displayName, staff.role, staff.nationalId, cert?.number ?? null, cert?.issuer ?? null, cert?.date ?? null, id);
}

/** Activation clears the last deactivation's record (the audit trail keeps every one). */
export function activateStaff(db: Database, id: number): void {
  stmt(db, 'UPDATE staff SET active = 1, deactivated_at = NULL, deactivated_by = NULL, deactivation_reason = NULL WHERE id = ?').run(id);
}

export function deactivateStaff(db: Database, id: number, by: number, reason: string, now: string): void {
  stmt(db, 'UPDATE staff SET active = 0, deactivated_at = ?, deactivated_by = ?, deactivation_reason = ? WHERE id = ?').run(now, by, reason, id);
}

/** A new password also lifts a lock and the count of failures. */
/** A new password; `chosenByOwner` false when the manager set it (the owner must then replace it). */
export function setStaffPassword(db: Database, id: number, passwordHash: string, chosenByOwner = false): void {
  stmt(db, 'UPDATE staff SET password_hash = ?, failed_logins = 0, locked_until = NULL, must_change_password = ? WHERE id = ?').run(passwordHash, chosenByOwner ? 0 : 1, id);
}

/**
 * Claim one password attempt before checking it: the failure count goes up (the lock is set when it
 * reaches `lockAfter`) in the same statement that checks the account is not locked, so attempts in
 * flight together can never judge the lock from a stale copy. A lock that ran out starts the count
 * afresh. Returns the count including this attempt, or null while the account is locked.
 */
export function claimPasswordAttempt(db: Database, id: number, lockAfter: number, now: string, lockedUntil: string): number | null {
  const row = stmt<[string, string, number, string, string, number, string], { failedLogins: number }>(
    db,
    `UPDATE staff SET
       failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 1 ELSE failed_logins + 1 END,
       locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 1 ELSE failed_logins + 1 END) >= ? THEN ?
                           WHEN locked_until IS NOT NULL AND locked_until <= ? THEN NULL ELSE locked_until END
     WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)
     RETURNING failed_logins AS failedLogins`,
  ).get(now, now, lockAfter, lockedUntil, now, id, now);
  return row?.failedLogins ?? null;
}

/**
 * Give a claimed attempt back when it turned out not to be a guess (the right password, asked for
 * its second factor): the count goes down by one, and a lock goes only if the count is then below
 * the limit (a lock that other, wrong, attempts earned stays).
 */
export function releasePasswordAttempt(db: Database, id: number, lockAfter: number): void {
  stmt(
    db,
    `UPDATE staff SET failed_logins = failed_logins - 1,
       locked_until = CASE WHEN failed_logins - 1 < ? THEN NULL ELSE locked_until END
     WHERE id = ? AND failed_logins > 0`,
  ).run(lockAfter, id);
}

/** The right password: the count of failures (and a lock of this run) is cleared. */
export function resetFailedLogins(db: Database, id: number): void {
  stmt(db, 'UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
}

/** The TOTP state of one account (migration 0017). Secrets are base32, as authenticator apps take them. */
export interface StaffTotp {
  enabled: boolean;
  secret: string | null;
  pendingSecret: string | null;
  /** the 30-second step of the last code accepted; a code is accepted only for a later step */
  lastStep: number | null;
}

export function getStaffTotp(db: Database, id: number): StaffTotp | undefined {
  const row = stmt<[number], { enabled: number; secret: string | null; pendingSecret: string | null; lastStep: number | null }>(
    db,
    'SELECT totp_enabled AS enabled, totp_secret AS secret, totp_pending_secret AS pendingSecret, totp_last_step AS lastStep FROM staff WHERE id = ?',
  ).get(id);
  return row ? { ...row, enabled: row.enabled === 1 } : undefined;
}

/** A new secret waiting for its first code; the one in use, if any, is untouched. */
export function setPendingTotpSecret(db: Database, id: number, secret: string): void {
  stmt(db, 'UPDATE staff SET totp_pending_secret = ? WHERE id = ?').run(secret, id);
}

/** The pending secret becomes the one in use; `step` is that of the code that confirmed it. */
export function enableTotp(db: Database, id: number, step: number): boolean {
  return (
    stmt(db, 'UPDATE staff SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled = 1, totp_last_step = ? WHERE id = ? AND totp_pending_secret IS NOT NULL').run(step, id).changes === 1
  );
}

export function disableTotp(db: Database, id: number): void {
  stmt(db, 'UPDATE staff SET totp_enabled = 0, totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL WHERE id = ?').run(id);
}

/**
 * Take a code's step if it is later than the last one taken — the check and the write in one
 * statement, so two logins racing with the same code cannot both succeed. False: already used.
 */
export function claimTotpStep(db: Database, id: number, step: number): boolean {
  return stmt(db, 'UPDATE staff SET totp_last_step = ? WHERE id = ? AND totp_enabled = 1 AND (totp_last_step IS NULL OR totp_last_step < ?)').run(step, id, step).changes === 1;
}
