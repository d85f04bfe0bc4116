import type { Migration } from '../migration';

/**
 * Optional TOTP (RFC 6238) as a second factor at login. The secret sits in the staff row: the whole
 * database is SQLCipher-encrypted, as the page-file key and the hub's signing key are. A secret
 * handed out but not yet confirmed with a first code is kept apart (`totp_pending_secret`), so
 * starting an enrolment never changes how the account logs in. `totp_last_step` is the 30-second
 * step of the last accepted code: a code is accepted only for a later step, so none is used twice.
 */
export const migration0017: Migration = {
  version: 17,
  name: 'totp',
  up(db) {
    db.exec(`
      ALTER TABLE staff ADD COLUMN totp_secret TEXT;
      ALTER TABLE staff ADD COLUMN totp_pending_secret TEXT;
      ALTER TABLE staff ADD COLUMN totp_last_step INTEGER;
      ALTER TABLE staff ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0
        CHECK (totp_enabled IN (0, 1) AND (totp_enabled = 0 OR totp_secret IS NOT NULL));
    `);
  },
};
