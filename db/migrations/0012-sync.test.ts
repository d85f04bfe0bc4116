import { describe, expect, it } from 'vitest';
import { type Database } from '../sqlite';
import { NOW, REQUEST_ID, seedPaidWithReceipt } from '../../test/support/migrationRows';
import * as up from '../../test/support/migrationRows';

const SUBMISSION = up.SUBMISSION_ID;

/** A database at version 12 with a paid request 1405/1. */
function fresh(): Database {
  const db = up.databaseAt(12);
  seedPaidWithReceipt(db);
  return db;
}

const submit = up.seedSubmission;

describe('migration 0012: the outbox', () => {
  it('keeps one submission per request, with pages and bytes, and a tracking code only with its delivery time', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(12);
    submit(db);
    expect(() => submit(db, '44444444-4444-4444-8444-444444444444')).toThrow(/UNIQUE/);
    expect(() => submit(db, '55555555-5555-4555-8555-555555555555', '66666666-6666-4666-8666-666666666666')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE submission SET tracking_code = 'T-1' WHERE id = ?").run(SUBMISSION)).toThrow(/CHECK/);
    db.prepare("UPDATE submission SET tracking_code = 'T-1', delivered_at = ? WHERE id = ?").run(NOW, SUBMISSION);
    expect(() => db.prepare("UPDATE submission SET authority_status = 'lost' WHERE id = ?").run(SUBMISSION)).toThrow(/CHECK/);
  });

  it('orders the outbox deadline first («YYYY/MM/DD» sorts as the calendar does), then by age, through its index', () => {
    const db = fresh();
    submit(db);
    const row = (id: string, deadline: string | null, queuedAt: string) => {
      db.prepare('INSERT INTO outbox (submission_id, state, deadline, queued_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)').run(id, 'pending', deadline, queuedAt, queuedAt);
    };
    // the outbox's foreign key needs a submission per row; these stand beside the request's one
    db.pragma('foreign_keys = OFF');
    row(SUBMISSION, null, '2026-11-28T08:00:00.000Z');
    row('a', '1405/10/01', '2026-11-28T09:00:00.000Z');
    row('b', '1405/09/30', '2026-11-28T09:30:00.000Z');
    row('c', null, '2026-11-28T07:00:00.000Z');
    const sql = "SELECT submission_id FROM outbox WHERE state = 'pending' ORDER BY deadline IS NULL, deadline, queued_at";
    expect(db.prepare(sql).pluck().all()).toEqual(['b', 'a', 'c', SUBMISSION]);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan).toMatch(/USING (COVERING )?INDEX outbox_order/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(() => db.prepare("UPDATE outbox SET state = 'sent' WHERE submission_id = 'a'").run()).toThrow(/CHECK/);
  });

  it('records each confirmed page once per submission, and one enrolled identity', () => {
    const db = fresh();
    submit(db);
    const confirm = () => db.prepare('INSERT INTO sync_upload (submission_id, sha256, confirmed_at) VALUES (?, ?, ?)').run(SUBMISSION, 'ab'.repeat(32), NOW);
    confirm();
    expect(confirm).toThrow(/UNIQUE|PRIMARY KEY/);
    const identity = (id: number) =>
      db.prepare("INSERT INTO sync_identity VALUES (?, 'https://central', 'o1', '1234', 'دفتر', 'd1', 'pk', 'spk', ?, 1)").run(id, NOW);
    identity(1);
    expect(() => identity(2)).toThrow(/CHECK/);
  });
});

describe('migration 0012: upgrading an office at version 11', () => {
  it('keeps the paid request and adds an empty outbox, with its order', () => {
    const db = up.databaseAt(11);
    seedPaidWithReceipt(db);
    const u = up.upgrade(db, 12, { keep: ['request', 'payment', 'receipt'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['outbox', 'submission', 'sync_identity', 'sync_state', 'sync_upload']);
    expect(up.indexesOf(db, 'outbox')).toEqual(['outbox_order']);
    submit(db);
    expect(db.prepare('SELECT request_id FROM submission').pluck().get()).toBe(REQUEST_ID);
  });
});
