import { describe, expect, it } from 'vitest';
import { type Database } from '../sqlite';
import { NOW, PAYMENT_ID, REQUEST_ID, seedFeesFixed } from '../../test/support/migrationRows';
import * as up from '../../test/support/migrationRows';

const now = NOW;
const requestId = REQUEST_ID;
const paymentId = PAYMENT_ID;
const order = (n: number) => `33333333-3333-4333-8333-${String(n).padStart(12, '0')}`;

/** A database at version 5 with a staff member, counter 1 and a request with fees fixed. */
function fresh() {
  const db = up.databaseAt(5);
  seedFeesFixed(db);
  return db;
}

const terminal = (db: Database, over: Partial<{ counter: number; kind: string; url: string; timeout: number; port: number | null; tid: string | null }> = {}) => {
  const t = { counter: 1, kind: 'sadad', url: 'http://127.0.0.1:8000', timeout: 120_000, port: null, tid: null, ...over };
  db.prepare('INSERT OR REPLACE INTO payment_terminal (counter_id, kind, base_url, timeout_ms, device_ip, device_port, terminal_id, updated_at, updated_by) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, 1)').run(
    t.counter,
    t.kind,
    t.url,
    t.timeout,
    t.port,
    t.tid,
    now,
  );
};

const attempt = (db: Database, over: Partial<{ order: string; state: string; part: string; amount: number; payment: string | null; resolved: string | null }> = {}) => {
  const a = { order: order(1), state: 'pending', part: 'officeTariff', amount: 770_000, payment: null, resolved: null, ...over };
  db.prepare(
    `INSERT INTO payment_attempt (order_id, request_id, fee_quote_id, part, amount_rials, counter_id, staff_id, started_at, state, payment_id, resolved_at)
     VALUES (?, ?, 1, ?, ?, 1, 1, ?, ?, ?, ?)`,
  ).run(a.order, requestId, a.part, a.amount, now, a.state, a.payment, a.resolved);
};

describe('migration 0005: payment terminals and attempts', () => {
  it('keeps one terminal per counter, sadad only, an http(s) address and a 5–180 s timeout', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    terminal(db, { port: 8888, tid: 'C0000301' });
    terminal(db, { url: 'https://10.0.0.5:8001' });
    expect(db.prepare('SELECT count(*) FROM payment_terminal').pluck().get()).toBe(1);
    expect(() => terminal(db, { kind: 'pec' })).toThrow(/CHECK/);
    expect(() => terminal(db, { url: 'ftp://x:1' })).toThrow(/CHECK/);
    expect(() => terminal(db, { timeout: 4_999 })).toThrow(/CHECK/);
    expect(() => terminal(db, { timeout: 180_001 })).toThrow(/CHECK/);
    expect(() => terminal(db, { port: 70_000 })).toThrow(/CHECK/);
    expect(() => terminal(db, { tid: 'c-1' })).toThrow(/CHECK/);
    expect(() => terminal(db, { counter: 9 })).toThrow(/FOREIGN KEY/);
  });

  it('stores attempts with their state; approved ones name their payment, closed ones when they closed', () => {
    const db = fresh();
    attempt(db);
    expect(() => attempt(db, { order: order(2), state: 'inDoubt' })).toThrow(/UNIQUE/); // one open attempt per part
    attempt(db, { order: order(3), part: 'judicialCost', state: 'inDoubt' });
    attempt(db, { order: order(4), state: 'notCharged', resolved: now });
    attempt(db, { order: order(5), state: 'chargedMismatch', resolved: now });
    expect(() => attempt(db, { order: order(6), state: 'approved', resolved: now })).toThrow(/CHECK/); // no payment
    expect(() => attempt(db, { order: order(7), state: 'notCharged' })).toThrow(/CHECK/); // closed without a time
    expect(() => attempt(db, { order: order(8), state: 'inDoubt', part: 'officeTariff', resolved: now })).toThrow(/CHECK/);
    expect(() => attempt(db, { order: order(9), state: 'lost', resolved: now })).toThrow(/CHECK/);
    expect(() => attempt(db, { order: 'short', state: 'notCharged', resolved: now })).toThrow(/CHECK/);
    expect(() => attempt(db, { order: order(10), state: 'notCharged', resolved: now, amount: 0 })).toThrow(/CHECK/);
    expect(() => attempt(db, { order: order(11), state: 'approved', resolved: now, payment: paymentId })).toThrow(/FOREIGN KEY/);

    db.prepare(
      `INSERT INTO payment (id, request_id, fee_quote_id, part, method, amount_rials, order_id, rrn, trace, terminal_id, masked_card, response_code, paid_at, staff_id)
       VALUES (?, ?, 1, 'officeTariff', 'pcpos', 770000, ?, '412345678901', '654321', 'C0000301', '603799******1234', '00', ?, 1)`,
    ).run(paymentId, requestId, order(1), now);
    db.prepare("UPDATE payment_attempt SET state = 'approved', payment_id = ?, resolved_at = ? WHERE order_id = ?").run(paymentId, now, order(1));
    expect(db.prepare('SELECT state FROM payment_attempt ORDER BY order_id').pluck().all()).toEqual(['approved', 'inDoubt', 'notCharged', 'chargedMismatch']);
    // the part is no longer open: a new attempt may start
    attempt(db, { order: order(12), state: 'pending' });
  });
});

describe('migration 0005: upgrading an office at version 4', () => {
  it('keeps the request with its fees fixed, and adds terminals and payment attempts', () => {
    const db = up.databaseAt(4);
    seedFeesFixed(db);
    const u = up.upgrade(db, 5, { keep: ['request', 'fee_quote', 'counter'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['payment_attempt', 'payment_terminal']);
    expect(up.indexesOf(db, 'payment_attempt')).toEqual(['payment_attempt_open', 'payment_attempt_request', 'payment_attempt_state']);
    expect(db.prepare('SELECT count(*) FROM payment_attempt').pluck().get()).toBe(0);
  });
});
