import type { Migration } from '../migration';

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
const edits: ReadonlyArray<{ table: string; from: string; to: string }> = [
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
    const version = db.pragma('schema_version', { simple: true }) as number;
    db.unsafeMode(true);
    try {
      db.pragma('writable_schema = ON');
      for (const e of edits) {
        const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(e.table) as string | undefined;
        if (!sql || sql.split(e.from).length !== 2) throw new Error(`migration 24: the definition of ${e.table} is not the one expected`);
        db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?").run(sql.replace(e.from, e.to), e.table);
      }
      db.pragma(`schema_version = ${version + 1}`);
      db.pragma('writable_schema = OFF');
    } finally {
      db.unsafeMode(false);
    }
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`migration 24: integrity check: ${String(check)}`);
  },
};
