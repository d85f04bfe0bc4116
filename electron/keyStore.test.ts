import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hexKeyFormat, KeyFileError } from '../hub/keys/keyFile';
import { openWithStoredKey, type Database } from '../hub/keys/storedKey';
import { silentLogger } from '../hub/log';
import { DATABASE_FILE, DatabaseKeyError } from '../hub/start';

const electron = vi.hoisted(() => {
  const state = { available: true, backend: 'gnome_libsecret' as string, broken: false };
  // a stand-in for the OS: "encrypts" by reversing and tagging — not the identity, so a test can
  // tell sealed from plain, and a key file reader (plain hex) cannot read a sealed key
  const safeStorage = {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptString: (text: string) => Buffer.from(`sealed:${[...text].reverse().join('')}`),
    decryptString: (buf: Buffer) => {
      if (state.broken) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const text = buf.toString();
      if (!text.startsWith('sealed:')) throw new Error('not sealed');
      return [...text.slice(7)].reverse().join('');
    },
  };
  return { state, safeStorage };
});
vi.mock('electron', () => ({ safeStorage: electron.safeStorage }));

const { desktopKeyStore, openWithSealedKey, osKeychainUsable, rotateDesktopKey, rotateSealedKey, SEALED_KEY_FILE, SealedKeyError, sealedKeyFormat, sealedKeyStore } = await import('./keyStore');

let dir: string;
let sealedFile: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-sealed-'));
  sealedFile = path.join(dir, SEALED_KEY_FILE);
  Object.assign(electron.state, { available: true, backend: 'gnome_libsecret', broken: false });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'پروندهٔ محرمانهٔ ۱۲۳';
function writeSecret() {
  const db = openWithSealedKey(dir);
  db.prepare("INSERT INTO office (id, name, code, city, created_at) VALUES (1, ?, '1234', 'تهران', '2026-11-28T06:30:00.000Z')").run(SECRET);
  db.close();
}
const readSecret = (db: Database) => db.prepare('SELECT name FROM office').pluck().get();
/** Opens the database with exactly the sealed key in `file` (a copy kept aside), no pending-file handling. */
const openWithCopy = (file: string) => openWithStoredKey(path.join(dir, DATABASE_FILE), { file, format: sealedKeyFormat });
const crash = () => {
  throw new Error('power cut');
};

describe('the sealed key', () => {
  it('is made on first open, sealed by the OS (no key in the clear on disk), and opens the database after', () => {
    writeSecret();
    expect(statSync(sealedFile).mode & 0o777).toBe(0o600);
    const key = sealedKeyFormat.read(sealedFile);
    expect(key).toHaveLength(32);
    expect(readFileSync(sealedFile, 'utf8')).not.toContain(key.toString('hex'));
    expect(() => hexKeyFormat.read(sealedFile)).toThrow(KeyFileError);
    const db = openWithSealedKey(dir);
    expect(readSecret(db)).toBe(SECRET);
    db.close();
    expect(sealedKeyFormat.read(sealedFile).equals(key)).toBe(true);
  });

  it('is left to the key file where the OS protects nothing (no keychain, Linux basic_text)', () => {
    electron.state.available = false;
    expect(desktopKeyStore(dir, silentLogger)).toBeNull();
    electron.state.available = true;
    electron.state.backend = 'basic_text';
    expect(osKeychainUsable('linux')).toBe(false);
    expect(osKeychainUsable('win32')).toBe(true);
    expect(desktopKeyStore(dir, silentLogger)).toBeNull();
    electron.state.backend = 'kwallet5';
    expect(desktopKeyStore(dir, silentLogger)).toEqual(sealedKeyStore(dir));
  });

  it('is never replaced when the OS can no longer open it, nor when it is lost', () => {
    writeSecret();
    const sealed = readFileSync(sealedFile);
    electron.state.broken = true;
    expect(() => openWithSealedKey(dir)).toThrow(SealedKeyError);
    electron.state.broken = false;
    expect(readFileSync(sealedFile).equals(sealed)).toBe(true);
    rmSync(sealedFile);
    expect(() => openWithSealedKey(dir)).toThrow(expect.objectContaining({ name: 'DatabaseKeyError', problem: 'missing' }));
    expect(existsSync(sealedFile)).toBe(false);
  });
});

