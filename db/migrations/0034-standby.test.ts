import { describe, expect, it } from 'vitest';
import { databaseAt, migrateTo } from '../../test/support/migrationRows';

describe('migration 0034 — the standby hub and the hub’s epoch', () => {
  it('adds one standby row at most, naming a paired device, and the epoch 1 for an office that ran before', () => {
    const db = databaseAt(33);
    db.prepare("INSERT INTO staff (id, username, display_name, role, password_hash, created_at) VALUES (1, 'm', 'مدیر', 'manager', 'x', '2026-01-01T00:00:00.000Z')").run();
    db.prepare("INSERT INTO device (id, kind, name, credential_hash, paired_at, paired_by) VALUES (7, 'counter', 'باجهٔ ۲', 'h', '2026-01-01T00:00:00.000Z', 1)").run();
    expect(() => db.prepare('SELECT * FROM standby').all()).toThrow(/no such table/);
    migrateTo(db, 34);
    expect(db.pragma('user_version', { simple: true })).toBe(34);
    expect(db.prepare('SELECT epoch, superseded_epoch AS s FROM hub_epoch').all()).toEqual([{ epoch: 1, s: null }]);
    db.prepare("INSERT INTO standby (id, device_id, named_at, named_by) VALUES (1, 7, '2026-01-02T00:00:00.000Z', 1)").run();
    // one standby at a time; a device that does not exist cannot be one
    expect(() => db.prepare("INSERT INTO standby (id, device_id, named_at, named_by) VALUES (2, 7, 'x', 1)").run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM standby').run();
    expect(() => db.prepare("INSERT INTO standby (id, device_id, named_at, named_by) VALUES (1, 99, 'x', 1)").run()).toThrow(/FOREIGN KEY/);
    // a superseding epoch is always higher than the hub's own
    expect(() => db.prepare('UPDATE hub_epoch SET superseded_epoch = 1').run()).toThrow(/CHECK/);
    db.prepare('UPDATE hub_epoch SET superseded_epoch = 2').run();
    db.close();
  });
});
