import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from './sqlite';
import { DatabaseFromTheFutureError, migrate, schemaVersion } from './migrate';
import { migrations } from './migrations';
import type { Migration } from './migration';

describe('migrate', () => {
  it('brings an empty database to the latest version and is a no-op the second time', () => {
    const db = new SqliteDatabase(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: migrations.length });
    expect(migrate(db)).toEqual({ from: migrations.length, to: migrations.length });
  });

  it('refuses a database written by a newer program', () => {
    const db = new SqliteDatabase(':memory:');
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db)).toThrow(DatabaseFromTheFutureError);
  });

  it('rolls a failing migration back whole: no half table, version unchanged', () => {
    const db = new SqliteDatabase(':memory:');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        d.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    expect(() => migrate(db, [migrations[0]!, broken])).toThrow(/no such table/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").pluck().get()).toBe(0);
  });

  it('insists migrations are numbered 1, 2, 3… without gaps', () => {
    const db = new SqliteDatabase(':memory:');
    const skip: Migration = { version: 3, name: 'skips', up() {} };
    expect(() => migrate(db, [migrations[0]!, skip])).toThrow(/expected 2/);
  });
});
