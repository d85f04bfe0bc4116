import type { Migration } from '../migration';

/**
 * Retention (the parties' privacy, ماده ۳۸ ب): the page images and OCR text of a request whose
 * submission the central system has receipted are removed from the office after a retention period.
 * The request, its manifest (pages by sha256) and the central's signed receipt stay: what was sent,
 * and the proof it arrived, outlive the images.
 *
 * - `capture_page.purged_at`: when its files and text were removed.
 * - `page_file_gc`: files to remove, written in the transaction that marks the pages purged and
 *   emptied as each file goes; a crash in between leaves the rest for the next run.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'retention',
  up(db) {
    db.exec(`
      ALTER TABLE capture_page ADD COLUMN purged_at TEXT;
      -- is a file still needed by a page not purged? (asked for every file retention removes)
      CREATE INDEX capture_page_file ON capture_page(sha256) WHERE purged_at IS NULL;
      CREATE INDEX capture_page_thumb ON capture_page(thumb_sha256) WHERE purged_at IS NULL;
      CREATE INDEX capture_page_view ON capture_page(view_sha256) WHERE purged_at IS NULL;
      CREATE TABLE page_file_gc (
        sha256 TEXT PRIMARY KEY,
        queued_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
