/**
 * The layering rules of docs/ARCHITECTURE.md ("Folders and layers"), in the one place the checker
 * reads them from. Change a rule here and in docs/LAYERS.md together.
 *
 * Package names may end in `/*` to mean "every package of that scope" (`@fastify/*`).
 */

/** Top-level folders; a file's first path segment is its layer. */
export const LAYERS = ['core', 'db', 'native', 'hub', 'electron', 'renderer', 'central', 'scripts', 'test', 'workstation'] as const;
export type Layer = (typeof LAYERS)[number];

export interface LayerRule {
  /** Where code in this folder runs — only for messages. */
  readonly runsIn: string;
  /** Other project folders it may import ('any' = every folder and root-level file). */
  readonly mayImport: readonly Layer[] | 'any';
  /** Whether `node:*` / bare built-ins are allowed outside test files. */
  readonly nodeBuiltins: boolean;
  /** npm packages: an allow-list, a deny-list, or anything. */
  readonly packages: { readonly allow: readonly string[] } | { readonly deny: readonly string[] } | 'any';
}

/** core/ runs anywhere (hub, renderer, central), so only packages with no platform dependency. */
export const CORE_PACKAGES: readonly string[] = ['zod'];

/**
 * Packages that need Node (native addons, sockets, the file system) or Electron. The renderer runs
 * in a browser and reaches all of these through the hub's contract, never directly.
 */
export const NODE_ONLY_PACKAGES: readonly string[] = [
  'better-sqlite3',
  'better-sqlite3-multiple-ciphers',
  'sharp',
  '@node-rs/*', // argon2 and friends: native addons
  'ws',
  'fastify',
  '@fastify/*',
  'pg',
  'electron',
  '@electron/*',
  'electron-builder',
  'electron-updater',
  'serialport',
  '@serialport/*',
  'usb',
  'node-hid',
  'esbuild',
  'tsx',
];

/** Only these folders may import the `electron` package: everything else must run without it. */
export const ELECTRON_PACKAGES: readonly string[] = ['electron'];
export const ELECTRON_ALLOWED_IN: readonly Layer[] = ['electron', 'test'];

/**
 * Test support stays out of what ships. Only test files, `test/` itself and these developer tools
 * (paths relative to the root; a trailing `/` means the whole folder) may import anything under
 * `test/`. Production folders are refused by their layer already; this names the rule, and holds
 * `scripts/` (whose `start.ts` is bundled and shipped) to it too.
 */
export const TEST_SUPPORT_USERS: readonly string[] = ['scripts/bench.ts', 'scripts/bench/', 'scripts/schema-fixtures.ts'];

/**
 * The demo simulators (`--demo-scanner`, `--demo-terminal`, `--demo-central`) live in one folder and
 * are reached only by their loader, each through a dynamic `import()` behind its flag, so they are
 * separate chunks of the shipped bundle that load only when asked for. Test files and `test/`
 * (which re-exports them to the tests) may import them too.
 */
export const DEMO_DIR = 'scripts/demo/';
export const DEMO_LOADER = 'scripts/start.ts';

/** Test files (any folder) may import these on top of their folder's packages. */
export const TEST_TOOLING: readonly string[] = ['vitest', '@vitest/*', '@testing-library/*', 'happy-dom', 'fast-check'];

export const LAYER_RULES: Readonly<Record<Layer, LayerRule>> = {
  core: { runsIn: 'every environment (hub, browser, central)', mayImport: [], nodeBuiltins: false, packages: { allow: CORE_PACKAGES } },
  db: { runsIn: 'Node', mayImport: ['core'], nodeBuiltins: true, packages: 'any' },
  native: { runsIn: 'Node', mayImport: ['core'], nodeBuiltins: true, packages: 'any' },
  hub: { runsIn: 'Node', mayImport: ['core', 'db', 'native'], nodeBuiltins: true, packages: 'any' },
  workstation: { runsIn: 'Node (a workstation: its agent and client, with or without Electron)', mayImport: ['core', 'native'], nodeBuiltins: true, packages: { deny: ['electron'] } },
  electron: { runsIn: 'Electron', mayImport: ['core', 'hub', 'native', 'workstation'], nodeBuiltins: true, packages: 'any' },
  renderer: { runsIn: 'the browser', mayImport: ['core'], nodeBuiltins: false, packages: { deny: NODE_ONLY_PACKAGES } },
  central: { runsIn: 'Node', mayImport: ['core'], nodeBuiltins: true, packages: 'any' },
  scripts: { runsIn: 'Node', mayImport: 'any', nodeBuiltins: true, packages: 'any' },
  test: { runsIn: 'the test runner (Node)', mayImport: 'any', nodeBuiltins: true, packages: 'any' },
};

