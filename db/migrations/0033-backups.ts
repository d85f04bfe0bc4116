import type { Migration } from '../migration';

/**
 * Automatic backups (issue 20, points 1–3; hub/backup/, docs/BACKUP.md).
 *
 * `backup_setting`: one row. The target folder the manager chose (a second disk, a USB disk, a share
 * mounted on the hub; NULL = none yet), how many generations of each kind are kept, and when the
 * dashboard turns red: the last verified backup older than `max_age_minutes` during working hours
 * (`work_from_hour` to `work_to_hour`, office time).
 *
 * `backup_run`: every backup tried, with its verification. `state` is `verified` only when the copy
 * opened with the key, passed `integrity_check`, its audit chain verified and every page file matched
 * its digest; otherwise `failed` with a stable `problem` code and, where one file is at fault, `detail`
 * naming it. `generation` is the folder name in the target (NULL when the run failed before naming one).
 */
export const migration0033: Migration = {
  version: 33,
  name: 'backups',
  up(db) {
    db.exec(`
      CREATE TABLE backup_setting (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        target           TEXT CHECK (target IS NULL OR length(target) BETWEEN 1 AND 4096),
        keep_hourly      INTEGER NOT NULL DEFAULT 48 CHECK (keep_hourly BETWEEN 1 AND 1000),
        keep_daily       INTEGER NOT NULL DEFAULT 30 CHECK (keep_daily BETWEEN 1 AND 1000),
        keep_monthly     INTEGER NOT NULL DEFAULT 12 CHECK (keep_monthly BETWEEN 1 AND 1000),
        max_age_minutes  INTEGER NOT NULL DEFAULT 120 CHECK (max_age_minutes BETWEEN 10 AND 10080),
        work_from_hour   INTEGER NOT NULL DEFAULT 7 CHECK (work_from_hour BETWEEN 0 AND 23),
        work_to_hour     INTEGER NOT NULL DEFAULT 17 CHECK (work_to_hour BETWEEN 1 AND 24 AND work_to_hour > work_from_hour)
      );
      INSERT INTO backup_setting (id) VALUES (1);

      CREATE TABLE backup_run (
        id              INTEGER PRIMARY KEY,
        generation      TEXT UNIQUE CHECK (generation IS NULL OR length(generation) BETWEEN 1 AND 100),
        kind            TEXT NOT NULL CHECK (kind IN ('hourly', 'daily', 'monthly', 'manual')),
        target          TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        finished_at     TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('verified', 'failed')),
        problem         TEXT CHECK ((state = 'verified') = (problem IS NULL)),
        detail          TEXT,
        database_bytes  INTEGER NOT NULL DEFAULT 0 CHECK (database_bytes >= 0),
        page_files      INTEGER NOT NULL DEFAULT 0 CHECK (page_files >= 0),
        pages_copied    INTEGER NOT NULL DEFAULT 0 CHECK (pages_copied >= 0),
        total_bytes     INTEGER NOT NULL DEFAULT 0 CHECK (total_bytes >= 0),
        pruned          INTEGER NOT NULL DEFAULT 0 CHECK (pruned IN (0, 1))
      );
      CREATE INDEX backup_run_verified ON backup_run (finished_at) WHERE state = 'verified';
    `);
  },
};
