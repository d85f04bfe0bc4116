/**
 * Paired LAN devices and their one-time pairing codes (migration 0016, docs/SECURITY.md § Devices on
 * the LAN). Credentials and code secrets are kept as sha256 only.
 */
import type { DeviceKind } from '../core/roles';
import type { Database } from './sqlite';
import { stmt } from './statements';

export interface DeviceRow {
  id: number;
  kind: DeviceKind;
  name: string;
  credentialHash: string;
  pairedAt: string;
  pairedBy: string;
  pairedFrom: string | null;
  lastSeenAt: string | null;
  lastAddress: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokedReason: string | null;
  openSessions: number;
}

const deviceColumns = `d.id, d.kind, d.name, d.credential_hash AS credentialHash, d.paired_at AS pairedAt,
  pb.display_name AS pairedBy, d.paired_from AS pairedFrom, d.last_seen_at AS lastSeenAt, d.last_address AS lastAddress,
  d.revoked_at AS revokedAt, rb.display_name AS revokedBy, d.revoked_reason AS revokedReason,
  (SELECT count(*) FROM session s WHERE s.device_id = d.id AND s.revoked_at IS NULL AND s.expires_at > ?) AS openSessions
  FROM device d JOIN staff pb ON pb.id = d.paired_by LEFT JOIN staff rb ON rb.id = d.revoked_by`;

export function listDevices(db: Database, now: string): DeviceRow[] {
  return stmt<[string], DeviceRow>(db, `SELECT ${deviceColumns} ORDER BY d.revoked_at IS NOT NULL, d.paired_at DESC, d.id DESC`).all(now);
}

export function getDevice(db: Database, id: number, now: string): DeviceRow | undefined {
  return stmt<[string, number], DeviceRow>(db, `SELECT ${deviceColumns} WHERE d.id = ?`).get(now, id);
}

/** What every LAN call checks: is the device still there and not revoked. */
export function deviceStanding(db: Database, id: number): { kind: DeviceKind; name: string; revoked: boolean } | undefined {
  const row = stmt<[number], { kind: DeviceKind; name: string; revokedAt: string | null }>(db, 'SELECT kind, name, revoked_at AS revokedAt FROM device WHERE id = ?').get(id);
  return row && { kind: row.kind, name: row.name, revoked: row.revokedAt !== null };
}

export function deviceCredentialHash(db: Database, id: number): { credentialHash: string; kind: DeviceKind; name: string; revokedAt: string | null } | undefined {
  return stmt<[number], { credentialHash: string; kind: DeviceKind; name: string; revokedAt: string | null }>(db, 'SELECT credential_hash AS credentialHash, kind, name, revoked_at AS revokedAt FROM device WHERE id = ?').get(id);
}

export function markDeviceSeen(db: Database, id: number, at: string, address: string | null): void {
  stmt(db, 'UPDATE device SET last_seen_at = ?, last_address = ? WHERE id = ?').run(at, address, id);
}

export interface PairingCodeRow {
  id: number;
  kind: DeviceKind;
  name: string;
  issuedBy: number;
  issuedAt: string;
  expiresAt: string;
}

export function insertPairingCode(db: Database, row: { secretHash: string; kind: DeviceKind; name: string; issuedBy: number; issuedAt: string; expiresAt: string }): number {
  return Number(
    stmt(db, 'INSERT INTO pairing_code (secret_hash, kind, name, issued_by, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(row.secretHash, row.kind, row.name, row.issuedBy, row.issuedAt, row.expiresAt).lastInsertRowid,
  );
}

/** Codes neither used, voided nor expired. */
export function openPairingCodes(db: Database, now: string): PairingCodeRow[] {
  return stmt<[string], PairingCodeRow>(db, `SELECT id, kind, name, issued_by AS issuedBy, issued_at AS issuedAt, expires_at AS expiresAt
    FROM pairing_code WHERE used_at IS NULL AND voided_at IS NULL AND expires_at > ? ORDER BY id`).all(now);
}

export function findOpenPairingCode(db: Database, secretHash: string, now: string): PairingCodeRow | undefined {
  return stmt<[string, string], PairingCodeRow>(db, `SELECT id, kind, name, issued_by AS issuedBy, issued_at AS issuedAt, expires_at AS expiresAt
    FROM pairing_code WHERE secret_hash = ? AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?`).get(secretHash, now);
}

/** Void the open codes (all of them, or one); returns how many. */
export function voidPairingCodes(db: Database, now: string, id?: number): number {
  if (id !== undefined) return stmt(db, 'UPDATE pairing_code SET voided_at = ? WHERE id = ? AND used_at IS NULL AND voided_at IS NULL').run(now, id).changes;
  return stmt(db, 'UPDATE pairing_code SET voided_at = ? WHERE used_at IS NULL AND voided_at IS NULL AND expires_at > ?').run(now, now).changes;
}

/** The code is spent and the device exists, in one step (the caller's transaction). */
/** A paired device; returns its id. */
export function insertDevice(db: Database, row: { kind: DeviceKind; name: string; credentialHash: string; at: string; by: number; from: string | null }): number {
  return Number(
    stmt(db, 'INSERT INTO device (kind, name, credential_hash, paired_at, paired_by, paired_from, last_seen_at, last_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(row.kind, row.name, row.credentialHash, row.at, row.by, row.from, row.at, row.from)
      .lastInsertRowid,
  );
}

export function pairDevice(db: Database, code: PairingCodeRow, credentialHash: string, at: string, from: string | null): number {
  const id = insertDevice(db, { kind: code.kind, name: code.name, credentialHash, at, by: code.issuedBy, from });
  const spent = stmt(db, 'UPDATE pairing_code SET used_at = ?, device_id = ? WHERE id = ? AND used_at IS NULL AND voided_at IS NULL').run(at, id, code.id).changes;
  if (spent !== 1) throw new Error('pairing code already spent');
  return id;
}

/** Revoke a device and end its sessions; returns how many sessions ended, or null if it was not active. */
export function revokeDevice(db: Database, id: number, by: number, reason: string, at: string): number | null {
  const changed = stmt(db, 'UPDATE device SET revoked_at = ?, revoked_by = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL').run(at, by, reason, id).changes;
  if (changed === 0) return null;
  return stmt(db, 'UPDATE session SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL').run(at, id).changes;
}

/** A workstation's window says which app version it runs (at each connect). */
export function recordAppVersion(db: Database, id: number, version: string, at: string): void {
  stmt(db, 'UPDATE device SET app_version = ?, app_version_at = ? WHERE id = ?').run(version, at, id);
}

export interface WorkstationVersionRow {
  deviceId: number;
  name: string;
  kind: 'counter' | 'kiosk';
  appVersion: string | null;
  reportedAt: string | null;
}

/** The paired counters and kiosks (not revoked) and the app version each last reported. */
export function workstationVersions(db: Database): WorkstationVersionRow[] {
  return stmt<[], WorkstationVersionRow>(
    db,
    "SELECT id AS deviceId, name, kind, app_version AS appVersion, app_version_at AS reportedAt FROM device WHERE kind IN ('counter', 'kiosk') AND revoked_at IS NULL ORDER BY id",
  ).all();
}