/** Rule ids, as they appear in violations. */
export const RULES = {
  layerImport: 'layer-import',
  nodeBuiltin: 'no-node-builtin',
  corePackage: 'core-package',
  nodeOnlyPackage: 'renderer-node-only-package',
  electronOnly: 'electron-only-in-electron',
  escapesRoot: 'escapes-root',
  unresolved: 'unresolved-import',
  computedSpecifier: 'computed-specifier',
  cycle: 'import-cycle',
  sqlOutsideDb: 'sql-outside-db',
  testOnly: 'test-only-import',
  demoOutsideLoader: 'demo-outside-loader',
  contractNamespace: 'contract-namespace',
  handlerNamespace: 'handler-namespace',
} as const;
export type RuleId = (typeof RULES)[keyof typeof RULES];

/**
 * SQL for the office database lives only in db/ (docs/LAYERS.md, "SQL only in db/"). These folders
 * may hold SQL: db/ itself, central/ (another program, whose PostgreSQL has its own SQL there) and
 * test/; so may test files (`*.test.ts`) anywhere. Everywhere else a statement is a violation.
 */
export const SQL_ALLOWED_IN: readonly Layer[] = ['db', 'central', 'test'];

/** Driver methods that run SQL text: `db.prepare(…)`, `db.pragma(…)`, and `db.exec('…')` with literal text. */
export const SQL_METHODS: readonly string[] = ['prepare', 'pragma'];
export const SQL_TEXT_METHODS: readonly string[] = ['exec'];

/**
 * A string or template literal that is an SQL statement, by its upper-case keywords (the project's
 * SQL style) and its shape, so prose such as «Select a counter» is not one.
 */
export const SQL_STATEMENT =
  /^\s*(?:SELECT\s[\s\S]*\bFROM\s|SELECT\s+(?:\d|count\(|max\(|min\(|sum\(|json_)|INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\s|REPLACE\s+INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(?:UNIQUE\s+|TEMP\s+|TEMPORARY\s+|VIRTUAL\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\s|DROP\s+(?:TABLE|INDEX|TRIGGER|VIEW)\s|ALTER\s+TABLE\s|PRAGMA\s+\w|WITH\s+(?:RECURSIVE\s+)?\w+(?:\s*\([^)]*\))?\s+AS\s*\(|EXPLAIN\s+(?:QUERY\s+PLAN\s+)?[A-Z]|VACUUM\b|ATTACH\s|DETACH\s)/;
/** The transaction statements, which are a whole literal on their own: 'BEGIN IMMEDIATE', 'COMMIT'. */
export const SQL_TRANSACTION_STATEMENT =
  /^\s*(?:BEGIN(?:\s+(?:DEFERRED|IMMEDIATE|EXCLUSIVE))?(?:\s+TRANSACTION)?|COMMIT(?:\s+TRANSACTION)?|ROLLBACK(?:\s+TRANSACTION)?(?:\s+TO\s+(?:SAVEPOINT\s+)?\w+)?|SAVEPOINT\s+\w+|RELEASE\s+(?:SAVEPOINT\s+)?\w+)\s*;?\s*$/;

/** Whether the text of a string literal (a template's text parts joined) is an SQL statement. */
export function looksLikeSql(text: string): boolean {
  return SQL_STATEMENT.test(text) || SQL_TRANSACTION_STATEMENT.test(text);
}

/** Directory names never walked, at any depth (build output, installs). */
export const SKIP_DIR_NAMES: readonly string[] = ['node_modules', 'dist', 'release', 'coverage'];
/** Paths (relative to the checked root) never walked: fixtures hold violations on purpose. */
export const SKIP_PATHS: readonly string[] = ['test/fixtures'];

/** Source files the checker reads. */
export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** `*.test.ts` / `*.test.tsx` (and the other source extensions). */
export function isTestFile(relPath: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => relPath.endsWith(`.test${ext}`));
}

/** Whether package `name` is in `list` (exact, or `@scope/*`). */
export function packageMatches(name: string, list: readonly string[]): boolean {
  return list.some((entry) => (entry.endsWith('/*') ? name.startsWith(entry.slice(0, -1)) : name === entry));
}
