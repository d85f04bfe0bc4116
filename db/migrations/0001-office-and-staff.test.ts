import { describe, expect, it } from 'vitest';
import * as up from '../../test/support/migrationRows';

function freshAt0001() {
  const db = up.databaseAt(1);
  return db;
}

const now = '2026-11-28T10:00:00.000Z';

describe('migration 0001: office and staff', () => {
  it('creates the office, staff and session tables at version 1', () => {
    const db = freshAt0001();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['office', 'session', 'staff']);
  });

  it('holds exactly one office (one office = one database)', () => {
    const db = freshAt0001();
    db.prepare('INSERT INTO office (id, name, code, city, created_at) VALUES (1, ?, ?, ?, ?)').run('دفتر', '1234', 'تهران', now);
    expect(() => db.prepare('INSERT INTO office (id, name, code, city, created_at) VALUES (2, ?, ?, ?, ?)').run('دیگری', '5678', 'قم', now)).toThrow(/CHECK/);
  });

  it('refuses an office code that is not digits', () => {
    const db = freshAt0001();
    expect(() => db.prepare('INSERT INTO office (id, name, code, city, created_at) VALUES (1, ?, ?, ?, ?)').run('دفتر', '12a4', 'تهران', now)).toThrow(/CHECK/);
  });

  it('allows only the bylaw roles and unique usernames', () => {
    const db = freshAt0001();
    const insert = db.prepare('INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
    insert.run('maryam', 'مریم', 'manager', 'h', now);
    expect(() => insert.run('maryam', 'دیگری', 'clerk', 'h', now)).toThrow(/UNIQUE/);
    expect(() => insert.run('ali', 'علی', 'admin', 'h', now)).toThrow(/CHECK/);
  });

  it('makes a session belong to a staff member or a device, never both or neither', () => {
    const db = freshAt0001();
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('m', 'م', 'manager', 'h', ?)").run(now);
    const insert = db.prepare('INSERT INTO session (token_hash, staff_id, device_role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    insert.run('a', 1, null, now, now);
    insert.run('b', null, 'kiosk', now, now);
    expect(() => insert.run('c', 1, 'kiosk', now, now)).toThrow(/CHECK/);
    expect(() => insert.run('d', null, null, now, now)).toThrow(/CHECK/);
    expect(() => insert.run('e', 99, null, now, now)).toThrow(/FOREIGN KEY/);
  });

  it('is strict about column types', () => {
    const db = freshAt0001();
    expect(() =>
      db.prepare("INSERT INTO staff (username, display_name, role, password_hash, failed_logins, created_at) VALUES ('x', 'x', 'clerk', 'h', 'many', ?)").run(now),
    ).toThrow(/datatype|cannot store/i);
  });
});

describe('migration 0001: from an empty database', () => {
  it('creates the office, staff and session tables and nothing else', () => {
    const db = up.databaseAt(0);
    expect(up.tablesOf(db)).toEqual([]);
    up.migrateTo(db, 1);
    expect(up.tablesOf(db)).toEqual(['office', 'session', 'staff']);
    expect(up.indexesOf(db)).toEqual(['session_staff']);
    expect(up.columnsOf(db, 'session')).toEqual(expect.arrayContaining(['token_hash', 'staff_id', 'device_role', 'created_at', 'expires_at']));
  });
});
