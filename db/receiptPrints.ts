/**
 * Every issue of a receipt the office hands over — a payment receipt (migration 0004, `receipt_print`)
 * or a filing receipt (migration 0013, `filing_receipt_print`): the first issue of a receipt is the
 * original, every later one a duplicate («المثنی»). Run inside the caller's transaction; each
 * function is one statement or a read.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export type ReceiptPrintKind = 'pdf' | 'thermal';

/**
 * Which receipt a print is of: a payment receipt by the number people read off the paper, a filing
 * receipt by its submission and variant (the final receipt is a new paper, not a reprint of the
 * provisional one: each variant has its own original).
 */
export type PrintedReceipt =
  | { for: 'payment'; receiptYear: number; receiptNumber: number }
  | { for: 'filing'; submissionId: string; variant: 'provisional' | 'final' };

export interface ReceiptPrintRow {
  id: number;
  receipt: PrintedReceipt;
  kind: ReceiptPrintKind;
  duplicate: boolean;
  at: string;
  staffId: number;
  /** the printer that took a thermal print (`host:port`); null for a PDF or a screen preview */
  printer: string | null;
}

/** Each kind's statements, whole (no SQL is assembled from parts); `?`s: the receipt's key, then the rest. */
const SQL = {
  payment: {
    earlier: 'SELECT count(*) FROM receipt_print WHERE receipt_year = ? AND receipt_number = ?',
    insert: 'INSERT INTO receipt_print (receipt_year, receipt_number, kind, duplicate, at, staff_id, printer) VALUES (?, ?, ?, ?, ?, ?, ?)',
    delete: 'DELETE FROM receipt_print WHERE id = ?',
    list: 'SELECT id, kind, duplicate, at, staff_id AS staffId, printer FROM receipt_print WHERE receipt_year = ? AND receipt_number = ? ORDER BY id',
  },
  filing: {
    earlier: 'SELECT count(*) FROM filing_receipt_print WHERE submission_id = ? AND variant = ?',
    insert: 'INSERT INTO filing_receipt_print (submission_id, variant, kind, duplicate, at, staff_id, printer) VALUES (?, ?, ?, ?, ?, ?, ?)',
    delete: 'DELETE FROM filing_receipt_print WHERE id = ?',
    list: 'SELECT id, kind, duplicate, at, staff_id AS staffId, printer FROM filing_receipt_print WHERE submission_id = ? AND variant = ? ORDER BY id',
  },
} as const;

type Key = [number | string, number | string];
const keyOf = (r: PrintedReceipt): Key => (r.for === 'payment' ? [r.receiptYear, r.receiptNumber] : [r.submissionId, r.variant]);

/** Records one issue of a receipt: the first of that receipt is the original, every later one a duplicate. Returns the row. */
export function insertReceiptPrint(
  db: Database,
  p: { receipt: PrintedReceipt; kind: ReceiptPrintKind; at: string; staffId: number; printer?: string | null },
): ReceiptPrintRow {
  const sql = SQL[p.receipt.for];
  const key = keyOf(p.receipt);
  const duplicate = stmt<Key, number>(db, sql.earlier).pluck().get(...key)! > 0;
  const printer = p.printer ?? null;
  const id = Number(stmt(db, sql.insert).run(...key, p.kind, duplicate ? 1 : 0, p.at, p.staffId, printer).lastInsertRowid);
  return { id, receipt: p.receipt, kind: p.kind, duplicate, at: p.at, staffId: p.staffId, printer };
}

/** Takes back a print that was recorded but never produced (the render or the printer failed). */
export function deleteReceiptPrint(db: Database, receipt: PrintedReceipt['for'], id: number): void {
  stmt(db, SQL[receipt].delete).run(id);
}

/** The issues of one receipt, oldest first. */
export function receiptPrints(db: Database, receipt: PrintedReceipt): ReceiptPrintRow[] {
  return stmt<Key, Omit<ReceiptPrintRow, 'receipt' | 'duplicate'> & { duplicate: number }>(db, SQL[receipt.for].list)
    .all(...keyOf(receipt))
    .map((r) => ({ ...r, receipt, duplicate: r.duplicate === 1 }));
}
