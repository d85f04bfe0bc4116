import type { Migration } from '../migration';

/**
 * Anonymous complaints (issue 22, point 3; ماده ۲۰). `complaint_outbox`: each complaint sealed for the
 * Center (docs/SYNC-PROTOCOL.md § Complaints), waiting to be delivered, then kept as a count.
 *
 * Nothing in a row links a complaint to a ticket, a counter, a device or a time finer than the day:
 * - `id` is 128 random bits (hex), the key of a table WITHOUT ROWID: the rows are stored and read in
 *   the order of a random key, never in the order they came in (a rowid table would number them);
 * - `office_day` (Jalali) is the only time; no column holds an instant, an attempt time or a
 *   retry time (the outbox's backoff for complaints is kept in memory, docs/SYNC.md);
 * - `sealed` is the sealed complaint as sent (JSON text: an ephemeral public key, a nonce and the
 *   ciphertext, padded to a multiple of 512 bytes so its length tells little); it is cleared
 *   once the Center has it (`delivered` = 1) — the row stays, as the day's count;
 * - `audited`: the day's complaints were written on the audit trail, which happens only once the day is
 *   over, so an entry's place in the chain tells nothing finer than the day either.
 */
export const migration0031: Migration = {
  version: 31,
  name: 'complaint-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE complaint_outbox (
        id          TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
        office_day  TEXT NOT NULL CHECK (office_day GLOB '1[34][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        sealed      TEXT CHECK (sealed IS NULL OR json_valid(sealed)),
        delivered   INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
        audited     INTEGER NOT NULL DEFAULT 0 CHECK (audited IN (0, 1)),
        CHECK ((delivered = 1) = (sealed IS NULL))
      ) STRICT, WITHOUT ROWID;
      -- the outbox's next ones and the days whose audit entries are due: partial, so they stay small
      CREATE INDEX complaint_outbox_undelivered ON complaint_outbox (id) WHERE delivered = 0;
      CREATE INDEX complaint_outbox_unaudited ON complaint_outbox (office_day) WHERE audited = 0;
    `);
  },
};
