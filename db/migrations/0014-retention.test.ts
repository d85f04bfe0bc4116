import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from './index';
import * as up from '../../test/support/migrationRows';

describe('migration 0014 (retention)', () => {
  it('adds purged_at to pages (null for every page captured before) and the file removal queue', () => {
    const db = up.databaseAt(13);
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

describe('migration 0014: upgrading an office at version 13', () => {
  it('keeps the pages captured before, none purged, and adds the file removal queue', () => {
    const db = up.databaseAt(13);
    up.seedFeesFixed(db);
    const sha = 'a'.repeat(64);
    db.prepare("INSERT INTO capture_document (id, request_id, position, doc_type, color_mode, created_at) VALUES ('d1', ?, 1, 'petition', 'grey', ?)").run(up.REQUEST_ID, up.NOW);
    db.prepare(
      `INSERT INTO capture_page (id, request_id, document_id, position, sha256, mime, bytes, width_px, height_px, dpi, thumb_sha256, view_sha256, source, captured_at, captured_by)
       VALUES ('p1', ?, 'd1', 1, ?, 'image/jpeg', 10, 2480, 3508, 300, ?, ?, 'scanner', ?, 1)`,
    ).run(up.REQUEST_ID, sha, sha, sha, up.NOW);
    const u = up.upgrade(db, 14, { grown: ['capture_page'] });
    expect(u.addedColumns.capture_page).toEqual(['purged_at']);
    expect(db.prepare('SELECT id, sha256, purged_at FROM capture_page').raw().all()).toEqual([['p1', sha, null]]);
    expect(u.addedTables).toEqual(['page_file_gc']);
    expect(up.indexesOf(db, 'capture_page')).toEqual(expect.arrayContaining(['capture_page_file', 'capture_page_thumb', 'capture_page_view']));
  });
});
