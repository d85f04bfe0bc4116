import { describe, expect, it } from 'vitest';
import { NOW, PAYMENT_ID, REQUEST_ID, databaseAt, seedPaidWithReceipt, upgrade } from '../../test/support/migrationRows';

const order = (n: number) => `44444444-4444-4444-8444-${String(n).padStart(12, '0')}`;
const refundId = (n: number) => `55555555-5555-4555-8555-${String(n).padStart(12, '0')}`;

function paidAt23() {
  const db = databaseAt(27);
  seedPaidWithReceipt(db);
  return db;
}

const insert = (db: ReturnType<typeof databaseAt>, over: Partial<{ id: string; method: string; order: string | null; state: string; approvedBy: number | null; done: string | null; amount: number; reason: string }> = {}) => {
  const r = { id: refundId(1), method: 'pcpos', order: order(1), state: 'pending', approvedBy: null, done: null, amount: 770_000, reason: 'مبلغ اشتباه', ...over };
  db.prepare(
    `INSERT INTO refund (id, payment_id, request_id, method, amount_rials, reason, order_id, state, counter_id, staff_id, approved_by, started_at, done_at, office_day)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, '1405-09-07')`,
  ).run(r.id, PAYMENT_ID, REQUEST_ID, r.method, r.amount, r.reason, r.order, r.state, r.approvedBy, NOW, r.done);
};

describe('migration 0028 — refunds and the end of the day', () => {
  it('adds the refund and closing tables and keeps the payments and receipts', () => {
    const db = paidAt23();
    const u = upgrade(db, 28, { keep: ['payment', 'receipt'] });
    expect(u.addedTables.sort()).toEqual(['counter_close', 'office_day_close', 'refund']);
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    db.close();
  });

  it('refunds a payment at most once: a second refund that is not declined is refused by the database', () => {
    const db = paidAt23();
    upgrade(db, 28);
    insert(db, { state: 'declined', done: NOW });
    insert(db, { id: refundId(2), order: order(2) });
    expect(() => insert(db, { id: refundId(3), order: order(3) })).toThrow(/UNIQUE/);
    db.prepare("UPDATE refund SET state = 'approved', done_at = ?, rrn = '000000000777' WHERE id = ?").run(NOW, refundId(2));
    expect(() => insert(db, { id: refundId(4), method: 'manual', order: null, approvedBy: 1, state: 'approved', done: NOW })).toThrow(/UNIQUE/);
    db.close();
  });

  it('holds a manual refund to a manager’s approval and no order id, a reversal to its order id, and open states to no end time', () => {
    const db = paidAt23();
    upgrade(db, 28);
    expect(() => insert(db, { method: 'manual', order: null, approvedBy: null, state: 'approved', done: NOW })).toThrow(/CHECK/);
    expect(() => insert(db, { order: null })).toThrow(/CHECK/);
    expect(() => insert(db, { state: 'approved', done: null })).toThrow(/CHECK/);
    expect(() => insert(db, { state: 'pending', done: NOW })).toThrow(/CHECK/);
    expect(() => insert(db, { reason: '  ' })).toThrow(/CHECK/);
    expect(() => insert(db, { amount: 0 })).toThrow(/CHECK/);
    insert(db, { method: 'manual', order: null, approvedBy: 1, state: 'approved', done: NOW });
    db.close();
  });

  it('closes a counter once per clerk and day, and the office day once', () => {
    const db = paidAt23();
    upgrade(db, 28);
    const close = db.prepare("INSERT INTO counter_close (counter_id, office_day, staff_id, closed_at, summary) VALUES (1, '1405-09-07', 1, ?, '{}')");
    close.run(NOW);
    expect(() => close.run(NOW)).toThrow(/UNIQUE/);
    const day = db.prepare("INSERT INTO office_day_close (office_day, staff_id, closed_at, summary) VALUES ('1405-09-07', 1, ?, ?)");
    expect(() => day.run(NOW, 'not json')).toThrow(/CHECK/);
    day.run(NOW, '{}');
    expect(() => day.run(NOW, '{}')).toThrow(/UNIQUE|PRIMARY KEY/);
    db.close();
  });
});
