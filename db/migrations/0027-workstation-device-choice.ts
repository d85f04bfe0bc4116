import type { Migration } from '../migration';

/**
 * Which of its reported printers and card terminals a workstation uses (docs/WORKSTATIONS.md § Print
 * and pay jobs): the manager's choice among several its agent reported; null is the first one reported.
 * Kept beside the report, which each hello rewrites without touching the choice.
 */
export const migration0027: Migration = {
  version: 27,
  name: 'workstation-device-choice',
  up(db) {
    db.exec(`
      ALTER TABLE agent_workstation ADD COLUMN printer_choice TEXT CHECK (printer_choice IS NULL OR length(printer_choice) BETWEEN 1 AND 500);
      ALTER TABLE agent_workstation ADD COLUMN terminal_choice TEXT CHECK (terminal_choice IS NULL OR length(terminal_choice) BETWEEN 1 AND 500);
    `);
  },
};
