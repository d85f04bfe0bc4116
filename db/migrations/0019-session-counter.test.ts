import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from './index';
import * as up from '../../test/support/migrationRows';

describe('migration 0019 (session counter)', () => {
  it('keeps the counter an applicant screen faces with its session, and only there', () => {
    const db = up.databaseAt(18);
    db.prepare("INSERT INTO session (token_hash, device_role, created_at, expires_at) VALUES ('old', 'applicant', 'a', 'b')").run();
    migrate(db, migrations);
    expect(db.prepare("SELECT counter_id FROM session WHERE token_hash = 'old'").get()).toEqual({ counter_id: null });
    const counter = db.prepare('INSERT INTO counter (number, active) VALUES (42, 1)').run().lastInsertRowid;
    db.prepare("INSERT INTO session (token_hash, device_role, created_at, expires_at, counter_id) VALUES ('screen', 'applicant', 'a', 'b', ?)").run(counter);
    expect(() => db.prepare("INSERT INTO session (token_hash, device_role, created_at, expires_at, counter_id) VALUES ('kiosk', 'kiosk', 'a', 'b', ?)").run(counter)).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 0019: upgrading an office at version 18', () => {
  it('adds the counter an applicant screen faces to sessions, none for the sessions before', () => {
    const db = up.databaseAt(18);
    db.prepare("INSERT INTO session (token_hash, device_role, created_at, expires_at) VALUES ('old', 'applicant', 'a', 'b')").run();
    const u = up.upgrade(db, 19, { grown: ['session'] });
    expect(u.addedColumns.session).toEqual(['counter_id']);
    expect(db.prepare('SELECT token_hash, device_role, counter_id FROM session').raw().all()).toEqual([['old', 'applicant', null]]);
  });
});
