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

/** How far each number series jumps when a copy becomes the hub (skipNumbersPastCopy). */
export interface NumberGaps {
  /** receipt and request numbers, in the year of the promotion */
  yearly: number;
  /** every service's ticket numbers, on the day of the promotion */
  daily: number;
}

export interface NumbersSkipped {
  year: number;
  officeDay: string;
  /** the last number before the gap and the last number of the gap (the next one issued is one above) */
  receipts: { from: number; to: number };
  requests: { from: number; to: number };
  tickets: { serviceId: number; from: number; to: number }[];
}

/**
 * A copy that becomes the hub may lack the last moments of the hub it replaces: receipts, requests
 * and tickets numbered there and handed to people, which this copy would number again. Every series
 * jumps by its gap, so none of those numbers is ever issued twice (FEES.md: receipt numbers are never
 * reused). Runs in the caller's transaction; returns what jumped, for the audit trail.
 */
export function skipNumbersPastCopy(db: Database, year: number, officeDay: string, gaps: NumberGaps): NumbersSkipped {
  const yearly = (table: 'receipt_sequence' | 'request_sequence') => {
    const from = stmt<[number], number>(db, `SELECT coalesce(max(last_number), 0) FROM ${table} WHERE year = ?`).pluck().get(year)!;
    stmt(db, `INSERT INTO ${table} (year, last_number) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last_number = excluded.last_number`).run(year, from + gaps.yearly);
    return { from, to: from + gaps.yearly };
  };
  const receipts = yearly('receipt_sequence');
  const requests = yearly('request_sequence');
  const tickets = stmt<[string], { serviceId: number; from: number }>(
    db,
    `SELECT s.id AS serviceId, coalesce(q.last_number, 0) AS "from" FROM service s
       LEFT JOIN ticket_sequence q ON q.service_id = s.id AND q.office_day = ? ORDER BY s.id`,
  )
    .all(officeDay)
    .map((t) => ({ ...t, to: t.from + gaps.daily }));
  const set = stmt(db, 'INSERT INTO ticket_sequence (office_day, service_id, last_number) VALUES (?, ?, ?) ON CONFLICT (office_day, service_id) DO UPDATE SET last_number = excluded.last_number');
  for (const t of tickets) set.run(officeDay, t.serviceId, t.to);
  return { year, officeDay, receipts, requests, tickets };
}

/**
 * The receipt-number jumps of `year` (skipNumbersPastCopy), from the audit trail of promotions and
 * resumptions: when each was, and the numbers it jumped over (`from` exclusive, `to` inclusive).
 */
export function receiptNumberJumps(db: Database, year: number): { at: string; from: number; to: number }[] {
  return stmt<[number], { at: string; from: number; to: number }>(
    db,
    `SELECT at, json_extract(detail, '$.numbers.receipts.from') AS "from", json_extract(detail, '$.numbers.receipts.to') AS "to"
       FROM audit_log
      WHERE action IN ('hubPromoted', 'hubResumed') AND json_extract(detail, '$.numbers.year') = ?
      ORDER BY seq`,
  ).all(year);
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

/**
 * Reads a copy (read-only, under its key) and closes it again: what the standby's own PC asks of it
 * before a promotion, such as the manager's account (hub/standby/promoteHere.ts).
 */
export function readCopy<T>(file: string, key: Buffer, read: (db: Database) => T): T {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    applyKey(db, key);
    return read(db);
  } finally {
    db.close();
  }
}
