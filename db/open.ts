import { SqliteDatabase, type Database } from './sqlite';
import { migrate } from './migrate';

export class DatabaseInUseError extends Error {
  constructor(readonly file: string) {
    super(`the database ${file} is in use by another Daftaryar hub (one writer per office)`);
    this.name = 'DatabaseInUseError';
  }
}

/** The database is encrypted and no key was given, or the key given does not open it. */
export class DatabaseKeyError extends Error {
  constructor(
    readonly file: string,
    readonly problem: 'missing' | 'wrong',
  ) {
    super(problem === 'missing' ? `the database ${file} is encrypted and no key was given` : `the key does not open the database ${file} (a wrong key, or the file is damaged)`);
    this.name = 'DatabaseKeyError';
  }
}

/** A 256-bit key as SQLCipher takes it raw: `x'<64 hex digits>'` (no key derivation). */
function rawKey(key: Buffer): string {
  if (key.length !== 32) throw new RangeError('the database key must be 32 bytes');
  return `"x'${key.toString('hex')}'"`;
}

/**
 * Encryption at rest: SQLCipher 4's format (AES-256 pages, HMAC-SHA512 per page) through
 * better-sqlite3-multiple-ciphers, with a raw 256-bit key. Must come before anything reads the file.
 */
export function applyKey(db: Database, key: Buffer): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`key = ${rawKey(key)}`);
}

/** Whether the connection can read the file's first page (right key, or a plaintext file without one). */
function readable(db: Database): boolean {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === 'SQLITE_NOTADB') return false;
    throw err;
  }
}

/**
 * Encrypt a plaintext database file in place (an office that ran before encryption). Its WAL is
 * folded back first (rekey needs the rollback journal), then every page is rewritten encrypted.
 */
function encryptInPlace(file: string, key: Buffer): void {
  const db = new SqliteDatabase(file);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma(`rekey = ${rawKey(key)}`);
  } finally {
    db.close();
  }
}

/**
 * Key rotation on an open database: every page re-encrypted under `newKey` in one step (SQLCipher's
 * rekey runs in a transaction). Rekey needs the rollback journal, so WAL is left for the duration.
 */
export function rekeyDatabase(db: Database, newKey: Buffer): void {
  db.pragma('journal_mode = DELETE');
  db.pragma(`rekey = ${rawKey(newKey)}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`could not switch back to WAL after rekey (got ${String(mode)})`);
}

export interface OpenOptions {
  /**
   * Hold SQLite's exclusive lock for the life of the connection: a second hub on the same
   * data folder fails at once instead of writing beside us. The OS releases the lock when the
   * process dies, so a crash never leaves a stale lock behind. Default true.
   */
  exclusive?: boolean;
  /**
   * Encrypt the database with this 256-bit key (hub/keys). A plaintext file is encrypted in place
   * on first open with a key; an encrypted file opened without its key is a DatabaseKeyError.
   */
  key?: Buffer;
}

/**
 * Open (creating if needed) and migrate the office database: WAL, foreign keys, synchronous=FULL
 * (money, receipts and the outbox live here).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  // no waiting on a lock while we look: another hub holding it means "in use", at once
  const connect = () => new SqliteDatabase(file, { timeout: 0 });
  let db = connect();
  try {
    if (options.key && file !== ':memory:') {
      applyKey(db, options.key);
      if (!readable(db)) {
        db.close();
        db = connect();
        if (!readable(db)) throw new DatabaseKeyError(file, 'wrong');
        // a plaintext office database from before encryption: encrypt it now, then open it with the key
        db.close();
        encryptInPlace(file, options.key);
        db = connect();
        applyKey(db, options.key);
        if (!readable(db)) throw new DatabaseKeyError(file, 'wrong');
      }
    } else if (file !== ':memory:' && !readable(db)) {
      throw new DatabaseKeyError(file, 'missing');
    }
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
