/**
 * A transaction held open across many callers' work: the hub's group commit (hub/rpc/groupCommit.ts)
 * opens one per event-loop turn, runs every call in it, and closes it with one COMMIT. Callers that
 * only need several writes to land together use the driver's `db.transaction(fn).immediate()`
 * instead (it nests as a SAVEPOINT inside an open one).
 */
import type { Database } from './sqlite';

/** Opens a transaction that holds the write lock from its first statement. */
export function beginImmediate(db: Database): void {
  db.exec('BEGIN IMMEDIATE');
}

/** Commits the open transaction; throws (leaving it open) if SQLite refuses, e.g. a deferred foreign key. */
export function commit(db: Database): void {
  db.exec('COMMIT');
}

/** Rolls back the open transaction, if one is still open (SQLite may have rolled it back already). */
export function rollbackIfOpen(db: Database): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}

/**
 * Runs `fn` in a transaction whose COMMIT does not wait for the disk (synchronous=NORMAL for that
 * commit, FULL again after it). In WAL mode such a commit is atomic and in the log at once: it
 * survives the process being killed, and reaches the disk with the next synced commit or checkpoint;
 * only the machine stopping before then can lose it. For rows whose loss costs nothing but a note
 * (a print job's row: the receipt's own record is committed, synced, before anything is printed).
 * Inside an open transaction it is a SAVEPOINT, and the outer commit decides.
 */
export function commitUnsynced<T>(db: Database, fn: () => T): T {
  if (db.inTransaction) return db.transaction(fn).immediate();
  const before = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    return db.transaction(fn).immediate();
  } finally {
    db.pragma(`synchronous = ${before}`);
  }
}