describe('rotating the sealed key', () => {
  it('re-encrypts the database under a new sealed key; the old one no longer opens it', () => {
    writeSecret();
    const oldCopy = path.join(dir, 'old.key.enc');
    copyFileSync(sealedFile, oldCopy);
    const db = openWithSealedKey(dir);
    rotateSealedKey(db, dir);
    expect(readSecret(db)).toBe(SECRET);
    db.close();

    expect(sealedKeyFormat.read(sealedFile).equals(sealedKeyFormat.read(oldCopy))).toBe(false);
    expect(existsSync(`${sealedFile}.new`)).toBe(false);
    const again = openWithSealedKey(dir);
    expect(readSecret(again)).toBe(SECRET);
    again.close();
    expect(() => openWithCopy(oldCopy)).toThrow(DatabaseKeyError);
  });

  it('leaves, after a crash at any step, a sealed key that opens it, and no pending file', () => {
    for (const crashAt of ['afterPending', 'afterRekey'] as const) {
      rmSync(dir, { recursive: true, force: true });
      dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-sealed-'));
      sealedFile = path.join(dir, SEALED_KEY_FILE);
      writeSecret();
      const oldCopy = path.join(dir, 'old.key.enc');
      copyFileSync(sealedFile, oldCopy);
      const db = openWithSealedKey(dir);
      expect(() => rotateSealedKey(db, dir, { [crashAt]: crash })).toThrow('power cut');
      db.close();
      expect(existsSync(`${sealedFile}.new`)).toBe(true);
      const pendingKey = sealedKeyFormat.read(`${sealedFile}.new`);

      const again = openWithSealedKey(dir);
      expect(readSecret(again)).toBe(SECRET);
      again.close();
      expect(existsSync(`${sealedFile}.new`)).toBe(false);
      const nowKey = sealedKeyFormat.read(sealedFile);
      if (crashAt === 'afterPending') {
        // before the rekey: rolled back to the old key
        expect(nowKey.equals(sealedKeyFormat.read(oldCopy))).toBe(true);
      } else {
        // after the rekey: the swap is completed, and the old key is done
        expect(nowKey.equals(pendingKey)).toBe(true);
        expect(() => openWithCopy(oldCopy)).toThrow(DatabaseKeyError);
      }
    }
  });

  it('stops with a SealedKeyError when the OS cannot open the pending key, keeping both files', () => {
    writeSecret();
    const db = openWithSealedKey(dir);
    expect(() => rotateSealedKey(db, dir, { afterRekey: crash })).toThrow('power cut');
    db.close();
    const pending = `${sealedFile}.new`;
    // as if sealed on another machine or account: this OS cannot decrypt it
    writeFileSync(pending, Buffer.from('elsewhere:0123').toString('base64'), { mode: 0o600 });
    const before = { sealed: readFileSync(sealedFile), pending: readFileSync(pending) };
    expect(() => openWithSealedKey(dir)).toThrow(SealedKeyError);
    expect(readFileSync(sealedFile).equals(before.sealed)).toBe(true);
    expect(readFileSync(pending).equals(before.pending)).toBe(true);
  });

  it('is what --rotate-key does at start, with the sealed key or, without a keychain, the key file', () => {
    writeSecret();
    const oldSealed = sealedKeyFormat.read(sealedFile);
    rotateDesktopKey(dir, sealedKeyStore(dir));
    expect(sealedKeyFormat.read(sealedFile).equals(oldSealed)).toBe(false);
    const db = openWithSealedKey(dir);
    expect(readSecret(db)).toBe(SECRET);
    db.close();

    const other = mkdtempSync(path.join(tmpdir(), 'daftaryar-keyfile-'));
    try {
      const keyFile = path.join(other, 'office.key');
      openWithStoredKey(path.join(other, DATABASE_FILE), { file: keyFile, format: hexKeyFormat }).close();
      const oldHex = readFileSync(keyFile, 'utf8');
      rotateDesktopKey(other, null);
      expect(readFileSync(keyFile, 'utf8')).not.toBe(oldHex);
      openWithStoredKey(path.join(other, DATABASE_FILE), { file: keyFile, format: hexKeyFormat }).close();
      expect(existsSync(path.join(other, SEALED_KEY_FILE))).toBe(false);
      // a key file kept apart from the data (--key-file) is the one rotated
      const apart = path.join(other, 'elsewhere', 'office.key');
      const third = path.join(other, 'data');
      mkdirSync(third);
      openWithStoredKey(path.join(third, DATABASE_FILE), { file: apart, format: hexKeyFormat }).close();
      const apartHex = readFileSync(apart, 'utf8');
      rotateDesktopKey(third, null, apart);
      expect(readFileSync(apart, 'utf8')).not.toBe(apartHex);
      expect(existsSync(path.join(third, 'office.key'))).toBe(false);
      openWithStoredKey(path.join(third, DATABASE_FILE), { file: apart, format: hexKeyFormat }).close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
