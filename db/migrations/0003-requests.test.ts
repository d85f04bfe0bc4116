import { describe, expect, it } from 'vitest';
import { type Database } from '../sqlite';
import * as up from '../../test/support/migrationRows';

const now = '2026-11-28T10:00:00.000Z';
const requestId = '11111111-1111-4111-8111-111111111111';

/** A database at version 3 with a staff member, a ticket at counter 1 and a request with fees fixed. */
function fresh() {
  const db = up.databaseAt(3);
  db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('reza', 'رضا', 'clerk', 'h', ?)").run(now);
  db.prepare(
    "INSERT INTO ticket (id, office_day, issued_service_id, prefix, number, service_id, status, queue_key, issued_at, counter_id) VALUES ('t1', '1405-09-07', 1, 'الف', 1, 1, 'serving', 1, ?, 1)",
  ).run(now);
  db.prepare("INSERT INTO applicant (kind, identity_key, data, created_at, updated_at) VALUES ('natural', 'n:0013542419', '{}', ?, ?)").run(now, now);
  insertRequest(db, requestId, 1);
  db.prepare(
    `INSERT INTO fee_quote (request_id, tariff_table_id, quote, office_tariff_rials, judicial_cost_rials, discount_rials, exempt_rials, payable_rials, discount_reason, exemption, fixed_at, staff_id)
     VALUES (?, 'office-1403', '{}', 770000, 5000000, 0, 0, 5770000, NULL, NULL, ?, 1)`,
  ).run(requestId, now);
  return db;
}

function insertRequest(db: Database, id: string, number: number, status = 'feesFixed', applicantId: number | null = 1) {
  db.prepare(
    `INSERT INTO request (id, year, number, ticket_id, counter_id, service, applicant_id, status, state, office_day, created_at, created_by)
     VALUES (?, 1405, ?, 't1', 1, 'petition', ?, ?, json_object('status', ?), '1405-09-07', ?, 1)`,
  ).run(id, number, applicantId, status, status, now);
}

