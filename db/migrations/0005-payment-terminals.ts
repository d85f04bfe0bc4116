import type { Migration } from '../migration';

/**
 * Card payment through a bank PC-POS terminal at the counter (native/payment).
 *
 * `payment_terminal`: one terminal per counter — the protocol (`sadad` so far), the address of its
 * local service, how long a sale may take, and optionally the device's LAN address and the terminal
 * id printed on its receipts (needed when an approval is found by inquiry, whose answer may not say).
 *
 * `payment_attempt`: every sale sent to a terminal, stored and committed *before* the terminal is
 * called, so a crash mid-sale leaves evidence. Its `order_id` is the id the terminal is charged
 * under; a retry of an attempt whose outcome is unknown reuses it (the adapter inquires first).
 *   pending          the sale is (or was, before a crash) under way
 *   inDoubt          no answer: money may have moved; only a retry through the terminal resolves it
 *   approved         recorded as `payment_id`
 *   notCharged       certainly no money moved (declined, cancelled, unreachable, busy, …)
 *   chargedMismatch  money moved but cannot count (another amount, unreadable approval): the manager acts
 * At most one open (pending or inDoubt) attempt per request and part.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'payment-terminals',
  up(db) {
    db.exec(`
      CREATE TABLE payment_terminal (
        counter_id   INTEGER PRIMARY KEY REFERENCES counter (id),
        kind         TEXT NOT NULL CHECK (kind IN ('sadad')),
        base_url     TEXT NOT NULL CHECK (base_url GLOB 'http://?*' OR base_url GLOB 'https://?*'),
        timeout_ms   INTEGER NOT NULL CHECK (timeout_ms BETWEEN 5000 AND 180000),
        device_ip    TEXT,
        device_port  INTEGER CHECK (device_port IS NULL OR device_port BETWEEN 1 AND 65535),
        terminal_id  TEXT CHECK (terminal_id IS NULL OR (length(terminal_id) BETWEEN 1 AND 16 AND NOT terminal_id GLOB '*[^0-9A-Z]*')),
        updated_at   TEXT NOT NULL,
        updated_by   INTEGER NOT NULL REFERENCES staff (id)
      ) STRICT;

      CREATE TABLE payment_attempt (
        order_id      TEXT PRIMARY KEY CHECK (length(order_id) = 36),
        request_id    TEXT NOT NULL REFERENCES request (id),
        fee_quote_id  INTEGER NOT NULL REFERENCES fee_quote (id),
        part          TEXT NOT NULL CHECK (part IN ('officeTariff', 'judicialCost')),
        amount_rials  INTEGER NOT NULL CHECK (amount_rials > 0),
        counter_id    INTEGER NOT NULL REFERENCES counter (id),
        staff_id      INTEGER NOT NULL REFERENCES staff (id),
        started_at    TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('pending', 'inDoubt', 'approved', 'notCharged', 'chargedMismatch')),
        error_code    TEXT,
        payment_id    TEXT UNIQUE REFERENCES payment (id),
        resolved_at   TEXT,
        CHECK ((state = 'approved') = (payment_id IS NOT NULL)),
        CHECK ((state IN ('pending', 'inDoubt')) = (resolved_at IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX payment_attempt_open ON payment_attempt (request_id, part) WHERE state IN ('pending', 'inDoubt');
      CREATE INDEX payment_attempt_request ON payment_attempt (request_id, started_at);
      CREATE INDEX payment_attempt_state ON payment_attempt (state) WHERE state IN ('pending', 'inDoubt', 'chargedMismatch');
    `);
  },
};
