/**
 * The office database's key in the desktop app, kept by the OS: 32 random bytes encrypted with
 * Electron's safeStorage (DPAPI on Windows, the Keychain on macOS, the Secret Service/kwallet on
 * Linux) in `office.key.enc` beside the data. Copying the data folder to another machine or user
 * account does not bring a readable key along.
 *
 * Where the OS offers no real protection (safeStorage unavailable, or Linux's `basic_text`
 * fallback, which is only obfuscation) the hub's key file (hub/keys/keyFile.ts, mode 600) is used
 * instead, and the log says so: it is no weaker, and it is honest about what protects the key.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { writeDurably } from '../hub/keys/keyFile';
import type { Logger } from '../hub/log';
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
 * The key sealed by the OS in `dataDir`, made on first run; null when the OS cannot protect it
 * (the caller then uses the key file). A sealed key the OS cannot open any more (another user,
 * another machine, a reset keychain) is an error, never silently replaced.
 */
export function sealedKey(dataDir: string, log: Logger): Buffer | null {
  const file = path.join(dataDir, SEALED_KEY_FILE);
  if (!osKeychainUsable()) {
    log.warn('no OS keychain protects secrets here; the database key is kept in a key file (mode 600)', { platform: process.platform });
    return null;
  }
  if (!existsSync(file)) {
    const key = randomBytes(32);
    writeDurably(file, safeStorage.encryptString(key.toString('hex')).toString('base64'));
    return key;
  }
  let hex: string;
  try {
    hex = safeStorage.decryptString(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
  } catch (err) {
    throw new SealedKeyError(`the OS could not open the sealed database key ${file}: ${(err as Error).message}`);
  }
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new SealedKeyError(`the sealed database key ${file} is not a key`);
  return Buffer.from(hex, 'hex');
}
