import type { Migration } from '../migration';

/**
 * How many recalls make «غایب» (no-show) one key press: before that many, the counter asks the clerk
 * to confirm and the hub refuses an unconfirmed no-show (a person missed after one call loses their
 * turn for good). Default 2.
 */
export const migration0021: Migration = {
  version: 21,
  name: 'no-show-after-recalls',
  up(db) {
    db.exec(`ALTER TABLE queue_settings ADD COLUMN no_show_after_recalls INTEGER NOT NULL DEFAULT 2 CHECK (no_show_after_recalls BETWEEN 0 AND 10);`);
  },
};
