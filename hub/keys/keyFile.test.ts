import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseKeyError, openDatabase } from '../../db/open';
import { KeyFileError, openWithKeyFile, readKeyFile, rotateKey } from './keyFile';
import { tempFolders } from '../../test/support/tempFolders';

// Encryption at rest with a key file: what is on disk, who can open it, and key rotation with a
// crash at each step.

const tempFolder = tempFolders();
function office() {
  const dir = tempFolder('daftaryar-key-');
  return { dir, db: path.join(dir, 'office.sqlite'), key: path.join(dir, 'keys', 'office.key') };
}
const SECRET = 'پروندهٔ محرمانهٔ ۱۲۳';

function writeSecret(file: string, keyFile: string) {
  const db = openWithKeyFile(file, keyFile);
  db.prepare("INSERT INTO office (id, name, code, city, created_at) VALUES (1, ?, '1234', 'تهران', '2026-11-28T06:30:00.000Z')").run(SECRET);
  db.close();
}
const readSecret = (db: ReturnType<typeof openDatabase>) => db.prepare('SELECT name FROM office').pluck().get();

describe('the office database at rest', () => {
  it('is made with a fresh owner-only key and is unreadable without it: no plaintext on disk', () => {
    const o = office();
    writeSecret(o.db, o.key);
    expect(statSync(o.key).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(o.key)).mode & 0o777).toBe(0o700);
    const bytes = readFileSync(o.db);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
    expect(bytes.includes(Buffer.from('CREATE TABLE'))).toBe(false);

    expect(() => openDatabase(o.db)).toThrow(DatabaseKeyError);
    expect(() => openDatabase(o.db, { key: Buffer.alloc(32, 7) })).toThrow(/key does not open/);
    const db = openWithKeyFile(o.db, o.key);
    expect(readSecret(db)).toBe(SECRET);
    db.close();
  });

  it('refuses a key file others may read, or one that is not a key; never replaces a lost key', () => {
    const o = office();
    writeSecret(o.db, o.key);
    chmodSync(o.key, 0o644);
    expect(() => openWithKeyFile(o.db, o.key)).toThrow(KeyFileError);
    chmodSync(o.key, 0o600);
    writeFileSync(o.key, 'not a key', { mode: 0o600 });
    expect(() => readKeyFile(o.key)).toThrow(/64 hex digits/);
    rmSync(o.key);
    expect(() => openWithKeyFile(o.db, o.key)).toThrow(expect.objectContaining({ problem: 'missing' }));
    expect(existsSync(o.key)).toBe(false);
  });

  it('encrypts an office database from before encryption in place, keeping its data', () => {
    const o = office();
    const plain = openDatabase(o.db);
    plain.prepare("INSERT INTO office (id, name, code, city, created_at) VALUES (1, ?, '1234', 'تهران', '2026-11-28T06:30:00.000Z')").run(SECRET);
    plain.close();
    expect(readFileSync(o.db).includes(Buffer.from(SECRET))).toBe(true);
    const db = openWithKeyFile(o.db, o.key);
    expect(readSecret(db)).toBe(SECRET);
    db.close();
    expect(readFileSync(o.db).includes(Buffer.from(SECRET))).toBe(false);
    expect(() => openDatabase(o.db)).toThrow(DatabaseKeyError);
  });

  it('says so when bytes of the file were changed: a clear error, not a crash', () => {
    const o = office();
    writeSecret(o.db, o.key);
    const bytes = readFileSync(o.db);
    for (let i = 100; i < 140; i++) bytes[i] = bytes[i]! ^ 0xff; // inside page 1
    writeFileSync(o.db, bytes);
    expect(() => openWithKeyFile(o.db, o.key)).toThrow(DatabaseKeyError);
  });

  it('rotates the key; a crash before or after the re-encryption leaves a key that opens it', () => {
    for (const crashAt of ['afterPending', 'afterRekey', 'none'] as const) {
      const o = office();
      writeSecret(o.db, o.key);
      const oldKey = readFileSync(o.key, 'utf8');
      const db = openWithKeyFile(o.db, o.key);
      const crash = () => {
        throw new Error('power cut');
      };
      if (crashAt === 'none') rotateKey(db, o.key);
      else expect(() => rotateKey(db, o.key, { [crashAt]: crash })).toThrow('power cut');
      db.close();

      const again = openWithKeyFile(o.db, o.key);
      expect(readSecret(again)).toBe(SECRET);
      again.close();
      expect(existsSync(`${o.key}.new`)).toBe(false);
      const nowKey = readFileSync(o.key, 'utf8');
      if (crashAt === 'afterPending') expect(nowKey).toBe(oldKey);
      else expect(nowKey).not.toBe(oldKey);
      // and only the current key opens it
      if (crashAt !== 'afterPending') expect(() => openDatabase(o.db, { key: Buffer.from(oldKey.trim(), 'hex') })).toThrow(DatabaseKeyError);
    }
  });
});
