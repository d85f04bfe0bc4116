/**
 * The layering rules of docs/ARCHITECTURE.md ("Folders and layers"), in the one place the checker
 * reads them from. Change a rule here and in docs/LAYERS.md together.
 *
 * Package names may end in `/*` to mean "every package of that scope" (`@fastify/*`).
 */

/** Top-level folders; a file's first path segment is its layer. */
export const LAYERS = ['core', 'db', 'native', 'hub', 'workstation', 'electron', 'renderer', 'central', 'scripts', 'test'] as const;
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

/** Test files (any folder) may import these on top of their folder's packages. */
export const TEST_TOOLING: readonly string[] = ['vitest', '@vitest/*', '@testing-library/*', 'happy-dom', 'fast-check'];

export const LAYER_RULES: Readonly<Record<Layer, LayerRule>> = {
  core: { runsIn: 'every environment (hub, browser, central)', mayImport: [], nodeBuiltins: false, packages: { allow: CORE_PACKAGES } },
  db: { runsIn: 'Node', mayImport: ['core'], nodeBuiltins: true, packages: 'any' },
  native: { runsIn: 'Node', mayImport: ['core'], nodeBuiltins: true, packages: 'any' },
  hub: { runsIn: 'Node', mayImport: ['core', 'db', 'native'], nodeBuiltins: true, packages: 'any' },
  workstation: { runsIn: 'Node (a workstation: its agent and client, with or without Electron)', mayImport: ['core', 'native'], nodeBuiltins: true, packages: { deny: ['electron'] } },
  electron: { runsIn: 'Electron', mayImport: ['core', 'hub', 'native'], nodeBuiltins: true, packages: 'any' },
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
} as const;
export type RuleId = (typeof RULES)[keyof typeof RULES];

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
