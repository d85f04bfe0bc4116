import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from '.';
import * as up from '../../test/support/migrationRows';

describe('migration 0010 — password change', () => {
  it('leaves existing accounts without the duty, and takes only 0 or 1', () => {
    const db = up.databaseAt(9);
    up.seedMaryam(db);
    migrate(db, migrations);
    expect(db.prepare('SELECT must_change_password FROM staff').pluck().get()).toBe(0);
    expect(() => db.prepare('UPDATE staff SET must_change_password = 2').run()).toThrow(/CHECK/);
  });
});

describe('migration 0010: upgrading an office at version 9', () => {
  it('adds the password-change duty, off for every account before', () => {
    const db = up.databaseAt(9);
    up.seedMaryam(db);
    const u = up.upgrade(db, 10, { grown: ['staff'] });
    expect(u.addedColumns.staff).toEqual(['must_change_password']);
    expect(db.prepare('SELECT username, password_hash, must_change_password FROM staff').raw().all()).toEqual([['maryam', 'h', 0]]);
  });
});
