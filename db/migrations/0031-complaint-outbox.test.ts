import { describe, expect, it } from 'vitest';
import { columnsOf, databaseAt, upgrade } from '../../test/support/migrationRows';

const id = (c: string) => c.repeat(32);
const insert = (db: ReturnType<typeof databaseAt>, over: Partial<{ id: string; day: string; sealed: string | null; delivered: number }> = {}) => {
  const r = { id: id('a'), day: '1405-09-07', sealed: '{"v":1}' as string | null, delivered: 0, ...over };
  db.prepare('INSERT INTO complaint_outbox (id, office_day, sealed, delivered) VALUES (?, ?, ?, ?)').run(r.id, r.day, r.sealed, r.delivered);
};

describe('migration 0031 — the complaint outbox', () => {
  it('adds complaint_outbox WITHOUT ROWID, whose only time is the office day', () => {
    const db = databaseAt(30);
    const u = upgrade(db, 31);
    expect(u.addedTables).toEqual(['complaint_outbox']);
    expect(columnsOf(db, 'complaint_outbox')).toEqual(['id', 'office_day', 'sealed', 'delivered', 'audited']);
    const sql = (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'complaint_outbox'").get() as { sql: string }).sql;
    expect(sql).toMatch(/WITHOUT ROWID/);
    // no rowid to number the rows in the order they came
    expect(() => db.prepare('SELECT rowid FROM complaint_outbox').all()).toThrow(/rowid/);
    db.close();
  });

  it('keeps rows in the order of their random key, not of their arrival', () => {
    const db = databaseAt(30);
    upgrade(db, 31);
    for (const c of ['c', 'f', 'a', 'e', 'b', 'd']) insert(db, { id: id(c) });
    const stored = (db.prepare('SELECT id FROM complaint_outbox').all() as { id: string }[]).map((r) => r.id[0]);
    expect(stored).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    db.close();
  });

  it('refuses a key that is not 128 random bits in hex, a day that is not a Jalali day, and a delivered row that still holds its text', () => {
    const db = databaseAt(30);
    upgrade(db, 31);
    expect(() => insert(db, { id: 'short' })).toThrow(/CHECK/);
    expect(() => insert(db, { id: 'G'.repeat(32) })).toThrow(/CHECK/);
    expect(() => insert(db, { day: '2026-11-28T10:00:00Z' })).toThrow(/CHECK/);
    expect(() => insert(db, { sealed: 'not json' })).toThrow(/CHECK/);
    expect(() => insert(db, { delivered: 1 })).toThrow(/CHECK/);
    expect(() => insert(db, { sealed: null })).toThrow(/CHECK/);
    insert(db);
    insert(db, { id: id('b'), sealed: null, delivered: 1 });
    expect(() => insert(db, { day: '1405-09-08' })).toThrow(/UNIQUE|PRIMARY KEY/);
    db.close();
  });
});
