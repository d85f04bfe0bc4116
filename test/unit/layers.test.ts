import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLayers, scanLayers } from '../../scripts/layers/check';
import { RULES, looksLikeSql, type RuleId } from '../../scripts/layers/rules';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(repoRoot, 'test/fixtures/layers');
const fixture = (name: string): string => path.join(fixtures, name);

/** Each bad fixture breaks exactly one rule, once. */
const badCases: readonly { fixture: string; rule: RuleId; file: string; line: number }[] = [
  { fixture: 'core-imports-node-prefixed', rule: RULES.nodeBuiltin, file: 'core/config.ts', line: 1 },
  { fixture: 'core-imports-node-bare', rule: RULES.nodeBuiltin, file: 'core/hash.ts', line: 2 },
  { fixture: 'core-imports-node-subpath', rule: RULES.nodeBuiltin, file: 'core/files.ts', line: 1 },
  { fixture: 'core-references-node-types', rule: RULES.nodeBuiltin, file: 'core/env.ts', line: 1 },
  { fixture: 'core-imports-hub', rule: RULES.layerImport, file: 'core/rules.ts', line: 1 },
  { fixture: 'core-imports-impure-package', rule: RULES.corePackage, file: 'core/dates.ts', line: 2 },
  { fixture: 'core-computed-specifier', rule: RULES.computedSpecifier, file: 'core/plugins.ts', line: 1 },
  { fixture: 'renderer-imports-better-sqlite3', rule: RULES.nodeOnlyPackage, file: 'renderer/Report.tsx', line: 2 },
  { fixture: 'renderer-imports-db', rule: RULES.layerImport, file: 'renderer/Staff.tsx', line: 1 },
  { fixture: 'renderer-type-imports-db', rule: RULES.layerImport, file: 'renderer/Office.tsx', line: 3 },
  { fixture: 'hub-imports-renderer', rule: RULES.layerImport, file: 'hub/web/server.ts', line: 1 },
  { fixture: 'db-imports-hub', rule: RULES.layerImport, file: 'db/staff.ts', line: 2 },
  { fixture: 'workstation-imports-hub', rule: RULES.layerImport, file: 'workstation/join.ts', line: 2 },
  { fixture: 'electron-imported-statically', rule: RULES.electronOnly, file: 'hub/keys.ts', line: 2 },
  { fixture: 'electron-imported-by-require', rule: RULES.electronOnly, file: 'scripts/release.cjs', line: 2 },
  { fixture: 'electron-imported-dynamically', rule: RULES.electronOnly, file: 'db/keyStore.ts', line: 2 },
  { fixture: 'electron-mocked-outside-test', rule: RULES.electronOnly, file: 'hub/keys.test.ts', line: 2 },
  { fixture: 'test-file-keeps-folder-rules', rule: RULES.layerImport, file: 'core/money.test.ts', line: 3 },
  { fixture: 'hub-cycle', rule: RULES.cycle, file: 'hub/a.ts', line: 1 },
  { fixture: 'hub-cycle-through-dynamic-import', rule: RULES.cycle, file: 'hub/routes.ts', line: 2 },
  { fixture: 'hub-type-only-cycle', rule: RULES.cycle, file: 'hub/capture.ts', line: 1 },
  { fixture: 'import-escapes-root', rule: RULES.escapesRoot, file: 'hub/secrets.ts', line: 1 },
  { fixture: 'unresolved-import', rule: RULES.unresolved, file: 'hub/hub.ts', line: 1 },
  { fixture: 'hub-prepares-statement', rule: RULES.sqlOutsideDb, file: 'hub/queue.ts', line: 3 },
  { fixture: 'hub-holds-transaction-text', rule: RULES.sqlOutsideDb, file: 'hub/groupCommit.ts', line: 2 },
  { fixture: 'native-sets-pragma', rule: RULES.sqlOutsideDb, file: 'native/cache.ts', line: 2 },
  { fixture: 'scripts-builds-sql-template', rule: RULES.sqlOutsideDb, file: 'scripts/report.ts', line: 3 },
  { fixture: 'scripts-imports-test-support', rule: RULES.testOnly, file: 'scripts/start.ts', line: 2 },
  { fixture: 'hub-imports-test-support', rule: RULES.testOnly, file: 'hub/printing.ts', line: 1 },
  { fixture: 'demo-imported-statically', rule: RULES.demoOutsideLoader, file: 'scripts/start.ts', line: 2 },
  { fixture: 'demo-loaded-by-another-script', rule: RULES.demoOutsideLoader, file: 'scripts/tool.ts', line: 2 },
  { fixture: 'contract-key-outside-namespace', rule: RULES.contractNamespace, file: 'core/api/queue.ts', line: 4 },
  { fixture: 'handler-outside-namespace', rule: RULES.handlerNamespace, file: 'hub/queue/handlers.ts', line: 4 },
  { fixture: 'handler-group-outside-namespace', rule: RULES.handlerNamespace, file: 'hub/sync/handlers.ts', line: 3 },
  { fixture: 'handler-registered-under-another-namespace', rule: RULES.handlerNamespace, file: 'hub/handlers/index.ts', line: 4 },
];

