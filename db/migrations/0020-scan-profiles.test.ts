import { describe, expect, it } from 'vitest';
import { type Database } from '../sqlite';
import { NOW } from '../../test/support/migrationRows';
import * as up from '../../test/support/migrationRows';

function fresh(): Database {
  const db = up.databaseAt(20);
  return db;
}

const insert = (db: Database, docType: string, dpi = 300, colorMode = 'grey', source = 'adf', by: number | null = null) =>
  db.prepare('INSERT INTO scan_profile (doc_type, dpi, color_mode, source, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)').run(docType, dpi, colorMode, source, NOW, by);

describe('migration 0020: scan profiles', () => {
  it('keeps one profile per document type, with a resolution, colour and paper input the scanners know', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    insert(db, 'petition');
    insert(db, 'identity', 600, 'color', 'flatbed');
    expect(() => insert(db, 'petition', 200)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert(db, 'receipt')).toThrow(/CHECK/);
    expect(() => insert(db, 'evidence', 50)).toThrow(/CHECK/);
    expect(() => insert(db, 'evidence', 300, 'sepia')).toThrow(/CHECK/);
    expect(() => insert(db, 'evidence', 300, 'grey', 'tray')).toThrow(/CHECK/);
    expect(() => insert(db, 'evidence', 300, 'grey', 'adf', 99)).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT doc_type FROM scan_profile ORDER BY doc_type').pluck().all()).toEqual(['identity', 'petition']);
  });
});

describe('migration 0020: upgrading an office at version 19', () => {
  it('keeps the staff and adds scan profiles, none set yet', () => {
    const db = up.databaseAt(19);
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('maryam', 'مریم', 'manager', 'h', ?)").run(NOW);
    const u = up.upgrade(db, 20, { keep: ['staff'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['scan_profile']);
    expect(db.prepare('SELECT count(*) FROM scan_profile').pluck().get()).toBe(0);
    insert(db, 'petition', 300, 'grey', 'adf', 1);
    expect(db.prepare('SELECT doc_type, updated_by FROM scan_profile').raw().all()).toEqual([['petition', 1]]);
  });
});
