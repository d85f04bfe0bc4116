import { describe, expect, it } from 'vitest';
import { databaseAt, seedFeesFixed, upgrade, columnsOf, indexesOf } from '../../test/support/migrationRows';

function servedAt29() {
  const db = databaseAt(29);
  seedFeesFixed(db); // ticket 't1' of service 1 at counter 1, day 1405-09-07
  db.prepare("UPDATE ticket SET status = 'done' WHERE id = 't1'").run();
  return db;
}

type Row = { ticket: string; day: string; score: number; code: string | null; text: string | null; on: string };
const insert = (db: ReturnType<typeof databaseAt>, over: Partial<Row> = {}) => {
  const r: Row = { ticket: 't1', day: '1405-09-07', score: 5, code: null, text: null, on: 'applicantScreen', ...over };
  db.prepare('INSERT INTO satisfaction_rating (ticket_id, office_day, service_id, counter_id, score, reason_code, reason_text, answered_on) VALUES (?, ?, 1, 1, ?, ?, ?, ?)').run(
    r.ticket,
    r.day,
    r.score,
    r.code,
    r.text,
    r.on,
  );
};

describe('migration 0030 — satisfaction ratings', () => {
  it('adds satisfaction_rating with its day index, keeping the tickets; no column holds an instant', () => {
    const db = servedAt29();
    const u = upgrade(db, 30, { keep: ['ticket'] });
    expect(u.addedTables).toEqual(['satisfaction_rating']);
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(columnsOf(db, 'satisfaction_rating')).toEqual(['ticket_id', 'office_day', 'service_id', 'counter_id', 'score', 'reason_code', 'reason_text', 'answered_on']);
    expect(indexesOf(db, 'satisfaction_rating')).toContain('satisfaction_rating_day');
    db.close();
  });

  it('rates a ticket once: a second rating of the same ticket is refused by the database', () => {
    const db = servedAt29();
    upgrade(db, 30);
    insert(db);
    expect(() => insert(db, { score: 4, on: 'kiosk' })).toThrow(/UNIQUE|PRIMARY KEY/);
    db.close();
  });

  it('holds the score to 1–5, a low score to exactly one reason, and a text to «other»', () => {
    const db = servedAt29();
    upgrade(db, 30);
    expect(() => insert(db, { score: 0 })).toThrow(/CHECK/);
    expect(() => insert(db, { score: 6 })).toThrow(/CHECK/);
    expect(() => insert(db, { score: 2 })).toThrow(/CHECK/); // no reason
    expect(() => insert(db, { score: 4, code: 'longWait' })).toThrow(/CHECK/); // a reason for a good score
    expect(() => insert(db, { score: 1, code: 'other' })).toThrow(/CHECK/); // «other» without its text
    expect(() => insert(db, { score: 1, code: 'longWait', text: 'x' })).toThrow(/CHECK/); // a text outside «other»
    expect(() => insert(db, { score: 1, code: 'bribe' })).toThrow(/CHECK/);
    expect(() => insert(db, { score: 1, code: 'other', text: 'x'.repeat(201) })).toThrow(/CHECK/);
    expect(() => insert(db, { on: 'counter' })).toThrow(/CHECK/);
    expect(() => insert(db, { day: '2026-11-28' })).toThrow(/CHECK/);
    expect(() => insert(db, { ticket: 'no-such-ticket' })).toThrow(/FOREIGN KEY/);
    insert(db, { score: 1, code: 'other', text: 'باجه بسته بود' });
    db.close();
  });
});
