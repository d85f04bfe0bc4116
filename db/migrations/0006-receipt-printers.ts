import type { Migration } from '../migration';

/**
 * The receipt printer of each counter: a network ESC/POS thermal printer (raw TCP, usually port
 * 9100) and its paper width, printed through the same code as the queue's tickets (native/printing).
 *
 * `receipt_printer`: at most one per counter; the host is a name or an address as typed (Latin
 * digits), the paper 80 or 58 mm.
 *
 * `receipt_print.printer`: where a thermal print went (`host:port`), for a receipt the printer
 * accepted; NULL for a PDF and for the screen preview of the thermal slip. Only a thermal print
 * can name a printer.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'receipt-printers',
  up(db) {
    db.exec(`
      CREATE TABLE receipt_printer (
        counter_id  INTEGER PRIMARY KEY REFERENCES counter (id),
        host        TEXT NOT NULL CHECK (length(host) BETWEEN 1 AND 253 AND NOT host GLOB '*[^A-Za-z0-9.:-]*'),
        port        INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        paper       TEXT NOT NULL CHECK (paper IN ('80mm', '58mm')),
        updated_at  TEXT NOT NULL,
        updated_by  INTEGER NOT NULL REFERENCES staff (id)
      ) STRICT;

      ALTER TABLE receipt_print ADD COLUMN printer TEXT CHECK (printer IS NULL OR (kind = 'thermal' AND length(printer) BETWEEN 3 AND 300));
    `);
  },
};
