/**
 * Rows the migration tests stand on (db/migrations/*.test.ts): a staff member,
 * counter 1, a serving ticket, an applicant and a request with its fees fixed — and, if asked, the
 * office-tariff payment and its receipt 1405/1. Plain SQL, so each test sees its schema as it was.
 */
import { migrate } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { SqliteDatabase, type Database } from '../../db/sqlite';

/**
 * A database at `version` (0: empty), foreign keys on. Each migration's test starts from the version
 * before its own (`databaseAt(N - 1)`), puts representative rows in, `migrateTo(db, N)`, and checks
 * the rows and the schema after; db/migrations/coverage.test.ts checks every migration has one.
 */
export function databaseAt(version: number): Database {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  migrateTo(db, version);
  return db;
}

/** Runs the migrations up to and including `version`, no further. */
export function migrateTo(db: Database, version: number): void {
  migrate(db, migrations.filter((m) => m.version <= version));
  const now = db.pragma('user_version', { simple: true });
  if (now !== version) throw new Error(`database at version ${String(now)}, not ${version}`);
}

/** The tables, in name order (SQLite's own and FTS shadow tables left out). */
export function tablesOf(db: Database): string[] {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
}

/** A table's columns, in order. */
export function columnsOf(db: Database, table: string): string[] {
  return db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
}

/** The indexes (of one table, or all), in name order; SQLite's automatic ones left out. */
export function indexesOf(db: Database, table?: string): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' AND (@table IS NULL OR tbl_name = @table) ORDER BY name")
    .pluck()
    .all({ table: table ?? null }) as string[];
}

/** The triggers (of one table, or all), in name order. */
export function triggersOf(db: Database, table?: string): string[] {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND (@table IS NULL OR tbl_name = @table) ORDER BY name").pluck().all({ table: table ?? null }) as string[];
}

export const NOW = '2026-11-28T10:00:00.000Z';
export const REQUEST_ID = '11111111-1111-4111-8111-111111111111';
export const PAYMENT_ID = '22222222-2222-4222-8222-222222222222';

export function seedFeesFixed(db: Database): void {
  db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('reza', 'رضا', 'clerk', 'h', ?)").run(NOW);
  db.prepare('INSERT INTO counter (id, number) VALUES (1, 1) ON CONFLICT DO NOTHING').run();
  db.prepare(
    "INSERT INTO ticket (id, office_day, issued_service_id, prefix, number, service_id, status, queue_key, issued_at, counter_id) VALUES ('t1', '1405-09-07', 1, 'الف', 1, 1, 'serving', 1, ?, 1)",
  ).run(NOW);
  db.prepare("INSERT INTO applicant (kind, identity_key, data, created_at, updated_at) VALUES ('natural', 'n:0013542419', '{}', ?, ?)").run(NOW, NOW);
  db.prepare(
    `INSERT INTO request (id, year, number, ticket_id, counter_id, service, applicant_id, status, state, office_day, created_at, created_by)
     VALUES (?, 1405, 1, 't1', 1, 'petition', 1, 'feesFixed', json_object('status', 'feesFixed'), '1405-09-07', ?, 1)`,
  ).run(REQUEST_ID, NOW);
  db.prepare(
    `INSERT INTO fee_quote (request_id, tariff_table_id, quote, office_tariff_rials, judicial_cost_rials, discount_rials, exempt_rials, payable_rials, discount_reason, exemption, fixed_at, staff_id)
     VALUES (?, 'office-1403', '{}', 770000, 0, 0, 0, 770000, NULL, NULL, ?, 1)`,
  ).run(REQUEST_ID, NOW);
}

export function seedPaidWithReceipt(db: Database): void {
  seedFeesFixed(db);
  db.prepare(
    `INSERT INTO payment (id, request_id, fee_quote_id, part, method, amount_rials, order_id, rrn, trace, terminal_id, masked_card, response_code, paid_at, staff_id)
     VALUES (?, ?, 1, 'officeTariff', 'manual', 770000, 'o1', '412345678901', '654321', 'C0000301', '603799******1234', '00', ?, 1)`,
  ).run(PAYMENT_ID, REQUEST_ID, NOW);
  db.prepare('INSERT INTO receipt (payment_id, year, number, issued_at, verify_hash) VALUES (?, 1405, 1, ?, ?)').run(PAYMENT_ID, NOW, 'a'.repeat(64));
}

/** What `after` has that `before` had not (tables, columns, indexes or triggers a migration added). */
export function added(before: readonly string[], after: readonly string[]): string[] {
  return after.filter((name) => !before.includes(name));
}

/** Every row of a table as it is stored, in the order of its first column. */
export function rowsOf(db: Database, table: string): unknown[] {
  // identifiers cannot be bound: the name is the one the database itself lists, quoted
  return db.prepare(`SELECT * FROM ${existingTable(db, table)} ORDER BY 1`).all();
}

/** `table` quoted as an SQL identifier, if the database has a table of that name (else it throws). */
function existingTable(db: Database, table: string): string {
  const name = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined;
  if (name === undefined) throw new Error(`no table ${table}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** What one migration did to a database, as `upgrade` saw it before and after. */
export interface Upgrade {
  /** The rows of each kept table, before and after, in the order asked. */
  rowsBefore: unknown[][];
  rowsAfter: unknown[][];
  /** The tables it added. */
  addedTables: string[];
  /** The columns it added, by table, for the tables asked to be watched. */
  addedColumns: Record<string, string[]>;
}

/**
 * Migrates `db` to `version` (see `migrateTo`), noting before and after the rows of the `keep`
 * tables, the tables, and the columns of the `grown` tables: an upgrade test then checks the rows
 * are kept and names what was added.
 */
export function upgrade(db: Database, version: number, watch: { keep?: readonly string[]; grown?: readonly string[] } = {}): Upgrade {
  const keep = watch.keep ?? [];
  const grown = watch.grown ?? [];
  const tables = tablesOf(db);
  const columns = grown.map((t) => columnsOf(db, t));
  const rowsBefore = keep.map((t) => rowsOf(db, t));
  migrateTo(db, version);
  return {
    rowsBefore,
    rowsAfter: keep.map((t) => rowsOf(db, t)),
    addedTables: added(tables, tablesOf(db)),
    addedColumns: Object.fromEntries(grown.map((t, i) => [t, added(columns[i] ?? [], columnsOf(db, t))])),
  };
}

export const SUBMISSION_ID = '33333333-3333-4333-8333-333333333333';

/** A submission (3 pages, 1000 bytes) of a request — request 1405/1 unless told — queued by staff 1. */
export function seedSubmission(db: Database, id = SUBMISSION_ID, request = REQUEST_ID): void {
  db.prepare("INSERT INTO submission (id, request_id, content, pages, bytes, queued_at, queued_by) VALUES (?, ?, '{}', 3, 1000, ?, 1)").run(id, request, NOW);
}

/** The manager «maryam» (password hash «h»), as an office had her before a migration. */
export function seedMaryam(db: Database): void {
  db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('maryam', 'مریم', 'manager', 'h', '2026-11-28T06:30:00.000Z')").run();
}
