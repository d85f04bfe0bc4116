import type { Migration } from '../migration';

/**
 * Counter lock (the security issue): a staff session can be locked — by the clerk (a key), or by the
 * screen after the office's idle time — and while locked the hub serves it nothing but unlock,
 * logout and whoami. Locked in the database, so a restart or a reload does not unlock it.
 * `office.lock_after_minutes`: the idle time after which a staff screen locks (0 = never).
 */
export const migration0008: Migration = {
  version: 8,
  name: 'session-lock',
  up(db) {
    db.exec(`
      ALTER TABLE session ADD COLUMN locked_at TEXT;
      ALTER TABLE office ADD COLUMN lock_after_minutes INTEGER NOT NULL DEFAULT 5 CHECK (lock_after_minutes BETWEEN 0 AND 240);
    `);
  },
};
