import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, openDatabase } from './open';
import { migrations } from './migrations';
import { tempFolders } from '../test/support/tempFolders';

const tempFolder = tempFolders();
const tempFile = (): string => path.join(tempFolder('daftaryar-db-'), 'office.sqlite');

describe('openDatabase', () => {
  it('opens in WAL with foreign keys and synchronous=FULL, migrated to the latest version', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('refuses a second writer on the same file while the first is open', () => {
    const file = tempFile();
    const first = openDatabase(file);
    expect(() => openDatabase(file)).toThrow(DatabaseInUseError);
    first.close();
    openDatabase(file).close(); // free again once the first is closed
  });

  it('refuses a second writer in another process too, and frees the file when the holder dies', () => {
    const file = tempFile();
    const first = openDatabase(file);
    // A separate Node process tries to open the same file.
    const probe = `const Db = require('better-sqlite3-multiple-ciphers'); const db = new Db(${JSON.stringify(file)});
      try { db.pragma('busy_timeout = 0'); db.pragma('locking_mode = EXCLUSIVE'); db.pragma('journal_mode = WAL'); db.exec('BEGIN IMMEDIATE; COMMIT;'); console.log('opened'); }
      catch (e) { console.log(e.code); }`;
    const other = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(other.stdout.trim()).toBe('SQLITE_BUSY');
    first.close();
    const again = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(again.stdout.trim()).toBe('opened');
  });

  it('keeps committed rows across close and reopen', () => {
    const file = tempFile();
    const db = openDatabase(file);
    db.prepare("INSERT INTO office (id, name, code, city, created_at) VALUES (1, 'دفتر', '1234', 'تهران', '2026-11-28T10:00:00Z')").run();
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT code FROM office').pluck().get()).toBe('1234');
    again.close();
  });
});
