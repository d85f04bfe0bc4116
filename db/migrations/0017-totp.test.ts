import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from '.';
import * as up from '../../test/support/migrationRows';

describe('migration 0017 — TOTP', () => {
  it('leaves existing accounts without a second factor, and refuses «enabled» without a secret', () => {
    const db = up.databaseAt(16);
    up.seedMaryam(db);
    migrate(db, migrations);
    expect(db.prepare('SELECT totp_enabled AS enabled, totp_secret AS secret, totp_pending_secret AS pending, totp_last_step AS step FROM staff').get()).toEqual({ enabled: 0, secret: null, pending: null, step: null });
    expect(() => db.prepare('UPDATE staff SET totp_enabled = 1').run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE staff SET totp_enabled = 2, totp_secret = 'ABC'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE staff SET totp_enabled = 1, totp_secret = 'JBSWY3DPEHPK3PXP'").run();
    expect(() => db.prepare('UPDATE staff SET totp_secret = NULL').run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 0017: upgrading an office at version 16', () => {
  it('adds the TOTP columns, off for every account before', () => {
    const db = up.databaseAt(16);
    up.seedMaryam(db);
    const u = up.upgrade(db, 17, { grown: ['staff'] });
    expect(u.addedColumns.staff).toEqual(['totp_secret', 'totp_pending_secret', 'totp_last_step', 'totp_enabled']);
    expect(db.prepare('SELECT username, totp_enabled, totp_secret FROM staff').raw().all()).toEqual([['maryam', 0, null]]);
  });
});
