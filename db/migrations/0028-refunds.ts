import type { Migration } from '../migration';

/**
 * Refunds and the end of the day (issue 19, points 3 and 5).
 *
 * `refund`: money given back for one recorded payment, whole — a reversal on the counter's card
 * terminal the same office day (`pcpos`), or a refund made outside the app and recorded here with a
 * reason and a manager's approval (`manual`). A reversal is stored and committed *before* the
 * terminal is called, under its own order id (`order_id`), exactly like a sale (migration 0005):
 *   pending   the reversal is (or was, before a crash) under way
 *   inDoubt   no answer: the card may have been credited; only an inquiry under the same order id resolves it
 *   approved  the money went back (`rrn`, `trace` of the reversal; `done_at`)
 *   declined  certainly nothing went back (declined, cancelled, unreachable); another try is a new row
 * A payment has at most one refund that is not `declined` (`refund_once`): never refunded twice.
 * `approved_by` is the manager who approved it (required for a manual refund, and for a clerk
 * refunding a payment of another counter's request).
 *
 * `counter_close`: a clerk closed their counter for the office day, with the Z figures at that moment.
 * `office_day_close`: the manager closed the office day (once).
 */
export const migration0028: Migration = {
  version: 28,
  name: 'refunds',
  up(db) {
    db.exec(`
      CREATE TABLE refund (
        id            TEXT PRIMARY KEY CHECK (length(id) = 36),
        payment_id    TEXT NOT NULL REFERENCES payment (id),
        request_id    TEXT NOT NULL REFERENCES request (id),
        method        TEXT NOT NULL CHECK (method IN ('pcpos', 'manual')),
        amount_rials  INTEGER NOT NULL CHECK (amount_rials > 0),
        reason        TEXT NOT NULL CHECK (length(trim(reason)) >= 3),
        order_id      TEXT UNIQUE CHECK (order_id IS NULL OR length(order_id) = 36),
        state         TEXT NOT NULL CHECK (state IN ('pending', 'inDoubt', 'approved', 'declined')),
        error_code    TEXT,
        rrn           TEXT CHECK (rrn IS NULL OR rrn GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
        trace         TEXT,
        counter_id    INTEGER NOT NULL REFERENCES counter (id),
        staff_id      INTEGER NOT NULL REFERENCES staff (id),
        approved_by   INTEGER REFERENCES staff (id),
        started_at    TEXT NOT NULL,
        done_at       TEXT,
        office_day    TEXT NOT NULL,
        CHECK (method = 'pcpos' OR (approved_by IS NOT NULL AND order_id IS NULL)),
        CHECK (method = 'manual' OR order_id IS NOT NULL),
        CHECK ((state IN ('pending', 'inDoubt')) = (done_at IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX refund_once ON refund (payment_id) WHERE state <> 'declined';
      CREATE INDEX refund_payment ON refund (payment_id, state);
      CREATE INDEX refund_request ON refund (request_id);
      CREATE INDEX refund_done ON refund (state, done_at);
      CREATE INDEX refund_open ON refund (state) WHERE state IN ('pending', 'inDoubt');

      CREATE TABLE counter_close (
        id          INTEGER PRIMARY KEY,
        counter_id  INTEGER NOT NULL REFERENCES counter (id),
        office_day  TEXT NOT NULL,
        staff_id    INTEGER NOT NULL REFERENCES staff (id),
        closed_at   TEXT NOT NULL,
        summary     TEXT NOT NULL CHECK (json_valid(summary)),
        UNIQUE (office_day, counter_id, staff_id)
      ) STRICT;

      CREATE TABLE office_day_close (
        office_day  TEXT PRIMARY KEY,
        staff_id    INTEGER NOT NULL REFERENCES staff (id),
        closed_at   TEXT NOT NULL,
        summary     TEXT NOT NULL CHECK (json_valid(summary))
      ) STRICT;
    `);
  },
};
