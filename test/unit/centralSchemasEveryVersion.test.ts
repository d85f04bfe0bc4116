/**
 * The reference central at any past schema version upgrades with nothing lost (as
 * schemasEveryVersion.test.ts for the office's database): each fixture of test/fixtures/central-schemas/
 * is replayed into an empty PGlite, upgraded by the central's own `migrate`, then every row it had
 * is there with the same values in the columns it had, and the schema (columns, constraints,
 * indexes) is exactly a new central's. A new central migration fails the first test until it has
 * its rows step and fixture (`npm run fixtures:schemas`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { centralMigrations, migrate } from '../../central/migrations';
import { pgliteSql, type Sql } from '../../central/sql';
import { CENTRAL_FIXTURE_DIR, centralFixture, centralFixtureFile, centralRowsAfter } from '../support/centralSchemaFixtures';

const versions = centralMigrations.map((m) => m.version);

/** A new central's schema, made once for every version's comparison. */
let freshSchema: Promise<string[]> | undefined;
let freshSql: Sql | undefined;
const newCentralSchema = () =>
  (freshSchema ??= (async () => {
    freshSql = await pgliteSql();
    await migrate(freshSql);
    return schemaOf(freshSql);
  })());
afterAll(async () => freshSql?.close());

async function tables(sql: Sql): Promise<string[]> {
  const { rows } = await sql.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
  return rows.map((r) => r.name);
}

async function rowsOf(sql: Sql, table: string, columns?: readonly string[]): Promise<string[]> {
  // the name comes from the database's own catalogue: identifiers cannot be bound
  const { rows } = await sql.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM "${table.replaceAll('"', '""')}" t`);
  return rows.map(({ row }) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !columns || columns.includes(k)).sort(([a], [b]) => (a < b ? -1 : 1))))).sort();
}

async function schemaOf(sql: Sql): Promise<string[]> {
  const columns = await sql.query<{ s: string }>(
    "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS s FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'",
  );
  const constraints = await sql.query<{ s: string }>(
    "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS s FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'schema_migrations'",
  );
  const indexes = await sql.query<{ s: string }>("SELECT indexdef AS s FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations'");
  return [...columns.rows, ...constraints.rows, ...indexes.rows].map((r) => r.s).sort();
}

describe('fixtures of every past central schema version', () => {
  it('exist for every central migration, each with its rows step, and none for a version the central does not have', () => {
    expect(versions.filter((v) => !centralRowsAfter[v]).map((v) => `no rows step for central migration ${v}`)).toEqual([]);
    expect(versions.filter((v) => !existsSync(centralFixtureFile(v))).map((v) => `no ${path.basename(centralFixtureFile(v))}: run npm run fixtures:schemas`)).toEqual([]);
    expect(readdirSync(CENTRAL_FIXTURE_DIR).filter((f) => f.endsWith('.json'))).toEqual(versions.map((v) => path.basename(centralFixtureFile(v))));
  });

  describe.each(versions.filter((v) => existsSync(centralFixtureFile(v))))('a central at version %i', (version) => {
    it(`upgrades to version ${versions.at(-1)} with its rows intact and the schema of a new central`, async () => {
      const fixture = centralFixture.parse(JSON.parse(readFileSync(centralFixtureFile(version), 'utf8')));
      expect(fixture.version).toBe(version);
      const sql = await pgliteSql();
      try {
        await sql.tx(async (q) => {
          for (const s of fixture.statements) await q.query(s);
        });
        const before = new Map<string, { columns: string[]; rows: string[] }>();
        for (const t of await tables(sql)) {
          const { rows } = await sql.query<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1", [t]);
          before.set(t, { columns: rows.map((r) => r.c), rows: await rowsOf(sql, t) });
        }
        for (const t of ['office', 'device', 'submission', 'status_update']) expect(before.get(t)?.rows.length, t).toBeGreaterThan(0);

        const { applied } = await migrate(sql);
        expect(applied).toEqual(versions.filter((v) => v > version));
        for (const [table, { columns, rows }] of before) {
          if (table === 'schema_migrations') continue;
          expect(await rowsOf(sql, table, columns), `rows of ${table}`).toEqual(rows);
        }
        const { rows: done } = await sql.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(done.map((r) => Number(r.version))).toEqual(versions);
        expect(await schemaOf(sql)).toEqual(await newCentralSchema());
      } finally {
        await sql.close();
      }
    }, 60_000);
  });
});
