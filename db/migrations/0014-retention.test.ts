import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../sqlite';
import { migrate } from '../migrate';
import { migrations } from './index';

describe('migration 0014 (retention)', () => {
  it('adds purged_at to pages (null for every page captured before) and the file removal queue', () => {
    const db = new SqliteDatabase(':memory:');
    migrate(db, migrations.filter((m) => m.version < 14));
    migrate(db, migrations);
    const columns = db.prepare("SELECT name FROM pragma_table_info('capture_page')").all() as { name: string }[];
    expect(columns.map((c) => c.name)).toContain('purged_at');
    db.prepare("INSERT INTO page_file_gc (sha256, queued_at) VALUES ('ab', '2026-11-28T00:00:00.000Z')").run();
    expect(() => db.prepare("INSERT INTO page_file_gc (sha256, queued_at) VALUES ('ab', 'x')").run()).toThrow(/UNIQUE/);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'capture_page'").all() as { name: string }[];
    expect(indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['capture_page_file', 'capture_page_thumb', 'capture_page_view']));
    db.close();
  });
});
