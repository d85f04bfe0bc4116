/**
 * Prints of the applicant's filing receipts (migration 0013). Run inside the caller's transaction;
 * each function is one statement or a read.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export type FilingReceiptVariant = 'provisional' | 'final';
export type FilingReceiptPrintKind = 'pdf' | 'thermal';

export interface FilingReceiptPrintRow {
  id: number;
  submissionId: string;
  variant: FilingReceiptVariant;
  kind: FilingReceiptPrintKind;
  duplicate: boolean;
  at: string;
  staffId: number;
  /** the printer that took a thermal print (`host:port`); null for a PDF or a screen preview */
  printer: string | null;
}

/**
 * Records one issue of a filing receipt: the first of its variant is the original, every later one
 * a duplicate («المثنی»). Returns the row.
 */
export function insertFilingReceiptPrint(
  db: Database,
  p: { submissionId: string; variant: FilingReceiptVariant; kind: FilingReceiptPrintKind; at: string; staffId: number; printer?: string | null },
): FilingReceiptPrintRow {
  const earlier = stmt<[string, string], number>(db, 'SELECT count(*) FROM filing_receipt_print WHERE submission_id = ? AND variant = ?')
    .pluck()
    .get(p.submissionId, p.variant)!;
  const duplicate = earlier > 0;
  const id = Number(
    stmt(db, 'INSERT INTO filing_receipt_print (submission_id, variant, kind, duplicate, at, staff_id, printer) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      p.submissionId,
      p.variant,
      p.kind,
      duplicate ? 1 : 0,
      p.at,
      p.staffId,
      p.printer ?? null,
    ).lastInsertRowid,
  );
  return { id, ...p, printer: p.printer ?? null, duplicate };
}

/** Takes back a print that was recorded but never produced (the render or the printer failed). */
export function deleteFilingReceiptPrint(db: Database, id: number): void {
  stmt(db, 'DELETE FROM filing_receipt_print WHERE id = ?').run(id);
}

export function filingReceiptPrints(db: Database, submissionId: string): FilingReceiptPrintRow[] {
  return stmt<[string], Omit<FilingReceiptPrintRow, 'duplicate'> & { duplicate: number }>(
    db,
    `SELECT id, submission_id AS submissionId, variant, kind, duplicate, at, staff_id AS staffId, printer
     FROM filing_receipt_print WHERE submission_id = ? ORDER BY id`,
  )
    .all(submissionId)
    .map((r) => ({ ...r, duplicate: r.duplicate === 1 }));
}
