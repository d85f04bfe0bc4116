import { describe, expect, it } from 'vitest';
import { type Database } from '../sqlite';
import { NOW, seedPaidWithReceipt } from '../../test/support/migrationRows';
import * as up from '../../test/support/migrationRows';

const now = NOW;

/** A database at version 4 with a staff member and receipt 1405/1 of a paid request. */
function fresh() {
  const db = up.databaseAt(4);
  seedPaidWithReceipt(db);
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

describe('migration 0004: upgrading an office at version 3', () => {
  it('keeps the paid request and its receipt, and adds the receipt prints', () => {
    const db = up.databaseAt(3);
    seedPaidWithReceipt(db);
    const u = up.upgrade(db, 4, { keep: ['request', 'payment', 'receipt'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['receipt_print']);
    expect(up.indexesOf(db, 'receipt_print')).toEqual(['receipt_print_one_original', 'receipt_print_receipt']);
    print(db);
    expect(db.prepare('SELECT receipt_year, receipt_number FROM receipt_print').raw().all()).toEqual([[1405, 1]]);
  });
});
