import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from '.';
import * as up from '../../test/support/migrationRows';

describe('migration 0021 — no-show after recalls', () => {
  it('gives an existing office the default of 2 recalls and refuses a number out of range', () => {
    const db = up.databaseAt(20);
    migrate(db, migrations);
    expect(db.prepare('SELECT no_show_after_recalls AS n FROM queue_settings').get()).toEqual({ n: 2 });
    expect(() => db.prepare('UPDATE queue_settings SET no_show_after_recalls = 11').run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE queue_settings SET no_show_after_recalls = -1').run()).toThrow(/CHECK/);
    db.prepare('UPDATE queue_settings SET no_show_after_recalls = 0').run();
    db.close();
  });
});

describe('migration 0021: upgrading an office at version 20', () => {
  it('keeps the office’s queue settings and adds the recalls before a no-show, 2', () => {
    const db = up.databaseAt(20);
    db.prepare('UPDATE queue_settings SET normal_per_priority = 4, max_wait_minutes = 60').run();
    const columns = up.columnsOf(db, 'queue_settings');
    const kept = db.prepare('SELECT normal_per_priority, max_wait_minutes, service_level_minutes, default_service_minutes, printer FROM queue_settings').all();
    up.migrateTo(db, 21);
    expect(up.added(columns, up.columnsOf(db, 'queue_settings'))).toEqual(['no_show_after_recalls']);
    expect(db.prepare('SELECT normal_per_priority, max_wait_minutes, service_level_minutes, default_service_minutes, printer FROM queue_settings').all()).toEqual(kept);
    expect(db.prepare('SELECT normal_per_priority, no_show_after_recalls FROM queue_settings').raw().all()).toEqual([[4, 2]]);
  });
});
