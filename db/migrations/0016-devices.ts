import type { Migration } from '../migration';

/**
 * Paired devices on the office LAN (docs/SECURITY.md § Devices on the LAN). A screen on another PC —
 * a counter, the kiosk, the waiting-room board, an applicant tablet — is served only after the
 * manager paired it with a one-time code; it then holds a device credential (kept here as a
 * sha256), and the manager can revoke it. A session opened over the LAN belongs to the device it
 * was opened on (`session.device_id`): a token copied to another machine is worth nothing there.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'devices',
  up(db) {
    db.exec(`
      CREATE TABLE device (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('counter', 'kiosk', 'board', 'applicant')),
        name TEXT NOT NULL,
        credential_hash TEXT NOT NULL UNIQUE,
        paired_at TEXT NOT NULL,
        paired_by INTEGER NOT NULL REFERENCES staff(id),
        paired_from TEXT,
        last_seen_at TEXT,
        last_address TEXT,
        revoked_at TEXT,
        revoked_by INTEGER REFERENCES staff(id),
        revoked_reason TEXT,
        CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      ) STRICT;

      -- a one-time code the manager shows; only its secret half's sha256 is kept
      CREATE TABLE pairing_code (
        id INTEGER PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('counter', 'kiosk', 'board', 'applicant')),
        name TEXT NOT NULL,
        issued_by INTEGER NOT NULL REFERENCES staff(id),
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        -- used by a pairing, or voided (too many wrong codes, or the manager withdrew it)
        used_at TEXT,
        device_id INTEGER REFERENCES device(id),
        voided_at TEXT
      ) STRICT;

      CREATE INDEX pairing_code_secret ON pairing_code (secret_hash) WHERE used_at IS NULL AND voided_at IS NULL;

      ALTER TABLE session ADD COLUMN device_id INTEGER REFERENCES device(id);
      CREATE INDEX session_device ON session (device_id) WHERE device_id IS NOT NULL;
    `);
  },
};
