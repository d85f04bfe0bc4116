import type { Migration } from '../migration';

/**
 * The audit trail (ماده ۳۷ الف, ۳۸ ب): one row per thing an inspector may ask about — a login or a
 * failed one, a view of an applicant's data, a discount or exemption, an out-of-turn call, a
 * cancellation or refusal, an export, a change of a tariff or a device setting — with who, when,
 * from where and why.
 *
 * Append-only twice over: the triggers refuse UPDATE and DELETE (a mistake in our own code), and
 * every row carries the hash of the one before it (hub/audit), so an edit made around the triggers
 * — with a hex editor, or by dropping them — breaks the chain at that row and `verify` says where.
 * `seq` is the row's place in the chain: 1, 2, 3 … with no gaps.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq        INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        actor      TEXT NOT NULL,
        action     TEXT NOT NULL,
        subject    TEXT,
        reason     TEXT,
        detail     TEXT NOT NULL,
        prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
      ) STRICT;
      CREATE INDEX audit_log_action ON audit_log (action, seq);
      CREATE INDEX audit_log_subject ON audit_log (subject, seq) WHERE subject IS NOT NULL;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
