import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from './index';
import * as up from '../../test/support/migrationRows';

describe('migration 0016 (devices)', () => {
  it('adds devices, pairing codes and the device a session belongs to (null for every session before)', () => {
    const db = up.databaseAt(15);
    db.prepare("INSERT INTO session (token_hash, device_role, created_at, expires_at) VALUES ('t', 'kiosk', 'a', 'b')").run();
    migrate(db, migrations);
    expect(db.prepare("SELECT device_id FROM session WHERE token_hash = 't'").get()).toEqual({ device_id: null });
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('m', 'م', 'manager', 'h', 'x')").run();
    db.prepare("INSERT INTO device (kind, name, credential_hash, paired_at, paired_by) VALUES ('board', 'تلویزیون', 'c1', 'x', 1)").run();
    expect(() => db.prepare("INSERT INTO device (kind, name, credential_hash, paired_at, paired_by) VALUES ('printer', 'x', 'c2', 'x', 1)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO device (kind, name, credential_hash, paired_at, paired_by) VALUES ('board', 'x', 'c1', 'x', 1)").run()).toThrow(/UNIQUE/);
    // a revocation always says why
    expect(() => db.prepare("UPDATE device SET revoked_at = 'x' WHERE id = 1").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 0016: upgrading an office at version 15', () => {
  it('adds devices and pairing codes, and the device of a session, none for the sessions before', () => {
    const db = up.databaseAt(15);
    db.prepare("INSERT INTO session (token_hash, device_role, created_at, expires_at) VALUES ('t', 'board', 'a', 'b')").run();
    const u = up.upgrade(db, 16, { grown: ['session'] });
    expect(u.addedTables).toEqual(['device', 'pairing_code']);
    expect(u.addedColumns.session).toEqual(['device_id']);
    expect(up.indexesOf(db, 'session')).toEqual(expect.arrayContaining(['session_device']));
    expect(db.prepare('SELECT token_hash, device_role, device_id FROM session').raw().all()).toEqual([['t', 'board', null]]);
  });
});
