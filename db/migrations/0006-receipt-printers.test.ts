import { describe, expect, it } from 'vitest';
import { SqliteDatabase, type Database } from '../sqlite';
import { migrate } from '../migrate';
import { migration0001 } from './0001-office-and-staff';
import { migration0002 } from './0002-queue';
import { migration0003 } from './0003-requests';
import { migration0004 } from './0004-receipt-prints';
import { migration0005 } from './0005-payment-terminals';
import { migration0006 } from './0006-receipt-printers';
import { NOW, seedPaidWithReceipt } from '../../test/support/migrationRows';
import * as up from '../../test/support/migrationRows';

const before = [migration0001, migration0002, migration0003, migration0004, migration0005];
const seed = seedPaidWithReceipt;
const now = NOW;

function fresh() {
  const db = up.databaseAt(6);
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

describe('migration 0006: upgrading an office at version 5', () => {
  it('adds the receipt printers and the printer column, empty for the prints before', () => {
    const db = up.databaseAt(5);
    seed(db);
    db.prepare("INSERT INTO receipt_print (receipt_year, receipt_number, kind, duplicate, at, staff_id) VALUES (1405, 1, 'thermal', 0, ?, 1)").run(now);
    const u = up.upgrade(db, 6, { grown: ['receipt_print'] });
    expect(u.addedTables).toEqual(['receipt_printer']);
    expect(u.addedColumns.receipt_print).toEqual(['printer']);
    expect(db.prepare('SELECT kind, duplicate, printer FROM receipt_print').raw().all()).toEqual([['thermal', 0, null]]);
  });
});
