import { describe, expect, it } from 'vitest';
import { databaseAt, migrateTo } from '../../test/support/migrationRows';

describe('migration 0026 — the office’s DWT licence key', () => {
  it('adds the key to the office row, empty at first, and refuses an empty string', () => {
    const db = databaseAt(25);
    db.prepare("INSERT INTO office (id, name, code, city, created_at) VALUES (1, 'دفتر', '12345', 'تهران', '2026-01-01T00:00:00.000Z')").run();
    expect(() => db.prepare("UPDATE office SET dwt_licence = 'k'").run()).toThrow(/no such column/);
    migrateTo(db, 26);
    expect(db.pragma('user_version', { simple: true })).toBe(26);
    expect(db.prepare('SELECT name, dwt_licence AS key FROM office').get()).toEqual({ name: 'دفتر', key: null });
    db.prepare("UPDATE office SET dwt_licence = 't0123-abc'").run();
    expect(db.prepare('SELECT dwt_licence FROM office').pluck().get()).toBe('t0123-abc');
    expect(() => db.prepare("UPDATE office SET dwt_licence = ''").run()).toThrow(/CHECK/);
    db.close();
  });
});
