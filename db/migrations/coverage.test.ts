/**
 * Every migration has its own test, and that test upgrades: it builds the database at the version
 * before (`databaseAt(N - 1)`), puts rows in, migrates to its own version (`migrateTo(db, N)`, or
 * `upgrade(db, N, …)`, which also notes what it kept and added) and checks what it finds
 * (test/support/migrationRows.ts). A new migration without one fails here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from '.';

const here = path.dirname(fileURLToPath(import.meta.url));
const MIGRATION_FILE = /^(\d{4})-([a-z0-9-]+)\.ts$/;

/** What is missing in a migrations folder: one line per migration file without an upgrading test. */
function migrationTestGaps(dir: string): string[] {
  const files = readdirSync(dir);
  const gaps: string[] = [];
  for (const file of files.filter((f) => MIGRATION_FILE.test(f) && !f.endsWith('.test.ts')).sort()) {
    const version = Number(MIGRATION_FILE.exec(file)![1]);
    const testFile = file.replace(/\.ts$/, '.test.ts');
    if (!files.includes(testFile)) {
      gaps.push(`${file}: no ${testFile}`);
      continue;
    }
    const text = readFileSync(path.join(dir, testFile), 'utf8');
    const before = [...text.matchAll(/databaseAt\(\s*(\d+)\s*\)/g)].map((m) => Number(m[1]));
    const after = [...text.matchAll(/(?:migrateTo|upgrade)\(\s*\w+\s*,\s*(\d+)\s*[,)]/g)].map((m) => Number(m[1]));
    if (!before.includes(version - 1)) gaps.push(`${testFile}: never builds the database at version ${version - 1} (databaseAt(${version - 1}))`);
    if (!after.includes(version)) gaps.push(`${testFile}: never migrates to version ${version} (migrateTo(db, ${version}))`);
  }
  return gaps;
}

describe('migration tests', () => {
  it('exist for every migration, and each upgrades from the version before to its own', () => {
    expect(migrationTestGaps(here)).toEqual([]);
  });

  it('cover the migrations the program runs: every one listed in index.ts is a file here, in order', () => {
    const files = readdirSync(here).filter((f) => MIGRATION_FILE.test(f) && !f.endsWith('.test.ts')).sort();
    expect(migrations.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}.ts`)).toEqual(files);
  });

  describe('the guard itself', () => {
    const folder = (files: Record<string, string>): string => {
      const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-migrations-'));
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
      return dir;
    };

    it('names a migration without a test, and a test that does not upgrade', () => {
      const dir = folder({
        '0001-office.ts': '',
        '0001-office.test.ts': 'const db = up.databaseAt(0); up.migrateTo(db, 1);',
        '0002-queue.ts': '',
        '0003-requests.ts': '',
        // starts at the latest version: proves constraints, not the upgrade
        '0003-requests.test.ts': 'const db = up.databaseAt(3);',
        // upgrade() migrates as migrateTo() does
        '0004-sync.ts': '',
        '0004-sync.test.ts': 'const db = up.databaseAt(3); const u = up.upgrade(db, 4, { keep: [] });',
        'index.ts': '',
      });
      try {
        expect(migrationTestGaps(dir)).toEqual([
          '0002-queue.ts: no 0002-queue.test.ts',
          '0003-requests.test.ts: never builds the database at version 2 (databaseAt(2))',
          '0003-requests.test.ts: never migrates to version 3 (migrateTo(db, 3))',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
