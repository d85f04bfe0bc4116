import { describe, expect, it } from 'vitest';
import { SqliteDatabase, type Database } from '../sqlite';
import { migrate } from '../migrate';
import { migration0001 } from './0001-office-and-staff';
import { migration0002 } from './0002-queue';
import { migration0003 } from './0003-requests';
import { migration0004 } from './0004-receipt-prints';

const now = '2026-11-28T10:00:00.000Z';
const requestId = '11111111-1111-4111-8111-111111111111';
const paymentId = '22222222-2222-4222-8222-222222222222';

/** A database at version 4 with a staff member and receipt 1405/1 of a paid request. */
function fresh() {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0001, migration0002, migration0003, migration0004]);
  db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('reza', 'رضا', 'clerk', 'h', ?)").run(now);
  db.prepare(
    "INSERT INTO ticket (id, office_day, issued_service_id, prefix, number, service_id, status, queue_key, issued_at, counter_id) VALUES ('t1', '1405-09-07', 1, 'الف', 1, 1, 'serving', 1, ?, 1)",
  ).run(now);
  db.prepare("INSERT INTO applicant (kind, identity_key, data, created_at, updated_at) VALUES ('natural', 'n:0013542419', '{}', ?, ?)").run(now, now);
  db.prepare(
    `INSERT INTO request (id, year, number, ticket_id, counter_id, service, applicant_id, status, state, office_day, created_at, created_by)
     VALUES (?, 1405, 1, 't1', 1, 'petition', 1, 'feesFixed', json_object('status', 'feesFixed'), '1405-09-07', ?, 1)`,
  ).run(requestId, now);
  db.prepare(
    `INSERT INTO fee_quote (request_id, tariff_table_id, quote, office_tariff_rials, judicial_cost_rials, discount_rials, exempt_rials, payable_rials, discount_reason, exemption, fixed_at, staff_id)
     VALUES (?, 'office-1403', '{}', 770000, 0, 0, 0, 770000, NULL, NULL, ?, 1)`,
  ).run(requestId, now);
  db.prepare(
    `INSERT INTO payment (id, request_id, fee_quote_id, part, method, amount_rials, order_id, rrn, trace, terminal_id, masked_card, response_code, paid_at, staff_id)
     VALUES (?, ?, 1, 'officeTariff', 'manual', 770000, 'o1', '412345678901', '654321', 'C0000301', '603799******1234', '00', ?, 1)`,
  ).run(paymentId, requestId, now);
  db.prepare('INSERT INTO receipt (payment_id, year, number, issued_at, verify_hash) VALUES (?, 1405, 1, ?, ?)').run(paymentId, now, 'a'.repeat(64));
  return db;
}

const print = (db: Database, over: Partial<{ year: number; number: number; kind: string; duplicate: number; staff: number }> = {}) => {
  const p = { year: 1405, number: 1, kind: 'pdf', duplicate: 0, staff: 1, ...over };
  db.prepare('INSERT INTO receipt_print (receipt_year, receipt_number, kind, duplicate, at, staff_id) VALUES (?, ?, ?, ?, ?, ?)').run(p.year, p.number, p.kind, p.duplicate, now, p.staff);
};

describe('migration 0004: receipt prints', () => {
  it('records every print of an existing receipt, by a staff member, as pdf or thermal', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    print(db);
    print(db, { kind: 'thermal', duplicate: 1 });
    print(db, { duplicate: 1 });
    expect(db.prepare('SELECT kind, duplicate FROM receipt_print ORDER BY id').raw().all()).toEqual([
      ['pdf', 0],
      ['thermal', 1],
      ['pdf', 1],
    ]);
    expect(() => print(db, { kind: 'email', duplicate: 1 })).toThrow(/CHECK/);
    expect(() => print(db, { duplicate: 2 })).toThrow(/CHECK/);
    expect(() => print(db, { number: 2, duplicate: 1 })).toThrow(/FOREIGN KEY/);
    expect(() => print(db, { duplicate: 1, staff: 99 })).toThrow(/FOREIGN KEY/);
  });

  it('keeps one original per receipt: every later print is a duplicate', () => {
    const db = fresh();
    print(db);
    expect(() => print(db)).toThrow(/UNIQUE/);
    expect(() => print(db, { kind: 'thermal' })).toThrow(/UNIQUE/);
  });
});
