import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase, type Database } from './sqlite';
import { beginImmediate, commit, commitUnsynced, rollbackIfOpen } from './transaction';

function scratch() {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)');
  return db;
}
const count = (db: Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('a transaction held open across callers', () => {
  it('keeps what the work wrote once committed, and the driver’s own transactions nest inside it', () => {
    const db = scratch();
    beginImmediate(db);
    expect(db.inTransaction).toBe(true);
    db.prepare('INSERT INTO parent VALUES (1)').run();
    expect(() => db.transaction(() => {
      db.prepare('INSERT INTO parent VALUES (2)').run();
      throw new Error('this call fails');
    })()).toThrow('this call fails');
    commit(db);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT id FROM parent').pluck().all()).toEqual([1]);
  });

  it('rolls back what a refused COMMIT left open, and does nothing when none is open', () => {
    const db = scratch();
    beginImmediate(db);
    db.prepare('INSERT INTO parent VALUES (1)').run();
    db.prepare('INSERT INTO child VALUES (1, 99)').run();
    expect(() => commit(db)).toThrow(/FOREIGN KEY/);
    expect(db.inTransaction).toBe(true);
    rollbackIfOpen(db);
    expect(db.inTransaction).toBe(false);
    expect(count(db, 'parent')).toBe(0);
    expect(() => rollbackIfOpen(db)).not.toThrow();
  });
});

describe('commitUnsynced', () => {
  const walFile = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-unsynced-'));
    const file = path.join(dir, 'office.db');
    const db = new SqliteDatabase(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE note (id INTEGER PRIMARY KEY)');
    return { dir, file, db };
  };

  it('commits what fn wrote, and leaves synchronous=FULL as it was, after a throw too', () => {
    const { dir, db } = walFile();
    try {
      expect(commitUnsynced(db, () => db.prepare('INSERT INTO note VALUES (1)').run().changes)).toBe(1);
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(() => commitUnsynced(db, () => {
        db.prepare('INSERT INTO note VALUES (2)').run();
        throw new Error('refused');
      })).toThrow('refused');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.prepare('SELECT id FROM note').pluck().all()).toEqual([1]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('inside an open transaction is part of it: the outer rollback takes it back', () => {
    const { dir, db } = walFile();
    try {
      beginImmediate(db);
      commitUnsynced(db, () => db.prepare('INSERT INTO note VALUES (1)').run());
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      rollbackIfOpen(db);
      expect(count(db, 'note')).toBe(0);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('what it committed survives the process killed (-9) at once after', () => {
    const { dir, file, db } = walFile();
    db.close();
    try {
      const script = `
        import { SqliteDatabase } from ${JSON.stringify(path.resolve('db/sqlite.ts'))};
        import { commitUnsynced } from ${JSON.stringify(path.resolve('db/transaction.ts'))};
        const db = new SqliteDatabase(${JSON.stringify(file)});
        db.pragma('synchronous = FULL');
        commitUnsynced(db, () => db.prepare('INSERT INTO note VALUES (7)').run());
        process.kill(process.pid, 'SIGKILL');`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
      expect(child.signal).toBe('SIGKILL');
      const after = new SqliteDatabase(file);
      expect(after.prepare('SELECT id FROM note').pluck().all()).toEqual([7]);
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
