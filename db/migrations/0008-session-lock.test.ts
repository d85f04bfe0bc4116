import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from '.';
import * as up from '../../test/support/migrationRows';

describe('migration 0008 — session lock', () => {
  it('adds an unlocked state to existing sessions and a 5-minute idle lock to the office, bounded', () => {
    const db = up.databaseAt(7);
    db.prepare("INSERT INTO office (id, name, code, city, created_at) VALUES (1, 'دفتر', '1234', 'تهران', '2026-11-28T06:30:00.000Z')").run();
    db.prepare("INSERT INTO session (token_hash, staff_id, device_role, created_at, expires_at) VALUES ('h', NULL, 'kiosk', 'a', 'b')").run();
    migrate(db, migrations.filter((m) => m.version <= 8));
    expect(db.prepare('SELECT locked_at FROM session').pluck().get()).toBeNull();
    expect(db.prepare('SELECT lock_after_minutes FROM office').pluck().get()).toBe(5);
    expect(() => db.prepare('UPDATE office SET lock_after_minutes = 999').run()).toThrow(/CHECK/);
  });
});

describe('migration 0008: upgrading an office at version 7', () => {
  it('adds the lock to sessions (open ones unlocked) and the idle time to the office (5 minutes)', () => {
    const db = up.databaseAt(7);
    db.prepare("INSERT INTO office (id, name, code, city, created_at) VALUES (1, 'دفتر', '1234', 'تهران', '2026-11-28T06:30:00.000Z')").run();
    db.prepare("INSERT INTO session (token_hash, staff_id, device_role, created_at, expires_at) VALUES ('h', NULL, 'kiosk', 'a', 'b')").run();
    const u = up.upgrade(db, 8, { grown: ['session', 'office'] });
    expect(u.addedColumns.session).toEqual(['locked_at']);
    expect(u.addedColumns.office).toEqual(['lock_after_minutes']);
    expect(db.prepare('SELECT token_hash, device_role, locked_at FROM session').raw().all()).toEqual([['h', 'kiosk', null]]);
    expect(db.prepare('SELECT code, lock_after_minutes FROM office').raw().all()).toEqual([['1234', 5]]);
  });
});
