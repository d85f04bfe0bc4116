/**
 * The office database's key for a hub without an OS keychain (web mode, a headless hub): 32 random
 * bytes, hex, in a file only its owner may read (0600), in a folder only its owner may enter (0700).
 * A key file anyone else can read is refused, as ssh refuses such a private key. (The desktop app
 * keeps its key with the OS instead: electron/keyStore.ts.)
 *
 * Rotation is crash-safe: the new key is written (and flushed) beside the old one first, the
 * database is re-encrypted, then the new file replaces the old. A crash at any point leaves a key
 * that opens the database: `openWithKeys` tries the pending one too and finishes the swap.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DatabaseKeyError, openDatabase, rekeyDatabase } from '../../db/open';
import type { Database } from '../../db/sqlite';

export const KEY_FILE = 'office.key';

export class KeyFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}

const pendingOf = (file: string) => `${file}.new`;

/** Writes `text` to `file` (mode 600, folder 700) so that a crash leaves the old file or the new, never half of one. */
export function writeDurably(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  syncDir(path.dirname(file));
}

function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Whether a database file exists and does not begin with SQLite's plaintext header. */
function looksEncrypted(dbFile: string): boolean {
  if (!existsSync(dbFile) || statSync(dbFile).size === 0) return false;
  const fd = openSync(dbFile, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    return head.toString('latin1') !== 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

/** Reads a key file: exactly 64 hex digits (a trailing newline allowed), owner-only on POSIX. */
export function readKeyFile(file: string): Buffer {
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) throw new KeyFileError(file, `the key file ${file} may be read by others (mode ${mode.toString(8)}); make it 600 (chmod 600)`);
  }
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) throw new KeyFileError(file, `the key file ${file} is not a 256-bit key (64 hex digits)`);
  return Buffer.from(text, 'hex');
}

/** The key in `file`, made (random, 0600) if there is none yet. */
export function readOrCreateKeyFile(file: string): Buffer {
  if (!existsSync(file)) writeDurably(file, `${randomBytes(32).toString('hex')}\n`);
  return readKeyFile(file);
}

/**
 * Opens the database with the key file, after a rotation that did not finish: the old key, or the
 * pending new one (then the swap is completed). The key is made on first run.
 */
export function openWithKeyFile(dbFile: string, keyFile: string): Database {
  const pending = pendingOf(keyFile);
  // A lost key is not replaced by a new one: that would only hide the loss behind a "wrong key".
  if (!existsSync(keyFile) && !existsSync(pending) && looksEncrypted(dbFile)) throw new DatabaseKeyError(dbFile, 'missing');
  if (!existsSync(pending)) return openDatabase(dbFile, { key: readOrCreateKeyFile(keyFile) });
  try {
    const db = openDatabase(dbFile, { key: readKeyFile(keyFile) });
    unlinkSync(pending); // the crash came before the rekey: the old key still holds
    return db;
  } catch (err) {
    if (!(err instanceof DatabaseKeyError)) throw err;
  }
  const db = openDatabase(dbFile, { key: readKeyFile(pending) });
  renameSync(pending, keyFile); // the rekey was done: the new key is the key
  syncDir(path.dirname(keyFile));
  return db;
}

/** Re-encrypts the open database under a new random key and makes it the key file's. */
export function rotateKey(db: Database, keyFile: string, steps: { afterPending?: () => void; afterRekey?: () => void } = {}): void {
  const next = randomBytes(32);
  writeDurably(pendingOf(keyFile), `${next.toString('hex')}\n`);
  steps.afterPending?.();
  rekeyDatabase(db, next);
  steps.afterRekey?.();
  renameSync(pendingOf(keyFile), keyFile);
  syncDir(path.dirname(keyFile));
}
