import { SqliteDatabase, type Database } from './sqlite';
import { migrate } from './migrate';

export class DatabaseInUseError extends Error {
  constructor(readonly file: string) {
    super(`the database ${file} is in use by another Daftaryar hub (one writer per office)`);
    this.name = 'DatabaseInUseError';
  }
}

export interface OpenOptions {
  /**
   * Hold SQLite's exclusive lock for the life of the connection: a second hub on the same
   * data folder fails at once instead of writing beside us. The OS releases the lock when the
   * process dies, so a crash never leaves a stale lock behind. Default true.
   */
  exclusive?: boolean;
}

/**
 * Open (creating if needed) and migrate the office database: WAL, foreign keys, synchronous=FULL
 * (money, receipts and the outbox live here).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const db = new SqliteDatabase(file);
  try {
    db.pragma('busy_timeout = 0');
    // EXCLUSIVE must be set before WAL so the WAL index lives in heap memory and the lock is ours.
    if (options.exclusive !== false && file !== ':memory:') db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (file !== ':memory:' && mode !== 'wal') throw new Error(`could not switch ${file} to WAL (got ${String(mode)})`);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    // Take the write lock now (EXCLUSIVE mode keeps it until close).
    db.exec('BEGIN IMMEDIATE; COMMIT;');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new DatabaseInUseError(file);
    throw err;
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
