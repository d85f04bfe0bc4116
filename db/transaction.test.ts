import { describe, expect, it } from 'vitest';
import { SqliteDatabase, type Database } from './sqlite';
import { beginImmediate, commit, rollbackIfOpen } from './transaction';

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
