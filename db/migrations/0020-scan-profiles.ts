import type { Migration } from '../migration';

/**
 * Scan profiles: how the office scans each document type (resolution, colour, paper input — the
 * feeder both sides for a two-sided form, the glass for an ID card). One row per document type at
 * most; a type without a row scans with the counter's own scanner setting.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'scan-profiles',
  up(db) {
    db.exec(`
      CREATE TABLE scan_profile (
        doc_type TEXT PRIMARY KEY CHECK (doc_type IN ('petition', 'identity', 'evidence', 'powerOfAttorney', 'decision', 'other')),
        dpi INTEGER NOT NULL CHECK (dpi BETWEEN 75 AND 1200),
        color_mode TEXT NOT NULL CHECK (color_mode IN ('color', 'grey', 'bw')),
        source TEXT NOT NULL CHECK (source IN ('flatbed', 'adf', 'adfDuplex')),
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES staff(id)
      ) STRICT;
    `);
  },
};
