import { describe, expect, it } from 'vitest';
import * as up from '../../test/support/migrationRows';

describe('migration 0029 — services declare their steps', () => {
  it('keeps every request and event, and lets a service that files nothing be answered and delivered', () => {
    const db = up.databaseAt(28);
    up.seedFeesFixed(db);
    db.prepare("INSERT INTO request_event (request_id, type, payload, at, staff_id) VALUES (?, 'feesFixed', '{}', ?, 1)").run(up.REQUEST_ID, up.NOW);
    const setStatus = db.prepare("UPDATE request SET status = ?, state = json_object('status', ?) WHERE id = ?");
    expect(() => setStatus.run('answered', 'answered', up.REQUEST_ID)).toThrow(/CHECK/);
    const schemaBefore = db.prepare("SELECT name, sql FROM sqlite_schema WHERE name NOT IN ('request', 'request_event', 'inquiry') ORDER BY name").all();

    const u = up.upgrade(db, 29, { keep: ['request', 'request_event', 'fee_quote'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual([]);
    // only the three CHECK lists changed
    expect(db.prepare("SELECT name, sql FROM sqlite_schema WHERE name NOT IN ('request', 'request_event', 'inquiry') ORDER BY name").all()).toEqual(schemaBefore);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);

    setStatus.run('answered', 'answered', up.REQUEST_ID);
    setStatus.run('delivered', 'delivered', up.REQUEST_ID);
    expect(() => setStatus.run('printed', 'printed', up.REQUEST_ID)).toThrow(/CHECK/);
    // the status still repeats the state's
    expect(() => db.prepare("UPDATE request SET status = 'answered' WHERE id = ?").run(up.REQUEST_ID)).toThrow(/CHECK/);
    const event = db.prepare("INSERT INTO request_event (request_id, type, payload, at, staff_id) VALUES (?, ?, '{}', ?, 1)");
    event.run(up.REQUEST_ID, 'inquiryAnswered', up.NOW);
    event.run(up.REQUEST_ID, 'delivered', up.NOW);
    expect(() => event.run(up.REQUEST_ID, 'printed', up.NOW)).toThrow(/CHECK/);
    const inquiry = db.prepare("INSERT INTO inquiry (id, request_id, staff_id, kind, purpose, subject, asked_at, outcome) VALUES (?, ?, 1, ?, 'p', 's', ?, 'failed')");
    inquiry.run('i1', up.REQUEST_ID, 'notification', up.NOW);
    inquiry.run('i2', up.REQUEST_ID, 'caseStatus', up.NOW);
    expect(() => inquiry.run('i3', up.REQUEST_ID, 'tax', up.NOW)).toThrow(/CHECK/);
    expect(() => inquiry.run('i4', 'no-such-request', 'notification', up.NOW)).toThrow(/FOREIGN KEY/);
    // the database may be written safely again
    expect(() => db.prepare("UPDATE sqlite_schema SET sql = sql WHERE name = 'request'").run()).toThrow();
    db.close();
  });
});
