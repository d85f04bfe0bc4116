import type { Migration } from '../migration';

/**
 * A page's processing state (docs/WORKSTATIONS.md § Bench, hub/capture/processing.ts): a scanned page
 * whose driver made its thumbnail and view in its own decode is committed at once as *provisional* —
 * `processing = 1`, its row naming the original as the driver delivered it (sealed in the page store)
 * and those small images — and its heavy steps (deskew, crop, blank detection, the cleaned image) run
 * afterwards; when they finish the row takes the cleaned image and `processing` goes back to 0. A hub
 * restarted in between finds the provisional pages by the partial index and runs their steps again.
 */
export const migration0036: Migration = {
  version: 36,
  name: 'page-processing',
  up(db) {
    db.exec(`
      ALTER TABLE capture_page ADD COLUMN processing INTEGER NOT NULL DEFAULT 0 CHECK (processing IN (0, 1));
      CREATE INDEX capture_page_processing ON capture_page(request_id) WHERE processing = 1;
    `);
  },
};
