import { describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { migrations } from './migrations';
import { deleteReceiptPrint, insertReceiptPrint, receiptPrints, type PrintedReceipt } from './receiptPrints';
import { SqliteDatabase, type Database } from './sqlite';
import { NOW, REQUEST_ID, seedPaidWithReceipt } from '../test/support/migrationRows';

const SUBMISSION = '33333333-3333-4333-8333-333333333333';
const payment: PrintedReceipt = { for: 'payment', receiptYear: 1405, receiptNumber: 1 };
const provisional: PrintedReceipt = { for: 'filing', submissionId: SUBMISSION, variant: 'provisional' };
const final: PrintedReceipt = { for: 'filing', submissionId: SUBMISSION, variant: 'final' };

/** An office with receipt 1405/1 paid and request 1405/1 sent. */
function fresh() {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  seedPaidWithReceipt(db);
  db.prepare("INSERT INTO submission (id, request_id, content, pages, bytes, queued_at, queued_by) VALUES (?, ?, '{}', 3, 1000, ?, 1)").run(SUBMISSION, REQUEST_ID, NOW);
  return db;
}

const issue = (db: Database, receipt: PrintedReceipt, kind: 'pdf' | 'thermal' = 'pdf', printer?: string) =>
  insertReceiptPrint(db, { receipt, kind, at: NOW, staffId: 1, ...(printer ? { printer } : {}) });

describe('receipt prints, payment and filing', () => {
  it('makes the first issue of each receipt the original and every later one «المثنی», in its own table', () => {
    const db = fresh();
    expect(issue(db, payment).duplicate).toBe(false);
    expect(issue(db, provisional).duplicate).toBe(false);
    expect(issue(db, payment, 'thermal', '10.0.0.5:9100')).toMatchObject({ duplicate: true, kind: 'thermal', printer: '10.0.0.5:9100', receipt: payment });
    expect(issue(db, provisional, 'thermal').duplicate).toBe(true);
    // the final receipt is a new paper: its own original
    expect(issue(db, final).duplicate).toBe(false);
    expect(db.prepare('SELECT receipt_year, receipt_number, kind, duplicate, printer FROM receipt_print ORDER BY id').raw().all()).toEqual([
      [1405, 1, 'pdf', 0, null],
      [1405, 1, 'thermal', 1, '10.0.0.5:9100'],
    ]);
    expect(db.prepare('SELECT variant, kind, duplicate FROM filing_receipt_print ORDER BY id').raw().all()).toEqual([
      ['provisional', 'pdf', 0],
      ['provisional', 'thermal', 1],
      ['final', 'pdf', 0],
    ]);
    expect(receiptPrints(db, provisional).map((p) => [p.kind, p.duplicate, p.receipt])).toEqual([
      ['pdf', false, provisional],
      ['thermal', true, provisional],
    ]);
    expect(receiptPrints(db, final)).toHaveLength(1);
    expect(receiptPrints(db, payment).map((p) => p.printer)).toEqual([null, '10.0.0.5:9100']);
  });

  it('takes back a print that was never produced, so the next one is the original again', () => {
    const db = fresh();
    const first = issue(db, payment);
    const second = issue(db, payment);
    const f = issue(db, final);
    expect([first.id, second.id, f.id]).toEqual([1, 2, 1]);
    // the kind names the table: payment print 2 is not a filing print
    deleteReceiptPrint(db, 'filing', second.id);
    expect(receiptPrints(db, payment)).toHaveLength(2);
    deleteReceiptPrint(db, 'payment', second.id);
    deleteReceiptPrint(db, 'payment', first.id);
    deleteReceiptPrint(db, 'filing', f.id);
    expect(receiptPrints(db, payment)).toEqual([]);
    expect(receiptPrints(db, final)).toEqual([]);
    expect(issue(db, payment).duplicate).toBe(false);
    expect(issue(db, final).duplicate).toBe(false);
  });
});
