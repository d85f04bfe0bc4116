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
