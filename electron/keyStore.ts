/**
 * The office database's key in the desktop app, kept by the OS: 32 random bytes encrypted with
 * Electron's safeStorage (DPAPI on Windows, the Keychain on macOS, the Secret Service/kwallet on
 * Linux) in `office.key.enc` beside the data. Copying the data folder to another machine or user
 * account does not bring a readable key along.
 *
 * Where the OS offers no real protection (safeStorage unavailable, or Linux's `basic_text`
 * fallback, which is only obfuscation) the hub's key file (hub/keys/keyFile.ts, mode 600) is used
 * instead, and the log says so: it is no weaker, and it is honest about what protects the key.
 *
 * Opening and rotation follow the key file's crash-safe protocol (hub/keys/storedKey.ts): a new
 * sealed key is written to `office.key.enc.new` first, the database re-encrypted, then renamed over.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { hexKeyFormat, KEY_FILE } from '../hub/keys/keyFile';
import { openWithStoredKey, rotateStoredKey, type Database, type KeyFormat, type RotationSteps, type StoredKey } from '../hub/keys/storedKey';
import type { Logger } from '../hub/log';
import { DATABASE_FILE } from '../hub/start';
import { SealedKeyError } from './sealedKeyError';

export const SEALED_KEY_FILE = 'office.key.enc';

export { SealedKeyError };

/** Whether safeStorage really protects secrets here (not Linux's plain-text fallback). */
export function osKeychainUsable(platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
    const backend = safeStorage.getSelectedStorageBackend();
    return backend !== 'basic_text' && backend !== 'unknown';
  }
  return true;
}

/**
 * A sealed key file: the key's hex, encrypted by safeStorage, in base64. A file the OS cannot open
 * any more (another user, another machine, a reset keychain) is a SealedKeyError, never replaced.
 */
export const sealedKeyFormat: KeyFormat = {
  encode: (key) => safeStorage.encryptString(key.toString('hex')).toString('base64'),
  read(file) {
    let hex: string;
    try {
      hex = safeStorage.decryptString(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
    } catch (err) {
      throw new SealedKeyError(`the OS could not open the sealed database key ${file}: ${(err as Error).message}`);
    }
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new SealedKeyError(`the sealed database key ${file} is not a key`);
    return Buffer.from(hex, 'hex');
  },
};

/** Where the desktop app keeps the key of the database in `dataDir` (made on first open). */
export function sealedKeyStore(dataDir: string): StoredKey {
  return { file: path.join(dataDir, SEALED_KEY_FILE), format: sealedKeyFormat };
}

/**
 * The sealed key store for `dataDir`, or null when the OS cannot protect a key (the caller then
 * uses the key file).
 */
export function desktopKeyStore(dataDir: string, log: Logger): StoredKey | null {
  if (osKeychainUsable()) return sealedKeyStore(dataDir);
  log.warn('no OS keychain protects secrets here; the database key is kept in a key file (mode 600)', { platform: process.platform });
  return null;
}

/** Opens the database in `dataDir` with its sealed key, finishing or undoing an interrupted rotation. */
export function openWithSealedKey(dataDir: string): Database {
  return openWithStoredKey(path.join(dataDir, DATABASE_FILE), sealedKeyStore(dataDir));
}

/** Re-encrypts the open database under a new random key and seals that key in `dataDir`. */
export function rotateSealedKey(db: Database, dataDir: string, steps: RotationSteps = {}): void {
  rotateStoredKey(db, sealedKeyStore(dataDir), steps);
}

/**
 * `--rotate-key` at start, before the hub opens the database: a new key for the database in
 * `dataDir`, sealed by the OS — or, without a keychain (`store` null), in the key file the hub uses.
 */
export function rotateDesktopKey(dataDir: string, store: StoredKey | null, keyFile?: string | null): void {
  const where = store ?? { file: keyFile ?? path.join(dataDir, KEY_FILE), format: hexKeyFormat };
  const db = openWithStoredKey(path.join(dataDir, DATABASE_FILE), where);
  try {
    rotateStoredKey(db, where);
  } finally {
    db.close();
  }
}