describe('the layering check', () => {
  it('finds nothing wrong in a tree that uses every allowed kind of import', () => {
    const report = scanLayers(fixture('clean'));
    expect(report.violations).toEqual([]);
    // .ts, .tsx, .cts, .mjs and test files are all read.
    expect(report.filesChecked).toBe(20);
  });

  it.each(badCases)('reports $rule in $file for fixture $fixture', ({ fixture: name, rule, file, line }) => {
    const violations = checkLayers(fixture(name));
    expect(violations.map(({ rule: r, file: f, line: l }) => ({ rule: r, file: f, line: l }))).toEqual([{ rule, file, line }]);
  });

  it('lets the demo loader import() a demo simulator, tests and test/ import it, and the benchmarks use test support', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'layers-demo-'));
    try {
      const write = (rel: string, text: string) => {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), text);
      };
      write('scripts/demo/scanner.ts', "import { pages } from './pages';\nexport const startDemoScanner = (port: number) => ({ port, pages });\n");
      write('scripts/demo/pages.ts', 'export const pages = 4;\n');
      write('scripts/demo/scanner.test.ts', "import { startDemoScanner } from './scanner';\nexport const t = startDemoScanner;\n");
      write('scripts/start.ts', "export async function demo(flag: number | null) {\n  return flag === null ? null : (await import('./demo/scanner')).startDemoScanner(flag);\n}\n");
      write('test/support/scanner.ts', "export * from '../../scripts/demo/scanner';\n");
      write('hub/scan.test.ts', "import { startDemoScanner } from '../test/support/scanner';\nexport const t = startDemoScanner;\n");
      write('scripts/bench/scan.ts', "import { startDemoScanner } from '../../test/support/scanner';\nexport const b = startDemoScanner;\n");
      expect(checkLayers(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names every file of a cycle, in import order', () => {
    const [cycle] = checkLayers(fixture('hub-cycle'));
    expect(cycle?.message).toBe('import cycle: hub/a.ts → hub/b.ts → hub/c.ts → hub/a.ts');
  });

  it('says where SQL goes', () => {
    const [sql] = checkLayers(fixture('hub-prepares-statement'));
    expect(sql?.message).toBe('.prepare() outside db/: move it into a query function of db/ (docs/LAYERS.md, "SQL only in db/")');
  });

  it('says where a contract key and its handlers belong', () => {
    const [contract] = checkLayers(fixture('contract-key-outside-namespace'));
    expect(contract?.message).toBe("'request.open' is declared in core/api/queue.ts — a contract key of namespace request belongs in core/api/request.ts");
    const [handler] = checkLayers(fixture('handler-outside-namespace'));
    expect(handler?.message).toBe('a handler for request.send in hub/queue/handlers.ts — the handlers of namespace request live in hub/request/');
  });

  it('has an expectation for every fixture folder', () => {
    const folders = readdirSync(fixtures, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual(['clean', ...badCases.map((c) => c.fixture)].sort());
  });

  it('finds no violations in this repository', () => {
    const report = scanLayers(repoRoot);
    expect(report.violations).toEqual([]);
    expect(report.filesChecked).toBeGreaterThan(0);
  });
});

describe('what counts as SQL text', () => {
  it.each([
    'SELECT id FROM ticket WHERE office_day = ?',
    'SELECT 1',
    "INSERT OR IGNORE INTO staff (id) VALUES (1)",
    'UPDATE queue_settings SET printer = ? WHERE id = 1',
    'DELETE FROM session WHERE expires_at < ?',
    'CREATE UNIQUE INDEX x ON t (a)',
    'PRAGMA user_version',
    'WITH last AS (SELECT 1) SELECT * FROM last',
    'EXPLAIN QUERY PLAN SELECT 1',
    'BEGIN IMMEDIATE',
    'COMMIT',
    ' ROLLBACK; ',
    'SAVEPOINT batch',
  ])('%s', (text) => expect(looksLikeSql(text)).toBe(true));

  it.each([
    'Select a counter from the list',
    'UPDATE your profile',
    'COMMIT to memory: BEGIN at nine',
    'the COMMIT failed',
    'DELETE',
    'https://central/v1/offices',
  ])('not: %s', (text) => expect(looksLikeSql(text)).toBe(false));
});

describe('the lint:layers command', () => {
  const run = (root: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-layers.ts', root], { cwd: repoRoot, encoding: 'utf8' });

  it('exits 1 and prints file:line and the rule for a violation', () => {
    const result = run(fixture('core-imports-node-prefixed'));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('core/config.ts:1  no-node-builtin');
    expect(result.stdout).toContain('layers: 1 violation in 1 file checked');
  });

  it('exits 0 on a clean tree and says how many files it checked', () => {
    const result = run(fixture('clean'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('20 files checked');
  });
});
