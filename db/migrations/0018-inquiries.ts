import type { Migration } from '../migration';

/**
 * Inquiries (ماده ۳۸ ج: an inquiry without legal basis costs the office; ماده ۱۴; ماده ۳ تبصره): every
 * question put to the judiciary's registries, with the request it serves, its purpose, who asked and
 * what came back — kept here as the central keeps its own log. Refusals are in the audit trail.
 */
export const migration0018: Migration = {
  version: 18,
  name: 'inquiries',
  up(db) {
    db.exec(`
      CREATE TABLE inquiry (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES request(id),
        staff_id INTEGER NOT NULL REFERENCES staff(id),
        kind TEXT NOT NULL CHECK (kind IN ('identity', 'coverage', 'document')),
        purpose TEXT NOT NULL,
        subject TEXT NOT NULL,
        asked_at TEXT NOT NULL,
        -- answered (with the answer as the central gave it) or failed (the central could not be asked)
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'failed')),
        answer TEXT,
        answered_at TEXT,
        error TEXT,
        CHECK ((outcome = 'answered') = (answer IS NOT NULL))
      ) STRICT;
      CREATE INDEX inquiry_request ON inquiry (request_id, asked_at);
    `);
  },
};
