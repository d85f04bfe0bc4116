import { describe, expect, it } from 'vitest';
import * as up from '../../test/support/migrationRows';

describe('migration 0035 — the app version each workstation runs', () => {
  it('adds the version and when it was reported to every device, empty for those paired before', () => {
    const db = up.databaseAt(34);
    up.seedMaryam(db);
    db.prepare("INSERT INTO device (kind, name, credential_hash, paired_at, paired_by) VALUES ('counter', 'باجه ۲', 'h', '2026-01-01T00:00:00.000Z', 1)").run();
    const u = up.upgrade(db, 35, { keep: ['staff'], grown: ['device'] });
    expect(u.addedColumns).toEqual({ device: ['app_version', 'app_version_at'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(db.prepare('SELECT name, app_version AS v, app_version_at AS at FROM device').get()).toEqual({ name: 'باجه ۲', v: null, at: null });
    db.prepare("UPDATE device SET app_version = '0.2.0', app_version_at = '2026-12-07T06:00:00.000Z'").run();
    expect(() => db.prepare("UPDATE device SET app_version = '1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE device SET app_version_at = NULL').run()).toThrow(/CHECK/);
    db.close();
  });
});
