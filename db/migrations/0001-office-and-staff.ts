import type { Migration } from '../migration';

/**
 * The office (one row: one office = one database), its staff accounts and their sessions.
 * Staff rows are never deleted (ماده ۳۶ ت: history of who worked here); deactivation sets active = 0.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'office-and-staff',
  up(db) {
    db.exec(`
      CREATE TABLE office (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        name        TEXT NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
        code        TEXT NOT NULL CHECK (code GLOB '[0-9][0-9][0-9]*' AND length(code) <= 10),
        city        TEXT NOT NULL,
        created_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE staff (
        id                INTEGER PRIMARY KEY,
        username          TEXT NOT NULL UNIQUE,
        display_name      TEXT NOT NULL,
        role              TEXT NOT NULL CHECK (role IN ('manager', 'legalExpert', 'clerk')),
        password_hash     TEXT NOT NULL,
        active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_logins     INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until      TEXT,
        created_at        TEXT NOT NULL
      ) STRICT;

      CREATE TABLE session (
        token_hash    TEXT PRIMARY KEY,
        staff_id      INTEGER REFERENCES staff (id),
        device_role   TEXT CHECK (device_role IN ('kiosk', 'board', 'applicant')),
        created_at    TEXT NOT NULL,
        expires_at    TEXT NOT NULL,
        revoked_at    TEXT,
        -- a session belongs to a person or to a device, never both
        CHECK ((staff_id IS NULL) <> (device_role IS NULL))
      ) STRICT;
      CREATE INDEX session_staff ON session (staff_id) WHERE staff_id IS NOT NULL;
    `);
  },
};
