import type { Migration } from '../migration';

/**
 * The counter an applicant's screen faces (docs/SECURITY.md § One kind of caller per connection):
 * chosen when its session is opened, kept with the session, and the only counter whose request that
 * screen may show or answer for (the pages' review, the Sana owner's consent). Only an applicant
 * screen's session has one; sessions from before have none and can only list the counters.
 */
export const migration0019: Migration = {
  version: 19,
  name: 'session-counter',
  up(db) {
    db.exec(`
      ALTER TABLE session ADD COLUMN counter_id INTEGER REFERENCES counter (id)
        CHECK (counter_id IS NULL OR device_role = 'applicant');
    `);
  },
};
