import { describe, expect, it } from 'vitest';
import * as up from '../../test/support/migrationRows';

describe('migration 0033 — backups', () => {
  it('adds the one settings row with the defaults and the run log, whose states are held to their problems', () => {
    const db = up.databaseAt(32);
    up.seedPaidWithReceipt(db);
    const u = up.upgrade(db, 33, { keep: ['request', 'payment', 'receipt', 'audit_log'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['backup_run', 'backup_setting']);
    expect(up.indexesOf(db, 'backup_run')).toContain('backup_run_verified');

    expect(db.prepare('SELECT * FROM backup_setting').all()).toEqual([
      { id: 1, target: null, keep_hourly: 48, keep_daily: 30, keep_monthly: 12, max_age_minutes: 120, work_from_hour: 7, work_to_hour: 17 },
    ]);
    // one row only, and sane numbers
    expect(() => db.prepare('INSERT INTO backup_setting (id) VALUES (2)').run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE backup_setting SET keep_hourly = 0').run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE backup_setting SET work_from_hour = 18').run()).toThrow(/CHECK/);

    const run = db.prepare(
      "INSERT INTO backup_run (generation, kind, target, started_at, finished_at, state, problem, detail) VALUES (?, ?, '/mnt/b', ?, ?, ?, ?, ?)",
    );
    run.run('g1', 'hourly', up.NOW, up.NOW, 'verified', null, null);
    run.run(null, 'manual', up.NOW, up.NOW, 'failed', 'TARGET_FULL', null);
    // a verified run has no problem, a failed one has one
    expect(() => run.run('g2', 'hourly', up.NOW, up.NOW, 'verified', 'CORRUPT', null)).toThrow(/CHECK/);
    expect(() => run.run('g3', 'hourly', up.NOW, up.NOW, 'failed', null, null)).toThrow(/CHECK/);
    expect(() => run.run('g4', 'weekly', up.NOW, up.NOW, 'verified', null, null)).toThrow(/CHECK/);
    // a generation is named once
    expect(() => run.run('g1', 'daily', up.NOW, up.NOW, 'verified', null, null)).toThrow(/UNIQUE/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
