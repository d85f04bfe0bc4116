/**
 * The standby hub and the hub's epoch (migration 0034, docs/STANDBY.md): the one paired workstation
 * that keeps a copy of the office, and what this hub knows of promotions — its own epoch and a
 * higher one learned from a promoted standby (then it must not serve).
 */
import { SqliteDatabase, type Database } from './sqlite';
import { stmt } from './statements';
import { applyKey } from './open';

export interface StandbyRow {
  deviceId: number;
  namedAt: string;
  namedBy: number;
  /** https://host:port where the standby serves once promoted (learned from its copies) */
  address: string | null;
  /** when the last copy it confirmed was taken (the hub's clock) */
  lastCopyAt: string | null;
  lastCopyBytes: number | null;
}

export function standbyOf(db: Database): StandbyRow | null {
  return (
    stmt<[], StandbyRow>(
      db,
      'SELECT device_id AS deviceId, named_at AS namedAt, named_by AS namedBy, address, last_copy_at AS lastCopyAt, last_copy_bytes AS lastCopyBytes FROM standby WHERE id = 1',
    ).get() ?? null
  );
}

/** Names `deviceId` the standby, replacing any other (its copies' record starts again); null: no standby. */
export function nameStandby(db: Database, deviceId: number | null, at: string, by: number): void {
  stmt(db, 'DELETE FROM standby').run();
  if (deviceId !== null) stmt(db, 'INSERT INTO standby (id, device_id, named_at, named_by) VALUES (1, ?, ?, ?)').run(deviceId, at, by);
}

/** The standby confirmed a copy taken at `takenAt`; `address` is where it would serve. Only the standby's row changes. */
export function recordStandbyCopy(db: Database, deviceId: number, takenAt: string, bytes: number, address: string | null): boolean {
  return (
    stmt(
      db,
      'UPDATE standby SET last_copy_at = max(coalesce(last_copy_at, ?), ?), last_copy_bytes = ?, address = coalesce(?, address) WHERE id = 1 AND device_id = ?',
    ).run(takenAt, takenAt, bytes, address, deviceId).changes === 1
  );
}

export interface EpochRow {
  epoch: number;
  promotedAt: string | null;
  supersededEpoch: number | null;
  supersededAt: string | null;
  supersededBy: string | null;
}

export function hubEpoch(db: Database): EpochRow {
  return stmt<[], EpochRow>(
    db,
    'SELECT epoch, promoted_at AS promotedAt, superseded_epoch AS supersededEpoch, superseded_at AS supersededAt, superseded_by AS supersededBy FROM hub_epoch WHERE id = 1',
  ).get()!;
}

/**
 * This copy becomes the hub: its epoch is raised above both its own and any it learned, the
 * standby row is cleared (this PC was it) and nothing superseded remains. Returns the new epoch.
 */
export function promoteEpoch(db: Database, at: string): number {
  return db.transaction(() => {
    const now = hubEpoch(db);
    const next = Math.max(now.epoch, now.supersededEpoch ?? 0) + 1;
    stmt(db, 'UPDATE hub_epoch SET epoch = ?, promoted_at = ?, superseded_epoch = NULL, superseded_at = NULL, superseded_by = NULL WHERE id = 1').run(next, at);
    stmt(db, 'DELETE FROM standby').run();
    return next;
  }).immediate();
}

/** A higher epoch was learned: this hub is superseded. Returns false when `epoch` is not above what is known. */
export function recordSuperseded(db: Database, epoch: number, at: string, by: string): boolean {
  return (
    stmt(
      db,
      'UPDATE hub_epoch SET superseded_epoch = ?, superseded_at = ?, superseded_by = ? WHERE id = 1 AND epoch < ? AND coalesce(superseded_epoch, 0) < ?',
    ).run(epoch, at, by, epoch, epoch).changes === 1
  );
}

/** The manager's command: serve again although a higher epoch was learned (this hub takes an epoch above it). */
export function resumeAsHub(db: Database, at: string): number {
  return promoteEpoch(db, at);
}

export interface CopyCheck {
  ok: boolean;
  /** why not, when not */
  problem?: string;
  userVersion?: number;
  epoch?: number;
}

/**
 * Checks a copy without changing it: opens `file` read-only with `key`, `PRAGMA quick_check`, and
 * reads its schema version and epoch. A truncated, corrupt or foreign file is `ok: false`.
 */
export function checkCopy(file: string, key: Buffer): CopyCheck {
  let db: Database | null = null;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    applyKey(db, key);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return { ok: false, problem: `quick_check: ${String(check)}` };
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    const epoch = (db.prepare('SELECT epoch FROM hub_epoch WHERE id = 1').pluck().get() as number | undefined) ?? 1;
    return { ok: true, userVersion, epoch };
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  } finally {
    db?.close();
  }
}