const feeQuote = (db: Database) => (o: number, j: number, d: number, e: number, p: number, reason: string | null = 'r', exemption: string | null = null) =>
  db
    .prepare(
      `INSERT INTO fee_quote (request_id, tariff_table_id, quote, office_tariff_rials, judicial_cost_rials, discount_rials, exempt_rials, payable_rials, discount_reason, exemption, fixed_at, staff_id)
       VALUES (?, 'office-1403', '{}', ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    )
    .run(requestId, o, j, d, e, p, reason, exemption, now);

function payment(db: Database, over: Partial<Record<string, unknown>> = {}) {
  const p = {
    id: '22222222-2222-4222-8222-222222222222',
    part: 'officeTariff',
    method: 'manual',
    amount: 770000,
    order: 'o1',
    rrn: '412345678901',
    code: '00',
    ...over,
  };
  db.prepare(
    `INSERT INTO payment (id, request_id, fee_quote_id, part, method, amount_rials, order_id, rrn, trace, terminal_id, masked_card, response_code, paid_at, staff_id)
     VALUES (?, ?, 1, ?, ?, ?, ?, ?, '654321', 'C0000301', '603799******1234', ?, ?, 1)`,
  ).run(p.id, requestId, p.part, p.method, p.amount, p.order, p.rrn, p.code, now);
}

describe('migration 0003: requests, fees, payments and receipts', () => {
  it('ships the 1399 and 1403 tariff tables and refuses a second table on the same day', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const rows = db.prepare('SELECT id, effective_from AS f, json_extract(items, \'$.petition\') AS petition FROM tariff_table ORDER BY f').all();
    expect(rows).toEqual([
      { id: 'office-1399', f: '1399-01-01', petition: 238050 },
      { id: 'office-1403', f: '1403-01-01', petition: 770000 },
    ]);
    expect(() => db.prepare("INSERT INTO tariff_table VALUES ('x', 't', '1403-01-01', 's', '{}', ?, NULL)").run(now)).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO tariff_table VALUES ('y', 't', '2024-03-20', 's', '{}', ?, NULL)").run(now)).toThrow(/CHECK/);
  });

  it('keys applicants by one identity, of a kind matching the key', () => {
    const db = fresh();
    const insert = db.prepare('INSERT INTO applicant (kind, identity_key, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    expect(() => insert.run('natural', 'n:0013542419', '{}', now, now)).toThrow(/UNIQUE/);
    expect(() => insert.run('legal', 'n:1234567890', '{}', now, now)).toThrow(/CHECK/);
    expect(() => insert.run('company', 'l:10100000000', '{}', now, now)).toThrow(/CHECK/);
    expect(() => insert.run('foreign', 'p:X1234567', 'not json', now, now)).toThrow(/CHECK/);
    insert.run('foreign', 'p:X1234567', '{}', now, now);
  });

  it('numbers requests once per year and needs an applicant past the draft', () => {
    const db = fresh();
    expect(() => insertRequest(db, '33333333-3333-4333-8333-333333333333', 1, 'draft', null)).toThrow(/UNIQUE/);
    expect(() => insertRequest(db, '33333333-3333-4333-8333-333333333333', 2, 'identityVerified', null)).toThrow(/CHECK/);
    expect(() => insertRequest(db, '33333333-3333-4333-8333-333333333333', 2, 'flying', 1)).toThrow(/CHECK/);
    insertRequest(db, '33333333-3333-4333-8333-333333333333', 2, 'draft', null);
  });

  it('keeps the fee totals adding up, never below zero, with a reason for a discount and evidence for an exemption', () => {
    const db = fresh();
    const add = feeQuote(db);
    expect(() => add(770000, 0, 0, 0, 770001)).toThrow(/CHECK/);
    expect(() => add(770000, 0, 800000, 0, -30000)).toThrow(/CHECK/);
    expect(() => add(770000, 100, 100000, 0, 670100, null)).toThrow(/CHECK/);
    expect(() => add(770000, 100, 100000, 0, 670100, '  ')).toThrow(/CHECK/);
    expect(() => add(770000, 0, 0, 770000, 0, null, null)).toThrow(/CHECK/);
    add(770000, 100, 100000, 0, 670100, 'همسایه');
    add(770000, 0, 0, 770000, 0, null, '{"category":"reliefCommittee"}');
  });

  it('takes electronic payments only, each RRN once, each part of a quote once, approved only', () => {
    const db = fresh();
    expect(() => payment(db, { method: 'cash' })).toThrow(/CHECK/);
    expect(() => payment(db, { amount: 0 })).toThrow(/CHECK/);
    expect(() => payment(db, { code: '51' })).toThrow(/CHECK/);
    expect(() => payment(db, { rrn: '12345' })).toThrow(/CHECK/);
    payment(db);
    expect(() => payment(db, { id: '33333333-3333-4333-8333-333333333333', part: 'judicialCost', order: 'o2' })).toThrow(/UNIQUE.*rrn/);
    expect(() => payment(db, { id: '33333333-3333-4333-8333-333333333333', order: 'o2', rrn: '412345678902' })).toThrow(/UNIQUE/);
  });

  it('gives each receipt number of a year once, and one receipt per payment', () => {
    const db = fresh();
    payment(db);
    const insert = db.prepare('INSERT INTO receipt (payment_id, year, number, issued_at, verify_hash) VALUES (?, ?, ?, ?, ?)');
    insert.run('22222222-2222-4222-8222-222222222222', 1405, 1, now, 'a'.repeat(64));
    expect(() => insert.run('22222222-2222-4222-8222-222222222222', 1405, 2, now, 'a'.repeat(64))).toThrow(/UNIQUE/);
    payment(db, { id: '33333333-3333-4333-8333-333333333333', part: 'judicialCost', order: 'o2', rrn: '412345678902' });
    expect(() => insert.run('33333333-3333-4333-8333-333333333333', 1405, 1, now, 'a'.repeat(64))).toThrow(/UNIQUE/);
    expect(() => insert.run('no-such-payment', 1405, 2, now, 'a'.repeat(64))).toThrow(/FOREIGN KEY/);
  });
});

describe('migration 0003: upgrading an office at version 2', () => {
  it('keeps the queue’s tickets and events, and adds requests, fees, payments, receipts and the shipped tariffs', () => {
    const db = up.databaseAt(2);
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('reza', 'رضا', 'clerk', 'h', ?)").run(now);
    db.prepare(
      "INSERT INTO ticket (id, office_day, issued_service_id, prefix, number, service_id, status, queue_key, issued_at, counter_id) VALUES ('t1', '1405-09-07', 1, 'الف', 1, 1, 'serving', 1, ?, 1)",
    ).run(now);
    db.prepare("INSERT INTO ticket_event (ticket_id, kind, at, counter_id, staff_id, service_id) VALUES ('t1', 'called', ?, 1, 1, 1)").run(now);
    const u = up.upgrade(db, 3, { keep: ['ticket', 'ticket_event', 'staff'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['applicant', 'fee_quote', 'identity_check', 'payment', 'receipt', 'receipt_sequence', 'request', 'request_event', 'request_sequence', 'tariff_table']);
    expect(up.indexesOf(db, 'request')).toEqual(['request_open', 'request_ticket']);
    expect(db.prepare('SELECT id FROM tariff_table ORDER BY id').pluck().all()).toEqual(['office-1399', 'office-1403']);
    // the ticket being served can now carry a request
    insertRequest(db, requestId, 1, 'draft', null);
    expect(db.prepare('SELECT ticket_id FROM request').pluck().get()).toBe('t1');
  });
});
