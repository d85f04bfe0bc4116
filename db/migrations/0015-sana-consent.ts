import type { Migration } from '../migration';

/**
 * Sana consent (ماده ۴۰ ب: a change to someone's Sana account without the owner's consent costs the
 * office its licence). Before a Sana registration or change is sent, the owner answers on the
 * applicant's screen at the counter; the answer is kept with the identity document the clerk had
 * checked. One row per request: a later answer replaces an earlier «no».
 */
export const migration0015: Migration = {
  version: 15,
  name: 'sana-consent',
  up(db) {
    db.exec(`
      CREATE TABLE sana_consent (
        request_id TEXT PRIMARY KEY REFERENCES request(id),
        given INTEGER NOT NULL CHECK (given IN (0, 1)),
        identity_document TEXT NOT NULL,
        counter_id INTEGER NOT NULL REFERENCES counter(id),
        at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
