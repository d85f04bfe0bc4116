/**
 * Backups (migration 0033; hub/backup/): the settings row, the log of runs, and the database side
 * of a backup — the consistent snapshot of the live encrypted file and the checks of a copy.
 */
import type { Database } from './sqlite';
import { applyKey, DatabaseKeyError } from './open';
import { SqliteDatabase } from './sqlite';
import { schemaVersion } from './migrate';

export type BackupKind = 'hourly' | 'daily' | 'monthly' | 'manual';

export interface BackupSettings {
  target: string | null;
  keepHourly: number;
  keepDaily: number;
  keepMonthly: number;
  maxAgeMinutes: number;
  workFromHour: number;
  workToHour: number;
}

export function backupSettings(db: Database): BackupSettings {
  const r = db
    .prepare(
      `SELECT target, keep_hourly AS keepHourly, keep_daily AS keepDaily, keep_monthly AS keepMonthly, max_age_minutes AS maxAgeMinutes,
              work_from_hour AS workFromHour, work_to_hour AS workToHour
         FROM backup_setting WHERE id = 1`,
    )
    .get() as BackupSettings | undefined;
  if (!r) throw new Error('backup_setting has no row (migration 0033)');
  return r;
}

export function setBackupTarget(db: Database, target: string | null): void {
  db.prepare('UPDATE backup_setting SET target = ? WHERE id = 1').run(target);
}

export function setBackupPolicy(db: Database, p: Omit<BackupSettings, 'target'>): void {
  db.prepare(
    `UPDATE backup_setting SET keep_hourly = ?, keep_daily = ?, keep_monthly = ?, max_age_minutes = ?, work_from_hour = ?, work_to_hour = ? WHERE id = 1`,
  ).run(p.keepHourly, p.keepDaily, p.keepMonthly, p.maxAgeMinutes, p.workFromHour, p.workToHour);
}

export interface BackupRun {
  id: number;
  generation: string | null;
  kind: BackupKind;
  target: string;
  startedAt: string;
  finishedAt: string;
  state: 'verified' | 'failed';
  problem: string | null;
  detail: string | null;
  databaseBytes: number;
  pageFiles: number;
  pagesCopied: number;
  totalBytes: number;
}

const RUN_COLUMNS = `id, generation, kind, target, started_at AS startedAt, finished_at AS finishedAt, state, problem, detail,
  database_bytes AS databaseBytes, page_files AS pageFiles, pages_copied AS pagesCopied, total_bytes AS totalBytes`;

export function insertBackupRun(db: Database, r: Omit<BackupRun, 'id'>): number {
  const info = db
    .prepare(
      `INSERT INTO backup_run (generation, kind, target, started_at, finished_at, state, problem, detail, database_bytes, page_files, pages_copied, total_bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.generation, r.kind, r.target, r.startedAt, r.finishedAt, r.state, r.problem, r.detail, r.databaseBytes, r.pageFiles, r.pagesCopied, r.totalBytes);
  return Number(info.lastInsertRowid);
}

export function lastVerifiedBackup(db: Database): BackupRun | undefined {
  return db.prepare(`SELECT ${RUN_COLUMNS} FROM backup_run WHERE state = 'verified' ORDER BY finished_at DESC, id DESC LIMIT 1`).get() as BackupRun | undefined;
}

export function recentBackupRuns(db: Database, limit: number): BackupRun[] {
  return db.prepare(`SELECT ${RUN_COLUMNS} FROM backup_run ORDER BY id DESC LIMIT ?`).all(limit) as BackupRun[];
}

export function markBackupPruned(db: Database, generation: string): void {
  db.prepare('UPDATE backup_run SET pruned = 1 WHERE generation = ?').run(generation);
}

/** A backup's database opened read-only with the key; `DatabaseKeyError('wrong')` when the key does not open it. */
export function openBackupDatabase(file: string, key: Buffer): Database {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    applyKey(db, key);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_NOTADB') throw new DatabaseKeyError(file, 'wrong');
      throw err;
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** `PRAGMA integrity_check`: 'ok', or the first problems SQLite names. */
export function integrityCheck(db: Database): string {
  const rows = db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join('; ');
}

export { schemaVersion };

/** How many rows the restore drill compares: each table that holds what the law makes the office keep. */
export function keptCounts(db: Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of ['request', 'payment', 'receipt', 'audit_log', 'submission', 'outbox', 'capture_page', 'ticket'] as const) {
    const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table);
    if (exists) out[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  return out;
}
