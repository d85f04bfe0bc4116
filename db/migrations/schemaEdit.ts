import type { Database } from '../sqlite';

/** One change to a table's stored definition: `from` must stand exactly once in it. */
export interface CheckEdit {
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Widens CHECK lists in tables' stored definitions, in place. Only a CHECK that accepts more changes
 * nothing already on disk, so the definitions are edited in `sqlite_schema` (SQLite's documented way
 * for such a change, lang_altertable.html «other kinds of table schema changes») instead of
 * rebuilding a table that a dozen others reference. Each edit must match its definition exactly
 * once, or the migration stops (and its transaction is rolled back); the file's integrity is checked
 * after. Never use it for anything but a CHECK that grows: a dropped UNIQUE or a changed column
 * would leave the stored indexes out of step with the definition.
 */
export function widenChecks(db: Database, edits: readonly CheckEdit[], migration: string): void {
  const version = db.pragma('schema_version', { simple: true }) as number;
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    for (const e of edits) {
      const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(e.table) as string | undefined;
      if (!sql || sql.split(e.from).length !== 2) throw new Error(`${migration}: the definition of ${e.table} is not the one expected`);
      db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?").run(sql.replace(e.from, e.to), e.table);
    }
    db.pragma(`schema_version = ${version + 1}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.unsafeMode(false);
  }
  const check = db.pragma('integrity_check', { simple: true });
  if (check !== 'ok') throw new Error(`${migration}: integrity check: ${String(check)}`);
}
