import type { Migration } from '../migration';
import { widenChecks, type CheckEdit } from './schemaEdit';

/**
 * Each service declares its steps (core/request/steps.ts): a service that files nothing ends with an
 * inquiry's answer and a printout instead of capture and sending. The request gets two statuses
 * (`answered`, `delivered`) and two events (`inquiryAnswered`, `delivered`); the inquiry log two kinds
 * (`notification`, `caseStatus`). Every existing row keeps its status and its steps.
 *
 * Only CHECK lists grow, which changes nothing on disk, so the table definitions are edited in
 * place (SQLite's documented way for such a change, lang_altertable.html «other kinds of table schema
 * changes») instead of rebuilding `request`, which a dozen tables reference. Each edit must change
 * exactly one definition, or the migration stops and its transaction is rolled back.
 */
const edits: readonly CheckEdit[] = [
  {
    table: 'request',
    from: `'accepted', 'returned', 'cancelled', 'refused'))`,
    to: `'accepted', 'returned', 'cancelled', 'refused', 'answered', 'delivered'))`,
  },
  {
    table: 'request_event',
    from: `'cancelled', 'refused'))`,
    to: `'cancelled', 'refused', 'inquiryAnswered', 'delivered'))`,
  },
  {
    table: 'inquiry',
    from: `CHECK (kind IN ('identity', 'coverage', 'document'))`,
    to: `CHECK (kind IN ('identity', 'coverage', 'document', 'notification', 'caseStatus'))`,
  },
];

export const migration0029: Migration = {
  version: 29,
  name: 'service-steps',
  up(db) {
    widenChecks(db, edits, 'migration 0029');
  },
};
