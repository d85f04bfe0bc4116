import { describe, expect, it } from 'vitest';
import { type Database } from '../sqlite';
import { NOW, REQUEST_ID, seedFeesFixed } from '../../test/support/migrationRows';
import * as up from '../../test/support/migrationRows';

/** A database at version 15 with request 1405/1 at counter 1. */
function fresh(): Database {
  const db = up.databaseAt(15);
  seedFeesFixed(db);
  return db;
}

const consent = (db: Database, over: Partial<{ request: string; given: number; counter: number }> = {}) => {
  const c = { request: REQUEST_ID, given: 1, counter: 1, ...over };
  db.prepare("INSERT INTO sana_consent (request_id, given, identity_document, counter_id, at) VALUES (?, ?, 'nationalCard', ?, ?)").run(c.request, c.given, c.counter, NOW);
};

describe('migration 0015: Sana consent', () => {
  it('keeps one answer per request, yes or no, given at a real counter for a real request', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(15);
    consent(db, { given: 0 });
    expect(() => consent(db)).toThrow(/UNIQUE|PRIMARY KEY/);
    // a later answer replaces an earlier «no»
    db.prepare('UPDATE sana_consent SET given = 1 WHERE request_id = ?').run(REQUEST_ID);
    expect(db.prepare('SELECT given FROM sana_consent').pluck().get()).toBe(1);
    expect(() => db.prepare('UPDATE sana_consent SET given = 2').run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM sana_consent').run();
    expect(() => consent(db, { counter: 9 })).toThrow(/FOREIGN KEY/);
    expect(() => consent(db, { request: '99999999-9999-4999-8999-999999999999' })).toThrow(/FOREIGN KEY/);
  });
});

describe('migration 0015: upgrading an office at version 14', () => {
  it('keeps the request and adds its Sana consent, unanswered', () => {
    const db = up.databaseAt(14);
    seedFeesFixed(db);
    const u = up.upgrade(db, 15, { keep: ['request'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['sana_consent']);
    expect(up.columnsOf(db, 'sana_consent')).toEqual(['request_id', 'given', 'identity_document', 'counter_id', 'at']);
    expect(db.prepare('SELECT count(*) FROM sana_consent').pluck().get()).toBe(0);
    consent(db);
    expect(db.prepare('SELECT given FROM sana_consent WHERE request_id = ?').pluck().get(REQUEST_ID)).toBe(1);
  });
});
