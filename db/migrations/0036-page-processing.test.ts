import { describe, expect, it } from 'vitest';
import * as up from '../../test/support/migrationRows';

describe('migration 0036 — a page’s processing state', () => {
  it('keeps every page as processed, marks new ones provisional on demand, and finds them by the partial index', () => {
    const db = up.databaseAt(35);
    up.seedFeesFixed(db);
    const sha = 'a'.repeat(64);
    db.prepare("INSERT INTO capture_document (id, request_id, position, doc_type, color_mode, created_at) VALUES ('d1', ?, 1, 'petition', 'grey', ?)").run(up.REQUEST_ID, up.NOW);
    const insert = db.prepare(
      `INSERT INTO capture_page (id, request_id, document_id, position, sha256, mime, bytes, width_px, height_px, dpi, thumb_sha256, view_sha256, source, captured_at, captured_by)
       VALUES (?, ?, 'd1', ?, ?, 'image/jpeg', 10, 2480, 3508, 300, ?, ?, 'scanner', ?, 1)`,
    );
    insert.run('p1', up.REQUEST_ID, 1, sha, sha, sha, up.NOW);
    const u = up.upgrade(db, 36, { keep: ['capture_document'], grown: ['capture_page'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual([]);
    expect(u.addedColumns.capture_page).toEqual(['processing']);
    expect(up.indexesOf(db, 'capture_page')).toContain('capture_page_processing');
    // a page captured before was processed whole
    expect(db.prepare("SELECT processing FROM capture_page WHERE id = 'p1'").pluck().get()).toBe(0);
    insert.run('p2', up.REQUEST_ID, 2, sha, sha, sha, up.NOW);
    db.prepare("UPDATE capture_page SET processing = 1 WHERE id = 'p2'").run();
    expect(() => db.prepare("UPDATE capture_page SET processing = 2 WHERE id = 'p1'").run()).toThrow(/CHECK/);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM capture_page WHERE processing = 1 AND request_id = ?').all(up.REQUEST_ID) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/capture_page_processing/);
    expect(db.prepare('SELECT id FROM capture_page WHERE processing = 1').pluck().all()).toEqual(['p2']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
