import type { Migration } from '../migration';

/**
 * Statistics for the central (ماده ۳۵ ب) and the compliance view.
 *
 * - `statistics_request`: what the central asked for (a period of office days and a due instant), pulled
 *   like decisions and tariffs; once the manager sends it, the package is kept as sent (`body`) and it
 *   waits here for the link (`queued_at`) until the central's answer (`sent_at`, `late` as the central
 *   judged it). One row per request id: a request pulled twice is stored once.
 * - Two indexes for the period queries that would otherwise read a whole table: the payments taken in a
 *   period (receipts issued vs payments taken) and the out-of-turn calls in a period.
 */
export const migration0032: Migration = {
  version: 32,
  name: 'statistics',
  up(db) {
    db.exec(`
      CREATE TABLE statistics_request (
        id           TEXT PRIMARY KEY CHECK (length(id) = 36),
        seq          INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
        period_from  TEXT NOT NULL CHECK (period_from GLOB '1[34][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        period_to    TEXT NOT NULL CHECK (period_to GLOB '1[34][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND period_to >= period_from),
        due_at       TEXT NOT NULL,
        received_at  TEXT NOT NULL,
        queued_at    TEXT,
        queued_by    INTEGER REFERENCES staff (id),
        body         TEXT CHECK (body IS NULL OR json_valid(body)),
        sent_at      TEXT,
        late         INTEGER CHECK (late IS NULL OR late IN (0, 1)),
        last_error   TEXT,
        CHECK ((queued_at IS NULL) = (body IS NULL)),
        CHECK (sent_at IS NULL OR (queued_at IS NOT NULL AND late IS NOT NULL))
      ) STRICT;
      CREATE INDEX statistics_request_due ON statistics_request (due_at) WHERE sent_at IS NULL;
      CREATE INDEX payment_paid_at ON payment (paid_at);
      CREATE INDEX ticket_event_out_of_turn ON ticket_event (at) WHERE out_of_turn = 1;
    `);
  },
};
