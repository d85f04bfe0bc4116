import { describe, expect, it } from 'vitest';
import { SqliteDatabase, type Database } from '../sqlite';
import { migrate } from '../migrate';
import { migration0001 } from './0001-office-and-staff';
import { migration0002 } from './0002-queue';
import { migration0003 } from './0003-requests';
import { migration0004 } from './0004-receipt-prints';
import { migration0005 } from './0005-payment-terminals';
import { migration0006 } from './0006-receipt-printers';

const now = '2026-11-28T10:00:00.000Z';
const requestId = '11111111-1111-4111-8111-111111111111';
const paymentId = '22222222-2222-4222-8222-222222222222';
const before = [migration0001, migration0002, migration0003, migration0004, migration0005];

/** Receipt 1405/1 of a paid request, with staff 1 and counter 1. */
function seed(db: Database) {
  db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('reza', 'رضا', 'clerk', 'h', ?)").run(now);
  db.prepare('INSERT INTO counter (id, number) VALUES (1, 1) ON CONFLICT DO NOTHING').run();
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
}

function fresh() {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [...before, migration0006]);
  seed(db);
  return db;
}

const printer = (db: Database, over: Partial<{ counter: number; host: string; port: number; paper: string }> = {}) => {
  const p = { counter: 1, host: '192.168.1.60', port: 9100, paper: '80mm', ...over };
  db.prepare('INSERT OR REPLACE INTO receipt_printer (counter_id, host, port, paper, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 1)').run(p.counter, p.host, p.port, p.paper, now);
};

const print = (db: Database, kind: string, duplicate: number, at: string | null) =>
  db.prepare('INSERT INTO receipt_print (receipt_year, receipt_number, kind, duplicate, at, staff_id, printer) VALUES (1405, 1, ?, ?, ?, 1, ?)').run(kind, duplicate, now, at);

describe('migration 0006: receipt printers', () => {
  it('keeps one receipt printer per counter: a plain host, a port, 80 or 58 mm paper', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    printer(db);
    printer(db, { host: 'receipt-1.office.lan', port: 9101, paper: '58mm' });
    expect(db.prepare('SELECT counter_id, host, port, paper FROM receipt_printer').raw().all()).toEqual([[1, 'receipt-1.office.lan', 9101, '58mm']]);
    expect(() => printer(db, { host: '' })).toThrow(/CHECK/);
    expect(() => printer(db, { host: '192.168.1.60/x' })).toThrow(/CHECK/);
    expect(() => printer(db, { host: '۱۹۲.۱۶۸.۱.۶۰' })).toThrow(/CHECK/);
    expect(() => printer(db, { port: 0 })).toThrow(/CHECK/);
    expect(() => printer(db, { port: 65_536 })).toThrow(/CHECK/);
    expect(() => printer(db, { paper: 'A5' })).toThrow(/CHECK/);
    expect(() => printer(db, { counter: 9 })).toThrow(/FOREIGN KEY/);
  });

  it('lets a thermal print name the printer that took it; a PDF or a preview names none', () => {
    const db = fresh();
    print(db, 'thermal', 0, '192.168.1.60:9100');
    print(db, 'thermal', 1, null);
    print(db, 'pdf', 1, null);
    expect(() => print(db, 'pdf', 1, '192.168.1.60:9100')).toThrow(/CHECK/);
    expect(db.prepare('SELECT kind, duplicate, printer FROM receipt_print ORDER BY id').raw().all()).toEqual([
      ['thermal', 0, '192.168.1.60:9100'],
      ['thermal', 1, null],
      ['pdf', 1, null],
    ]);
  });

  it('keeps the prints recorded before it, with no printer', () => {
    const db = new SqliteDatabase(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, before);
    seed(db);
    db.prepare("INSERT INTO receipt_print (receipt_year, receipt_number, kind, duplicate, at, staff_id) VALUES (1405, 1, 'pdf', 0, ?, 1)").run(now);
    migrate(db, [...before, migration0006]);
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(db.prepare('SELECT kind, duplicate, printer FROM receipt_print').raw().all()).toEqual([['pdf', 0, null]]);
  });
});
