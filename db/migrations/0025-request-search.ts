import { namesForSearch } from '../../core/text/searchText';
import type { Migration } from '../migration';

/**
 * The request search (docs/SEARCH.md): every kind of search reads through an index.
 *
 * - `applicant_name`: an FTS5 table of each applicant's names in search form (core/text/searchText.ts:
 *   Persian ی/ک, no half-spaces, marks or direction controls, Latin digits), rowid = applicant.id;
 *   kept by db/requests.ts `saveApplicant`, filled here for the applicants already on file.
 * - `request_applicant`: the requests of an applicant (national id, legal id and name searches), newest first;
 * - `request_number` / `receipt_number`: a number typed without its year;
 * A date range reads `request_office_day` (0022) in its own order.
 * - `submission_tracking`: a tracking code finds its filing and the supplements (رفع نقص) that share it
 *   (0024's unique index covers filings only).
 */
export const migration0025: Migration = {
  version: 25,
  name: 'request-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE applicant_name USING fts5 (name, tokenize = 'unicode61 remove_diacritics 2');
      CREATE INDEX request_applicant ON request (applicant_id, created_at);
      CREATE INDEX request_number ON request (number);
      CREATE INDEX receipt_number ON receipt (number);
      CREATE INDEX submission_tracking ON submission (tracking_code);
    `);
    const insert = db.prepare('INSERT INTO applicant_name (rowid, name) VALUES (?, ?)');
    for (const row of db.prepare('SELECT id, data FROM applicant').all() as { id: number; data: string }[]) {
      insert.run(row.id, namesForSearch(JSON.parse(row.data) as Parameters<typeof namesForSearch>[0]));
    }
  },
};
