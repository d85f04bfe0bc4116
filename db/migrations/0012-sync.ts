import type { Migration } from '../migration';

/**
 * The outbox to the central system (docs/SYNC.md, docs/SYNC-PROTOCOL.md).
 *
 * - `sync_identity`: this hub as the central knows it, from a one-time enrollment code. The device's
 *   Ed25519 private key is not here: it lives in `secret` ('sync.deviceKey'), inside the encrypted
 *   database, and never leaves the hub.
 * - `submission`: what «ارسال» froze — the manifest content (pages by sha256, fees, parties) written
 *   in the same transaction as the request's move to `readyToSend`, so from then on it cannot be lost.
 *   The signed manifest is kept the first time it is signed and reused for every retry: a replay is
 *   byte-identical, and the central answers it with the same tracking code. The central's answer
 *   (tracking code, signed receipt) and the authority's decision (accepted / returned) land here too.
 * - `outbox`: the delivery state of each submission not yet delivered: drained deadline first, then by
 *   the time it was queued; attempts, the next attempt, the last error. A row leaves the outbox only in
 *   the transaction that stores the central's receipt.
 * - `sync_upload`: the pages the central confirmed it holds, per submission: an upload cut off
 *   resumes at the next page.
 * - `sync_state`: cursors and settings (authority status cursor, tariff version, alarm margin).
 */
export const migration0012: Migration = {
  version: 12,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        central_url TEXT NOT NULL,
        office_id TEXT NOT NULL,
        office_code TEXT NOT NULL,
        office_name TEXT NOT NULL,
        device_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        server_public_key TEXT NOT NULL,
        enrolled_at TEXT NOT NULL,
        enrolled_by INTEGER REFERENCES staff(id)
      ) STRICT;

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
        tracking_code TEXT UNIQUE,
        receipt TEXT,
        receipt_signature TEXT,
        delivered_at TEXT,
        authority_status TEXT CHECK (authority_status IN ('accepted', 'returned')),
        authority_reason TEXT,
        authority_at TEXT,
        CHECK ((tracking_code IS NULL) = (delivered_at IS NULL))
      ) STRICT;

      CREATE TABLE outbox (
        submission_id TEXT PRIMARY KEY REFERENCES submission(id),
        state TEXT NOT NULL CHECK (state IN ('pending', 'rejected', 'flagged')),
        deadline TEXT,
        queued_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_attempt_at TEXT,
        last_error_code TEXT,
        last_error_message TEXT
      ) STRICT;
      -- deadline first («YYYY/MM/DD» sorts as the calendar does), then age
      CREATE INDEX outbox_order ON outbox (state, deadline IS NULL, deadline, queued_at);

      CREATE TABLE sync_upload (
        submission_id TEXT NOT NULL REFERENCES submission(id),
        sha256 TEXT NOT NULL,
        confirmed_at TEXT NOT NULL,
        PRIMARY KEY (submission_id, sha256)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
