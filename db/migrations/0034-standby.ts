import type { Migration } from '../migration';

/**
 * The standby hub (docs/STANDBY.md): which paired workstation keeps a copy of the office (one at a
 * time), where it serves once promoted, and the age of the last copy it confirmed; and the hub's
 * epoch — raised by each promotion — with what this hub learned of a higher one (fencing: a hub
 * superseded by a promoted standby refuses to serve until the manager tells it).
 */
export const migration0034: Migration = {
  version: 34,
  name: 'standby',
  up(db) {
    db.exec(`
      CREATE TABLE standby (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id INTEGER NOT NULL REFERENCES device (id),
        named_at TEXT NOT NULL,
        named_by INTEGER NOT NULL REFERENCES staff (id),
        address TEXT CHECK (address IS NULL OR length(address) BETWEEN 1 AND 300),
        last_copy_at TEXT,
        last_copy_bytes INTEGER CHECK (last_copy_bytes IS NULL OR last_copy_bytes > 0)
      );
      CREATE TABLE hub_epoch (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        epoch INTEGER NOT NULL CHECK (epoch >= 1),
        promoted_at TEXT,
        superseded_epoch INTEGER CHECK (superseded_epoch IS NULL OR superseded_epoch > epoch),
        superseded_at TEXT,
        superseded_by TEXT
      );
      INSERT INTO hub_epoch (id, epoch) VALUES (1, 1);
    `);
  },
};
