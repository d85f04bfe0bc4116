/**
 * What the database snapshot of the backups and the standby (hub/snapshot/) asks of SQLite.
 *
 * The hub holds its database exclusively (db/open.ts: `locking_mode = EXCLUSIVE`, its WAL index in
 * its own memory), so no second connection, in this thread or another, can read the file while the
 * hub runs. The snapshot is therefore made in two steps on the hub's own connection, each short: a
 * `TRUNCATE` checkpoint moves every committed page into the database file, and the automatic
 * checkpoint is held off; until it is let go, every commit goes to the WAL only and the database
 * file does not change, so it is copied as it is — the database as of that checkpoint, its pages
 * encrypted under the office key as they are on disk.
 *
 * A database in memory (tests) has no file: `vacuumInto` copies it. (better-sqlite3's `db.backup()`,
 * the online backup API, refuses an encrypted source: it opens the target without a key.)
 */
import { applyKey } from './open';
import { SqliteDatabase, type Database } from './sqlite';

/** `db` copied into `file` (which must not exist) by `VACUUM INTO`, as of one commit. Not inside a transaction. */
export function vacuumInto(db: Database, file: string): void {
  if (db.inTransaction) throw new Error('a snapshot cannot be taken inside a transaction');
  db.prepare('VACUUM INTO ?').run(file);
}

/** Every committed page moved into the database file and the WAL emptied; false if a reader kept part of it (never, on the hub's exclusive connection). */
export function checkpointAll(db: Database): boolean {
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  return row !== undefined && row.busy === 0 && row.log === row.checkpointed;
}

/** The WAL's automatic checkpoint, in pages (0: held off). */
export function autoCheckpoint(db: Database): number {
  return db.pragma('wal_autocheckpoint', { simple: true }) as number;
}

export function setAutoCheckpoint(db: Database, pages: number): void {
  db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(pages))}`);
}

export function pageSize(db: Database): number {
  return db.pragma('page_size', { simple: true }) as number;
}

/**
 * A copied database file made one file again: it was copied in WAL mode, and a WAL database opened
 * anywhere leaves a -wal and a -shm file beside it. Opened with its key (null: plaintext), switched
 * to the rollback journal — which needs no WAL, the copy having none; a moment's work whatever its
 * size — and closed. (What reads it checks it: the backup's verification, the standby's.)
 */
export function asSingleFile(file: string, key: Buffer | null): void {
  const copy = new SqliteDatabase(file, { fileMustExist: true });
  try {
    if (key) applyKey(copy, key);
    const mode = copy.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new Error(`the copy ${file} stayed in ${String(mode)} mode`);
  } finally {
    copy.close();
  }
}
