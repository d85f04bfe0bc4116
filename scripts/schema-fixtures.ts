/**
 * `npm run fixtures:schemas`: writes the fixture database of every past schema version that has
 * none yet (test/fixtures/schemas/vNNNN.db, built by test/support/schemaFixtures.ts). A fixture is
 * frozen once committed — it is what an office at that version has on disk — so an existing one is
 * never rewritten; `-- vN` (`-- central-vN`) rebuilds one on purpose (a fixture found wrong, not a schema change).
 * The reference central's schema versions too (test/fixtures/central-schemas/).
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { centralMigrations } from '../central/migrations';
import { migrations } from '../db/migrations';
import { buildFixture, fixtureExists, fixtureFile } from '../test/support/schemaFixtures';
import { buildCentralFixture, CENTRAL_FIXTURE_DIR, centralFixtureFile } from '../test/support/centralSchemaFixtures';

const forced = new Set(
  process.argv
    .slice(2)
    .filter((a) => /^v\d+$/.test(a))
    .map((a) => Number(a.slice(1))),
);
const latest = migrations.at(-1)?.version ?? 0;
for (let v = 1; v <= latest; v++) {
  const file = fixtureFile(v);
  if (fixtureExists(v) && !forced.has(v)) continue;
  rmSync(file, { force: true });
  buildFixture(file, v);
  console.log(`${file}: ${statSync(file).size} bytes`);
}

// the reference central's (PostgreSQL) schema versions, the same way: `--force central-vN` rebuilds one
mkdirSync(CENTRAL_FIXTURE_DIR, { recursive: true });
for (const m of centralMigrations) {
  const file = centralFixtureFile(m.version);
  if (existsSync(file) && !process.argv.includes(`central-v${m.version}`)) continue;
  rmSync(file, { force: true });
  await buildCentralFixture(m.version);
  console.log(`${file}: ${statSync(file).size} bytes`);
}
