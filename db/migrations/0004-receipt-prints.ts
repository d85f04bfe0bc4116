import type { Migration } from '../migration';

/**
 * Every issue of a receipt (FEES.md §4): the first print of a receipt is the original, every later
 * one a duplicate, printed «المثنی». A row per print, never updated: who printed which receipt,
 * on what (A5 PDF or the thermal printer), and when.
 *
 * `receipt_print` points at the receipt by its (year, number), the key people read off the paper.
 * `duplicate` is 0 for the receipt's first print and 1 for every later one: at most one original
 * per receipt (a partial unique index).
 */
export const migration0004: Migration = {
  version: 4,
  name: 'receipt-prints',
  up(db) {
    db.exec(`
      CREATE TABLE receipt_print (
        id              INTEGER PRIMARY KEY,
        receipt_year    INTEGER NOT NULL,
        receipt_number  INTEGER NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('pdf', 'thermal')),
        duplicate       INTEGER NOT NULL CHECK (duplicate IN (0, 1)),
        at              TEXT NOT NULL,
        staff_id        INTEGER NOT NULL REFERENCES staff (id),
        FOREIGN KEY (receipt_year, receipt_number) REFERENCES receipt (year, number)
      ) STRICT;
      CREATE INDEX receipt_print_receipt ON receipt_print (receipt_year, receipt_number, id);
      CREATE UNIQUE INDEX receipt_print_one_original ON receipt_print (receipt_year, receipt_number) WHERE duplicate = 0;
    `);
  },
};
