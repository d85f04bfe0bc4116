/**
 * The office database's key kept in a file, and its crash-safe rotation — shared by the key file
 * (hub/keys/keyFile.ts: plain hex) and the desktop app's OS-sealed key (electron/keyStore.ts). A
 * `KeyFormat` says how a key is written to and read from its file; the protocol is the same:
 *
 * rotation writes the new key (flushed) to `<file>.new`, re-encrypts the database, then renames the
 * new file over the old. Opening while a pending file exists tries the old key first (the crash came
 * before the rekey: the pending file is dropped), else the pending one (the rekey was done: the swap
 * is completed). A crash at any point leaves a key that opens the database.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { DatabaseKeyError, openDatabase, rekeyDatabase } from '../../db/open';
import type { Database } from '../../db/sqlite';
import { syncFolder, writeFileDurably } from '../../native/fs/durableFile';

export type { Database };

/** How a key is kept in its file. `read` throws its own error for a file that holds no usable key. */
export interface KeyFormat {
  /** the file's text for `key` */
  encode(key: Buffer): string;
  /** the 32-byte key in `file` */
  read(file: string): Buffer;
}

/** Where a key is kept and how. */
export interface StoredKey {
  file: string;
  format: KeyFormat;
}

/** Pauses a rotation between its steps: tests crash there. */
export interface RotationSteps {
  afterPending?: () => void;
  afterRekey?: () => void;
}

/** The file a rotation writes its new key to before the database is re-encrypted. */
export const pendingKeyFile = (file: string) => `${file}.new`;

/** Writes `text` to `file` (mode 600, folder 700) so that a crash leaves the old file or the new, never half of one. */
export function writeDurably(file: string, text: string): void {
  writeFileDurably(file, text);
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

/**
 * Opens the database with the key in `store`, after a rotation that did not finish: the old key, or
 * the pending new one (then the swap is completed). The key is made on first run.
 */
export function openWithStoredKey(dbFile: string, { file, format }: StoredKey): Database {
  const pending = pendingKeyFile(file);
  // A lost key is not replaced by a new one: that would only hide the loss behind a "wrong key".
  if (!existsSync(file) && !existsSync(pending) && looksEncrypted(dbFile)) throw new DatabaseKeyError(dbFile, 'missing');
  if (!existsSync(pending)) {
    if (!existsSync(file)) writeDurably(file, format.encode(randomBytes(32)));
    return openDatabase(dbFile, { key: format.read(file) });
  }
  try {
    const db = openDatabase(dbFile, { key: format.read(file) });
    unlinkSync(pending); // the crash came before the rekey: the old key still holds
    return db;
  } catch (err) {
    if (!(err instanceof DatabaseKeyError)) throw err;
  }
  const db = openDatabase(dbFile, { key: format.read(pending) });
  renameSync(pending, file); // the rekey was done: the new key is the key
  syncFolder(path.dirname(file));
  return db;
}

/** Re-encrypts the open database under a new random key and makes it the one in `store`. */
export function rotateStoredKey(db: Database, { file, format }: StoredKey, steps: RotationSteps = {}): void {
  const next = randomBytes(32);
  writeDurably(pendingKeyFile(file), format.encode(next));
  steps.afterPending?.();
  rekeyDatabase(db, next);
  steps.afterRekey?.();
  renameSync(pendingKeyFile(file), file);
  syncFolder(path.dirname(file));
}
