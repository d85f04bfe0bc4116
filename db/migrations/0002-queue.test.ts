import { describe, expect, it } from 'vitest';
import { type Database } from '../sqlite';
import * as up from '../../test/support/migrationRows';

const NOW = '2026-11-28T10:00:00.000Z';

/** A database at version 2, with one staff member. */
function fresh(): Database {
  const db = up.databaseAt(2);
  db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('reza', 'رضا', 'clerk', 'h', ?)").run(NOW);
  return db;
}

const ticket = (db: Database, over: Partial<{ id: string; number: number; status: string; counter: number | null; key: number }> = {}) => {
  const t = { id: 't1', number: 1, status: 'waiting', counter: null, key: 1, ...over };
  db.prepare(
    "INSERT INTO ticket (id, office_day, issued_service_id, prefix, number, service_id, status, queue_key, issued_at, counter_id) VALUES (?, '1405-09-07', 1, 'الف', ?, 1, ?, ?, ?, ?)",
  ).run(t.id, t.number, t.status, t.key, NOW, t.counter);
};

describe('migration 0002: the queue', () => {
  it('starts a new office with a working catalogue: five services, three priority categories, two counters serving every service', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT prefix FROM service ORDER BY sort_order').pluck().all()).toEqual(['الف', 'ب', 'پ', 'ت', 'ث']);
    expect(db.prepare('SELECT count(*) FROM priority_category').pluck().get()).toBe(3);
    expect(db.prepare('SELECT number FROM counter ORDER BY number').pluck().all()).toEqual([1, 2]);
    expect(db.prepare('SELECT count(*) FROM counter_service').pluck().get()).toBe(10);
    expect(db.prepare('SELECT printer FROM queue_settings').pluck().get()).toBe('{"kind":"none"}');
  });

  it('keeps a ticket number once per service and day, and a counter to one called or served ticket', () => {
    const db = fresh();
    ticket(db);
    expect(() => ticket(db, { id: 't2' })).toThrow(/UNIQUE/);
    ticket(db, { id: 't2', number: 2, status: 'serving', counter: 1, key: 2 });
    // a second ticket at counter 1 that is called or served: refused by the database itself
    expect(() => ticket(db, { id: 't3', number: 3, status: 'called', counter: 1, key: 3 })).toThrow(/UNIQUE/);
    ticket(db, { id: 't3', number: 3, status: 'done', counter: 1, key: 3 });
    expect(() => ticket(db, { id: 't4', number: 4, status: 'lost', key: 4 })).toThrow(/CHECK/);
  });

  it('records an out-of-turn call only with its reason, and only on a call', () => {
    const db = fresh();
    ticket(db);
    const event = (kind: string, outOfTurn: number, reason: string | null) =>
      db.prepare('INSERT INTO ticket_event (ticket_id, kind, at, counter_id, staff_id, service_id, out_of_turn, reason_code) VALUES (?, ?, ?, 1, 1, 1, ?, ?)').run('t1', kind, NOW, outOfTurn, reason);
    event('called', 0, null);
    event('called', 1, 'elderly');
    expect(() => event('called', 1, null)).toThrow(/CHECK/);
    expect(() => event('finished', 1, 'elderly')).toThrow(/CHECK/);
    expect(() => event('teleported', 0, null)).toThrow(/CHECK/);
  });

  it('reads the head of a line through its partial index, however long the line', () => {
    const db = fresh();
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM ticket WHERE service_id = 1 AND status = 'waiting' AND priority_category_id IS NULL ORDER BY queue_key LIMIT 1")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX ticket_waiting_normal/);
  });
});

describe('migration 0002: upgrading an office at version 1', () => {
  it('keeps the office, its staff and sessions, and adds the queue with its starting catalogue', () => {
    const db = up.databaseAt(1);
    db.prepare("INSERT INTO office (id, name, code, city, created_at) VALUES (1, 'دفتر', '1234', 'تهران', ?)").run(NOW);
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('reza', 'رضا', 'clerk', 'h', ?)").run(NOW);
    db.prepare("INSERT INTO session (token_hash, staff_id, created_at, expires_at) VALUES ('t', 1, ?, ?)").run(NOW, NOW);
    const u = up.upgrade(db, 2, { keep: ['office', 'staff', 'session'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['counter', 'counter_service', 'priority_category', 'queue_settings', 'service', 'ticket', 'ticket_event', 'ticket_sequence']);
    expect(up.indexesOf(db, 'ticket')).toEqual(['ticket_one_per_counter', 'ticket_open', 'ticket_queue_key', 'ticket_waiting', 'ticket_waiting_normal', 'ticket_waiting_priority', 'ticket_waiting_since']);
    expect(db.prepare('SELECT count(*) FROM service').pluck().get()).toBe(5);
    expect(db.prepare('SELECT count(*) FROM counter_service').pluck().get()).toBe(10);
  });
});
