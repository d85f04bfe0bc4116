/**
 * The receipt printer of each counter (migration 0006). The hub (hub/receipt/receipts.ts)
 * prints through it; these are the queries.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export type ReceiptPaper = '80mm' | '58mm';

export interface ReceiptPrinterRow {
  counterId: number;
  host: string;
  port: number;
  paper: ReceiptPaper;
  updatedAt: string;
  updatedBy: number;
}

const columns = 'counter_id AS counterId, host, port, paper, updated_at AS updatedAt, updated_by AS updatedBy';

export function getReceiptPrinter(db: Database, counterId: number): ReceiptPrinterRow | undefined {
  return stmt<[number], ReceiptPrinterRow>(db, `SELECT ${columns} FROM receipt_printer WHERE counter_id = ?`).get(counterId);
}

/** Creates or replaces the counter's receipt printer. */
export function saveReceiptPrinter(db: Database, p: ReceiptPrinterRow): void {
  stmt(
    db,
    `INSERT INTO receipt_printer (counter_id, host, port, paper, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (counter_id) DO UPDATE SET host = excluded.host, port = excluded.port, paper = excluded.paper,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(p.counterId, p.host, p.port, p.paper, p.updatedAt, p.updatedBy);
}

/** Removes the counter's receipt printer; returns whether there was one. */
export function deleteReceiptPrinter(db: Database, counterId: number): boolean {
  return stmt(db, 'DELETE FROM receipt_printer WHERE counter_id = ?').run(counterId).changes === 1;
}
