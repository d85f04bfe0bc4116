/**
 * The office database's key for a hub without an OS keychain (web mode, a headless hub): 32 random
 * bytes, hex, in a file only its owner may read (0600), in a folder only its owner may enter (0700).
 * A key file anyone else can read is refused, as ssh refuses such a private key. (The desktop app
 * keeps its key with the OS instead: electron/keyStore.ts.)
 *
 * Rotation is crash-safe: the new key is written (and flushed) beside the old one first, the
 * database is re-encrypted, then the new file replaces the old. A crash at any point leaves a key
 * that opens the database: opening tries the pending one too and finishes the swap. The protocol
 * is hub/keys/storedKey.ts's, shared with the OS-sealed key; here a key is 64 hex digits.
 */
import { readFileSync, statSync } from 'node:fs';
import { openWithStoredKey, rotateStoredKey, type Database, type KeyFormat, type RotationSteps } from './storedKey';

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

/** A key file's text: the key in hex, one line. */
export const hexKeyFormat: KeyFormat = { encode: (key) => `${key.toString('hex')}\n`, read: readKeyFile };

/**
 * Opens the database with the key file, after a rotation that did not finish: the old key, or the
 * pending new one (then the swap is completed). The key is made on first run.
 */
export function openWithKeyFile(dbFile: string, keyFile: string): Database {
  return openWithStoredKey(dbFile, { file: keyFile, format: hexKeyFormat });
}

/** Re-encrypts the open database under a new random key and makes it the key file's. */
export function rotateKey(db: Database, keyFile: string, steps: RotationSteps = {}): void {
  rotateStoredKey(db, { file: keyFile, format: hexKeyFormat }, steps);
}
