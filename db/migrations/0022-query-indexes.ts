import type { Migration } from '../migration';

/**
 * Indexes for the counter's and the manager's screens, where EXPLAIN QUERY PLAN showed a read of a
 * whole table (db/queryPlans.test.ts):
 * - the counter's line (`waitingTickets`) walked every ticket ever issued in queue order: now only
 *   the waiting ones;
 * - a counter's set-aside tickets (`parkedAtCounter`) likewise: now a search by counter;
 * - the cash (Z) and discounts reports read every receipt: now the receipts issued in the period;
 * - the services report read every request: now those opened on the days asked;
 * - the applicant lookup by identity read every applicant, since a passport number may also be
 *   found in a foreign national's data: now both sides of its OR are searches.
 */
export const migration0022: Migration = {
  version: 22,
  name: 'query-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX ticket_waiting_line ON ticket (queue_key) WHERE status = 'waiting';
      CREATE INDEX ticket_parked ON ticket (counter_id, queue_key) WHERE status = 'parked';
      CREATE INDEX receipt_issued ON receipt (issued_at);
      CREATE INDEX request_office_day ON request (office_day);
      CREATE INDEX applicant_passport ON applicant (json_extract(data, '$.passportNumber')) WHERE kind = 'foreign';
    `);
  },
};
