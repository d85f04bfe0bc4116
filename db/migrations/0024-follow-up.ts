import type { Database } from '../sqlite';
import type { Migration } from '../migration';

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
 * SQLite cannot change a CHECK or drop a column's UNIQUE in place: `request` and `submission` are
 * rebuilt from their own stored definition (so a column another migration added is kept), with their
 * indexes and triggers. Under `defer_foreign_keys` the rows that reference them are checked at the
 * commit, against the rebuilt tables holding the same rows.
 */
export const migration0024: Migration = {
  version: 24,
  name: 'follow-up',
  up(db) {
    db.pragma('defer_foreign_keys = ON');
    rebuild(db, 'request', (ddl) => replaceOnce(ddl, "'licenceRenewal'))", "'licenceRenewal', 'remedy'))"));
    rebuild(db, 'submission', (ddl) => replaceOnce(ddl, 'tracking_code TEXT UNIQUE,', 'tracking_code TEXT,'));
    db.exec(`
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

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`migration 0024: expected «${from}» once in the table definition`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Re-creates `table` from its stored definition as `change` rewrites it, keeping its rows, indexes and triggers. */
function rebuild(db: Database, table: 'request' | 'submission', change: (ddl: string) => string): void {
  const ddl = db.prepare<[string], string>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table);
  if (!ddl) throw new Error(`migration 0024: no table ${table}`);
  const dependants = db.prepare<[string], string>("SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL").pluck().all(table);
  const hold = `${table}_0024_rows`;
  db.exec(`CREATE TABLE ${hold} AS SELECT * FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(change(ddl));
  db.exec(`INSERT INTO ${table} SELECT * FROM ${hold}`);
  db.exec(`DROP TABLE ${hold}`);
  for (const sql of dependants) db.exec(sql);
}
