import type { Migration } from '../migration';
import { widenChecks } from './schemaEdit';

/**
 * Follow-up of a returned request (رفع نقص, docs/SYNC.md § Follow-up of a returned request).
 *
 * - `request.service` may be `remedy`: the linked request that carries the missing pages.
 * - `follow_up`: which returned request (and its delivered submission, tracking code and the
 *   authority's reason at the time) each remedy request answers.
 * - `submission.supplement_of`: a supplement's submission names the returned one; its receipt carries
 *   the same tracking code, so the tracking code is unique among filings only (a partial index),
 *   no longer across every submission row.
 *
 * `request.service` only grows its CHECK list, edited in place (schemaEdit.ts). SQLite cannot drop a
 * column's UNIQUE in place, so `submission` is rebuilt: its definition as migrations 0012–0023 left it
 * is written out below without the UNIQUE on `tracking_code` (the rows are copied in column order;
 * the migration's test holds the columns and rows before and after). Under `defer_foreign_keys` the rows that reference it (outbox, uploads, filing
 * receipt prints) are checked at the commit, against the rebuilt table holding the same rows.
 */
export const migration0024: Migration = {
  version: 24,
  name: 'follow-up',
  up(db) {
    db.pragma('defer_foreign_keys = ON');
    widenChecks(db, [{ table: 'request', from: "'licenceRenewal'))", to: "'licenceRenewal', 'remedy'))" }], 'migration 0024');
    db.exec(`
      CREATE TABLE submission_0024_rows AS SELECT * FROM submission;
      DROP TABLE submission;
      CREATE TABLE submission (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE REFERENCES request(id),
        content TEXT NOT NULL,
        pages INTEGER NOT NULL CHECK (pages > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        deadline TEXT,
        queued_at TEXT NOT NULL,
        queued_by INTEGER REFERENCES staff(id),
        manifest TEXT,
        manifest_sha256 TEXT,
        signature TEXT,
        tracking_code TEXT,
        receipt TEXT,
        receipt_signature TEXT,
        delivered_at TEXT,
        authority_status TEXT CHECK (authority_status IN ('accepted', 'returned')),
        authority_reason TEXT,
        authority_at TEXT,
        CHECK ((tracking_code IS NULL) = (delivered_at IS NULL))
      ) STRICT;
      INSERT INTO submission SELECT * FROM submission_0024_rows;
      DROP TABLE submission_0024_rows;
      ALTER TABLE submission ADD COLUMN supplement_of TEXT REFERENCES submission(id);
      CREATE UNIQUE INDEX submission_tracking_code ON submission (tracking_code) WHERE supplement_of IS NULL;
      CREATE INDEX submission_supplement_of ON submission (supplement_of) WHERE supplement_of IS NOT NULL;
      -- the returned filings list (newest return first), a search however many filings the office made
      CREATE INDEX submission_returned ON submission (authority_at) WHERE authority_status = 'returned' AND supplement_of IS NULL;

      CREATE TABLE follow_up (
        request_id TEXT PRIMARY KEY REFERENCES request(id),
        returned_request_id TEXT NOT NULL REFERENCES request(id),
        returned_submission_id TEXT NOT NULL REFERENCES submission(id),
        tracking_code TEXT NOT NULL CHECK (tracking_code GLOB '[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        opened_at TEXT NOT NULL,
        opened_by INTEGER NOT NULL REFERENCES staff(id),
        CHECK (request_id <> returned_request_id)
      ) STRICT;
      CREATE INDEX follow_up_of ON follow_up (returned_request_id);
    `);
  },
};
