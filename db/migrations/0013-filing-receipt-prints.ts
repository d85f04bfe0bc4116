import type { Migration } from '../migration';

/**
 * Every issue of an applicant's filing receipt (رسید ثبت و ارسال), as `receipt_print` (0004) is for
 * payment receipts: the first print of each variant is the original, every later one «المثنی».
 *
 * A submission has two receipts, not one: the provisional one (رسید موقت) handed over while it waits
 * in the outbox, and the final one once the central system answered with a tracking code. Each has
 * its own original — the final receipt is a new paper, not a reprint of the provisional — so the
 * one-original rule is per (submission, variant). A row per print, never updated: who printed
 * which receipt, on what (A5 PDF or thermal: preview or the counter's printer), and when.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'filing-receipt-prints',
  up(db) {
    db.exec(`
      CREATE TABLE filing_receipt_print (
        id             INTEGER PRIMARY KEY,
        submission_id  TEXT NOT NULL REFERENCES submission (id),
        variant        TEXT NOT NULL CHECK (variant IN ('provisional', 'final')),
        kind           TEXT NOT NULL CHECK (kind IN ('pdf', 'thermal')),
        duplicate      INTEGER NOT NULL CHECK (duplicate IN (0, 1)),
        at             TEXT NOT NULL,
        staff_id       INTEGER NOT NULL REFERENCES staff (id),
        -- the printer that took a thermal print (host:port); NULL for a PDF or a screen preview
        printer        TEXT
      ) STRICT;
      CREATE INDEX filing_receipt_print_submission ON filing_receipt_print (submission_id, variant, id);
      CREATE UNIQUE INDEX filing_receipt_print_one_original ON filing_receipt_print (submission_id, variant) WHERE duplicate = 0;
    `);
  },
};
