import type { Migration } from '../migration';

/**
 * The office's Dynamic Web TWAIN licence key (docs/CAPTURE.md, docs/WORKSTATIONS.md): an office setting
 * the manager types once, used by the hub's own DWT driver and sent with each scan job to a
 * workstation's DWT scanner. Null: none (a DWT scan then ends with LICENCE_MISSING).
 */
export const migration0026: Migration = {
  version: 26,
  name: 'dwt-licence',
  up(db) {
    db.exec(`ALTER TABLE office ADD COLUMN dwt_licence TEXT CHECK (dwt_licence IS NULL OR length(dwt_licence) BETWEEN 1 AND 4096)`);
  },
};
