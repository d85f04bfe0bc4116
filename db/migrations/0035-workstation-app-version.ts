import type { Migration } from '../migration';

/**
 * The app's version each paired workstation runs (docs/UPDATES.md): reported by its window at every
 * connect (`updates.report`), shown on the manager's updates screen beside the version the hub
 * offers. Null: never reported (a workstation still on an app from before this).
 */
export const migration0035: Migration = {
  version: 35,
  name: 'workstation-app-version',
  up(db) {
    db.exec(`
      ALTER TABLE device ADD COLUMN app_version TEXT CHECK (app_version IS NULL OR length(app_version) BETWEEN 5 AND 60);
      ALTER TABLE device ADD COLUMN app_version_at TEXT CHECK ((app_version IS NULL) = (app_version_at IS NULL));
    `);
  },
};
