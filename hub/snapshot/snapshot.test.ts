import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { SqliteDatabase, type Database } from '../../db/sqlite';
import { applyKey } from '../../db/open';
import { tempFolders } from '../../test/support/tempFolders';
import { snapshotDatabase } from './snapshot';

const tempFolder = tempFolders();
const key = randomBytes(32);

/** An encrypted office database of about `mb` megabytes, opened as the hub opens it (exclusive, WAL). */
function liveDatabase(dir: string, mb: number): Database {
  const db = openDatabase(path.join(dir, 'office.sqlite'), { key });
  db.exec('CREATE TABLE entry (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO entry (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < mb * 256; i++) insert.run(randomBytes(4096));
  })();
  return db;
}

function openCopy(file: string, withKey: Buffer | null): Database {
  const copy = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  if (withKey) applyKey(copy, withKey);
  return copy;
}

describe('the database snapshot of the backups and the standby', () => {
  it('copies the encrypted database the hub holds exclusively, while the hub’s connection goes on committing', async () => {
    const dir = tempFolder('daftaryar-snapshot-');
    const db = liveDatabase(dir, 64);
    const before = db.prepare('SELECT count(*) FROM entry').pluck().get() as number;
    const insert = db.prepare('INSERT INTO entry (body) VALUES (?)');
    const copies = tempFolder('daftaryar-snapshot-copy-');
    const file = path.join(copies, 'copy.sqlite');

    let done = false;
    const copy = snapshotDatabase(db, file, key).finally(() => (done = true));
    // the hub's turns while the copy is made: each a commit of its own (512 kB: 128 pages), the event
    // loop free between them — soon past the 1,000 pages at which SQLite would checkpoint by itself
    let commits = 0;
    while (!done) {
      insert.run(randomBytes(512 * 1024));
      commits++;
      await new Promise((r) => setTimeout(r, 1));
    }
    const { heldMs, totalMs } = await copy;
    // no checkpoint ran while the file was copied (it would have rewritten the file under the copy):
    // every page committed meanwhile is still in the WAL
    expect(commits).toBeGreaterThan(8);
    expect(statSync(path.join(dir, 'office.sqlite-wal')).size).toBeGreaterThan(commits * 128 * 4096);

    // the hub was held for the checkpoint only; the copy of 64 MB went on beside its commits
    expect(heldMs).toBeLessThan(totalMs);
    expect(commits).toBeGreaterThan(3);
    // the automatic checkpoint is given back
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // the copy: one file, encrypted under the same key, whole, and the database as of its checkpoint —
    // all that was there at the call, none of what was committed while the file was copied
    expect(readdirSync(copies)).toEqual(['copy.sqlite']);
    expect(() => openCopy(file, null).prepare('SELECT count(*) FROM entry').get()).toThrow(/not a database/);
    const c = openCopy(file, key);
    expect(c.pragma('quick_check', { simple: true })).toBe('ok');
    expect(c.pragma('journal_mode', { simple: true })).toBe('delete');
    const inCopy = c.prepare('SELECT count(*) FROM entry').pluck().get() as number;
    expect(inCopy).toBeGreaterThanOrEqual(before);
    expect(inCopy).toBeLessThanOrEqual(before + 1); // the first turn may come before the checkpoint

    c.close();
    // and the live database has every commit made meanwhile
    expect(db.prepare('SELECT count(*) FROM entry').pluck().get()).toBe(before + commits);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('two copies asked at once are taken one after the other, each whole, the second with what was committed before it was asked', async () => {
    const dir = tempFolder('daftaryar-snapshot-two-');
    const db = liveDatabase(dir, 32);
    const insert = db.prepare('INSERT INTO entry (body) VALUES (?)');
    const order: string[] = [];
    const a = snapshotDatabase(db, path.join(dir, 'a.sqlite'), key).then((t) => (order.push('a'), t));
    insert.run(Buffer.from('between'));
    const b = snapshotDatabase(db, path.join(dir, 'b.sqlite'), key).then((t) => (order.push('b'), t));
    // while the first is copied the hub goes on, with large commits (a second checkpoint now would
    // rewrite the file under the first copy)
    let done = false;
    void Promise.all([a, b]).finally(() => (done = true));
    while (!done) {
      insert.run(randomBytes(512 * 1024));
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    for (const f of ['a.sqlite', 'b.sqlite']) {
      const c = openCopy(path.join(dir, f), key);
      expect(c.pragma('quick_check', { simple: true })).toBe('ok');
      expect(c.prepare("SELECT count(*) FROM entry WHERE body = CAST('between' AS BLOB)").pluck().get()).toBe(1);
      c.close();
    }
    // and one that fails does not stop the next
    await expect(snapshotDatabase(db, path.join(dir, 'a.sqlite'), key)).rejects.toMatchObject({ code: 'EEXIST' });
    await snapshotDatabase(db, path.join(dir, 'c.sqlite'), key);
    db.close();
  });

  it.skipIf(process.getuid?.() !== 0)('a full disk (a 1 MB tmpfs): the copy fails with the system’s code, nothing half-written is left, the hub checkpoints again', async () => {
    const dir = tempFolder('daftaryar-snapshot-full-');
    const db = liveDatabase(dir, 4);
    const mnt = tempFolder('daftaryar-snapshot-tmpfs-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
    try {
      await expect(snapshotDatabase(db, path.join(mnt, 'copy.sqlite'), key)).rejects.toMatchObject({ code: 'ENOSPC' });
      expect(readdirSync(mnt)).toEqual([]);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      execFileSync('umount', [mnt]);
    }
    db.close();
  });

  it('never writes over a file that is there', async () => {
    const dir = tempFolder('daftaryar-snapshot-there-');
    const db = liveDatabase(dir, 1);
    const there = path.join(dir, 'there.sqlite');
    writeFileSync(there, 'not empty');
    await expect(snapshotDatabase(db, there, key)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(existsSync(there)).toBe(true);
    db.close();
  });

  it('copies a database in memory by VACUUM INTO (it has no file to copy)', async () => {
    const dir = tempFolder('daftaryar-snapshot-mem-');
    const db = new SqliteDatabase(':memory:');
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('a'), ('b')");
    const file = path.join(dir, 'copy.sqlite');
    await snapshotDatabase(db, file, null);
    const c = openCopy(file, null);
    expect(c.prepare('SELECT group_concat(x) FROM t').pluck().get()).toBe('a,b');
    c.close();
    db.close();
  });
});
