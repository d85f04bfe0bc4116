import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../sqlite';
import { migrate } from '../migrate';
import { migrations } from '.';
import * as up from '../../test/support/migrationRows';

const row = (seq: number) => [seq, '2026-11-28T06:30:00.000Z', 'staff:1', 'login', null, null, '{}', 'a'.repeat(64), String(seq).padStart(64, 'b')] as const;
const insert = 'INSERT INTO audit_log (seq, at, actor, action, subject, reason, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';

describe('migration 0007 — audit log', () => {
  it('takes rows and refuses to change or remove any', () => {
    const db = new SqliteDatabase(':memory:');
    migrate(db, migrations);
    db.prepare(insert).run(...row(1));
    db.prepare(insert).run(...row(2));
    expect(() => db.prepare("UPDATE audit_log SET reason = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare(insert).run(...row(2))).toThrow(/UNIQUE|PRIMARY/);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(2);
  });

  it('refuses a hash that is not 64 characters', () => {
    const db = new SqliteDatabase(':memory:');
    migrate(db, migrations);
    const bad = [...row(1)];
    bad[8] = 'short';
    expect(() => db.prepare(insert).run(...bad)).toThrow(/CHECK/);
  });
});

describe('migration 0007: upgrading an office at version 6', () => {
  it('keeps the office’s rows and adds an empty, append-only audit log', () => {
    const db = up.databaseAt(6);
    up.seedPaidWithReceipt(db);
    const u = up.upgrade(db, 7, { keep: ['staff', 'request', 'receipt'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['audit_log']);
    expect(up.indexesOf(db, 'audit_log')).toEqual(['audit_log_action', 'audit_log_subject']);
    expect(up.triggersOf(db, 'audit_log')).toEqual(['audit_log_no_delete', 'audit_log_no_update']);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
  });
});
