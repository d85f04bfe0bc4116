import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../sqlite';
import { migrate } from '../migrate';
import { migrations } from '.';

describe('migration 0021 — no-show after recalls', () => {
  it('gives an existing office the default of 2 recalls and refuses a number out of range', () => {
    const db = new SqliteDatabase(':memory:');
    migrate(db, migrations.filter((m) => m.version < 21));
    migrate(db, migrations);
    expect(db.prepare('SELECT no_show_after_recalls AS n FROM queue_settings').get()).toEqual({ n: 2 });
    expect(() => db.prepare('UPDATE queue_settings SET no_show_after_recalls = 11').run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE queue_settings SET no_show_after_recalls = -1').run()).toThrow(/CHECK/);
    db.prepare('UPDATE queue_settings SET no_show_after_recalls = 0').run();
    db.close();
  });
});
