import { describe, expect, it } from 'vitest';
import { type Database } from '../sqlite';
import { NOW, seedPaidWithReceipt } from '../../test/support/migrationRows';
import * as up from '../../test/support/migrationRows';

const SUBMISSION = up.SUBMISSION_ID;

/** A database at version 13 with a staff member and a submission of request 1405/1. */
function fresh() {
  const db = up.databaseAt(13);
  seedPaidWithReceipt(db);
  up.seedSubmission(db);
  return db;
}

const print = (db: Database, over: Partial<{ submission: string; variant: string; kind: string; duplicate: number; staff: number }> = {}) => {
  const p = { submission: SUBMISSION, variant: 'provisional', kind: 'pdf', duplicate: 0, staff: 1, ...over };
  db.prepare('INSERT INTO filing_receipt_print (submission_id, variant, kind, duplicate, at, staff_id) VALUES (?, ?, ?, ?, ?, ?)').run(p.submission, p.variant, p.kind, p.duplicate, NOW, p.staff);
};

describe('migration 0013: filing receipt prints', () => {
  it('records prints of a submission’s receipts, by variant, as pdf or thermal', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(13);
    print(db);
    print(db, { kind: 'thermal', duplicate: 1 });
    print(db, { variant: 'final' });
    expect(db.prepare('SELECT variant, kind, duplicate FROM filing_receipt_print ORDER BY id').raw().all()).toEqual([
      ['provisional', 'pdf', 0],
      ['provisional', 'thermal', 1],
      ['final', 'pdf', 0],
    ]);
    expect(() => print(db, { variant: 'draft', duplicate: 1 })).toThrow(/CHECK/);
    expect(() => print(db, { kind: 'email', duplicate: 1 })).toThrow(/CHECK/);
    expect(() => print(db, { submission: '44444444-4444-4444-8444-444444444444', duplicate: 1 })).toThrow(/FOREIGN KEY/);
    expect(() => print(db, { duplicate: 1, staff: 99 })).toThrow(/FOREIGN KEY/);
  });

  it('keeps one original per submission and variant', () => {
    const db = fresh();
    print(db);
    expect(() => print(db)).toThrow(/UNIQUE/);
    expect(() => print(db, { kind: 'thermal' })).toThrow(/UNIQUE/);
    print(db, { variant: 'final' });
    expect(() => print(db, { variant: 'final' })).toThrow(/UNIQUE/);
  });
});

describe('migration 0013: upgrading an office at version 12', () => {
  it('keeps the submission and adds its receipt prints, none yet', () => {
    const db = up.databaseAt(12);
    seedPaidWithReceipt(db);
    up.seedSubmission(db);
    const u = up.upgrade(db, 13, { keep: ['submission'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['filing_receipt_print']);
    expect(up.indexesOf(db, 'filing_receipt_print')).toEqual(['filing_receipt_print_one_original', 'filing_receipt_print_submission']);
    print(db);
    expect(db.prepare('SELECT submission_id FROM filing_receipt_print').pluck().all()).toEqual([SUBMISSION]);
  });
});
