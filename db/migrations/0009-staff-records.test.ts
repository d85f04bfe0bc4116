import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../sqlite';
import { migrate } from '../migrate';
import { migrations } from '.';
import * as up from '../../test/support/migrationRows';

const now = '2026-11-28T10:00:00.000Z';
const insertManager = "INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('maryam', 'مریم احمدی', 'manager', 'h', ?)";

function at(version: number) {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.filter((m) => m.version <= version));
  return db;
}

describe('migration 0009 — staff records', () => {
  it('keeps the manager created at setup valid, with every new column empty', () => {
    const db = at(8);
    db.prepare(insertManager).run(now);
    migrate(db, migrations.filter((m) => m.version <= 9));
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    const row = db.prepare('SELECT username, active, national_id, certificate_number, deactivated_at FROM staff').get();
    expect(row).toEqual({ username: 'maryam', active: 1, national_id: null, certificate_number: null, deactivated_at: null });
  });

  it('takes a national id of ten digits, unique among staff', () => {
    const db = at(9);
    const ins = db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at, national_id) VALUES (?, 'x', 'clerk', 'h', ?, ?)");
    ins.run('a1', now, '0499370899');
    expect(() => ins.run('a2', now, '0499370899')).toThrow(/UNIQUE/);
    expect(() => ins.run('a3', now, '049937089')).toThrow(/CHECK/);
    expect(() => ins.run('a4', now, '04993708x9')).toThrow(/CHECK/);
    ins.run('a5', now, null);
    ins.run('a6', now, null);
  });

  it('keeps a certificate whole or not at all, with a Jalali date', () => {
    const db = at(9);
    const ins = db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at, certificate_number, certificate_issuer, certificate_date) VALUES (?, 'x', 'clerk', 'h', ?, ?, ?, ?)");
    ins.run('c1', now, '12345', 'قوه قضاییه', '1403-05-12');
    expect(() => ins.run('c2', now, '12345', null, '1403-05-12')).toThrow(/whole/);
    expect(() => ins.run('c3', now, '12345', 'قوه قضاییه', '2024-08-02')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE staff SET certificate_issuer = NULL WHERE username = 'c1'").run()).toThrow(/whole/);
    db.prepare("UPDATE staff SET certificate_number = NULL, certificate_issuer = NULL, certificate_date = NULL WHERE username = 'c1'").run();
  });

  it('never deletes a staff row', () => {
    const db = at(9);
    db.prepare(insertManager).run(now);
    expect(() => db.prepare('DELETE FROM staff').run()).toThrow(/never deleted/);
    expect(db.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(1);
  });
});

describe('migration 0009: upgrading an office at version 8', () => {
  it('adds the staff record’s columns, empty for the accounts before, and the rules that keep it whole', () => {
    const db = up.databaseAt(8);
    db.prepare(insertManager).run(now);
    const u = up.upgrade(db, 9, { grown: ['staff'] });
    expect(u.addedColumns.staff).toEqual(['national_id', 'certificate_number', 'certificate_issuer', 'certificate_date', 'deactivated_at', 'deactivated_by', 'deactivation_reason']);
    expect(up.indexesOf(db, 'staff')).toEqual(['staff_national_id']);
    expect(up.triggersOf(db, 'staff')).toEqual(['staff_certificate_whole_insert', 'staff_certificate_whole_update', 'staff_no_delete']);
    expect(db.prepare('SELECT username, national_id, deactivated_at FROM staff').raw().all()).toEqual([['maryam', null, null]]);
  });
});
