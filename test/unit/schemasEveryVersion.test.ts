/**
 * An office at any past schema version upgrades with nothing lost. test/fixtures/schemas/ holds one
 * encrypted database per version 1..N (written by `npm run fixtures:schemas`, frozen once committed,
 * rows of test/support/schemaFixtures.ts); each is upgraded here by the program's own path
 * (`openDatabase` with the key), then: every row it had is there with the same values, the audit
 * chain verifies, `integrity_check` is ok, no foreign key is broken, and the schema is exactly the
 * one a new office gets. A new migration fails the first test until it has its rows step and fixture.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations';
import { schemaVersion } from '../../db/migrate';
import { openDatabase } from '../../db/open';
import type { Database } from '../../db/sqlite';
import { verify } from '../../hub/audit/auditLog';
import { databaseAt } from '../support/migrationRows';
import { FIXTURE_DIR, FIXTURE_KEY, fixtureExists, fixtureFile, openFixture, rowsAfter } from '../support/schemaFixtures';

const latest = migrations.at(-1)!.version;
const versions = migrations.map((m) => m.version);
const scratch = mkdtempSync(path.join(tmpdir(), 'daftaryar-schemas-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** FTS5 keeps its index in shadow tables of its own; their rows are the index, not the office's. */
const FTS_SHADOW = /_(data|idx|docsize|config|content)$/;

function tables(db: Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]).filter((t) => !FTS_SHADOW.test(t));
}

/** A table's rows as sorted JSON lines of the given columns (its own when none are given). */
function rowLines(db: Database, table: string, columns?: readonly string[]): string[] {
  const cols = columns ?? (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]);
  // names come from the database's own catalogue: identifiers cannot be bound
  const list = cols.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
  const rows = db.prepare(`SELECT ${list} FROM "${table.replaceAll('"', '""')}"`).raw().all() as unknown[][];
  return rows.map((r) => JSON.stringify(r.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))).sort();
}

function columnsOf(db: Database, table: string): string[] {
  return db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
}

function schemaOf(db: Database): string[] {
  return (db.prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name").pluck().all() as string[]).map((s) => s.replace(/\s+/g, ' '));
}

/** The tables an office at that version has rows in for sure: the fixture must hold some. */
const MUST_HOLD: ReadonlyArray<[table: string, from: number]> = [
  ['staff', 1], ['ticket', 2], ['request', 3], ['payment', 3], ['receipt', 3], ['receipt_print', 4], ['audit_log', 7],
  ['capture_page', 11], ['submission', 12], ['outbox', 12], ['device', 16], ['inquiry', 18], ['agent_workstation', 23],
  ['follow_up', 24], ['refund', 28],
];

describe('fixtures of every past schema version', () => {
  it('exist for every migration, each with its rows step, and none for a version the program does not have', () => {
    expect(versions.filter((v) => !rowsAfter[v]).map((v) => `no rows step for migration ${v} (test/support/schemaFixtures.ts)`)).toEqual([]);
    expect(versions.filter((v) => !fixtureExists(v)).map((v) => `no ${path.basename(fixtureFile(v))}: run npm run fixtures:schemas`)).toEqual([]);
    const files = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.db'));
    expect(files).toEqual(versions.map((v) => path.basename(fixtureFile(v))));
  });

  describe.each(versions.filter((v) => fixtureExists(v)))('an office at version %i', (version) => {
    it(`upgrades to version ${latest} with its rows intact, the audit chain verified and integrity_check ok`, () => {
      const file = path.join(scratch, `v${version}.db`);
      copyFileSync(fixtureFile(version), file);

      const old = openFixture(file);
      const before = new Map<string, { columns: string[]; rows: string[] }>();
      try {
        expect(schemaVersion(old)).toBe(version);
        for (const t of tables(old)) before.set(t, { columns: columnsOf(old, t), rows: rowLines(old, t) });
      } finally {
        old.close();
      }
      for (const [table, from] of MUST_HOLD) if (version >= from) expect(before.get(table)?.rows.length ?? 0, `${table} holds rows at v${version}`).toBeGreaterThan(0);

      const db = openDatabase(file, { key: FIXTURE_KEY });
      try {
        expect(schemaVersion(db)).toBe(latest);
        for (const [table, { columns, rows }] of before) {
          expect(tables(db), `table ${table} is still there`).toContain(table);
          expect(rowLines(db, table, columns), `rows of ${table}`).toEqual(rows);
        }
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const chain = verify(db);
        expect(chain).toMatchObject({ ok: true, entries: before.get('audit_log')?.rows.length ?? 0 });
        const fresh = databaseAt(latest);
        try {
          expect(schemaOf(db)).toEqual(schemaOf(fresh));
        } finally {
          fresh.close();
        }
      } finally {
        db.close();
      }
    });
  });
});
