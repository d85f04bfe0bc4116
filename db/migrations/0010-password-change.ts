import type { Migration } from '../migration';

/**
 * A password the manager chose for someone (a new account, a reset) is known to two people: its
 * owner must replace it at their next login before anything else is served. The manager created at
 * setup chose their own, so existing accounts start without the duty.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'password-change',
  up(db) {
    db.exec(`ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));`);
  },
};
