// The esbuild options of the Node entry points, shared by scripts/build-node.mjs and the bundle check's
// tests (scripts/bundles/). npm packages stay external (native modules such as better-sqlite3 must
// load from node_modules, and electron-builder packs them).

const base = { bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' };
const common = { ...base, sourcemap: true, metafile: true };

/**
 * A Node child that a benchmark or a fault trial runs with plain node (scripts/bench/, test/faults/):
 * bundled as the app's ESM entry is, so what is measured is the shipped code's, without maps or metafile.
 */
export function childBuild(entryPoints, outdir) {
  return { ...base, format: 'esm', entryPoints, outdir };
}

// The worker threads are entries of their own beside each bundle that may start them, found there by
// name + the bundle's own extension: the image pool's (native/image/worker.ts, `imageWorker`) and the
// backup check's (hub/backup/checkWorker.ts, `backupCheckWorker`).
// The desktop app's device agent (workstation/cli.ts, `agent`) is an entry beside main.cjs too: on a
// workstation, Electron runs it as plain Node in a process of its own (electron/workstation.ts); so
// does it the standby's copy keeper (electron/standbyKeeper.ts, `standbyKeeper`; electron/standby.ts).
// In CommonJS, esbuild empties `import.meta`; the inject gives `import.meta.url` its CJS equivalent.
const cjsImportMeta = { inject: ['scripts/cjs-import-meta-url.js'], define: { 'import.meta.url': 'import_meta_url' } };

/**
 * `name` names the bundle's metafile (dist/meta/<name>.json). `npm start`'s bundle is split
 * (ESM): each dynamic `import()` — the demo simulators behind their flags among them — becomes a
 * chunk of its own beside start.js, loaded only when that import runs.
 */
export function nodeBuilds(outRoot = 'dist') {
  return [
    { name: 'node', options: { ...common, entryPoints: { start: 'scripts/start.ts', imageWorker: 'native/image/worker.ts', backupCheckWorker: 'hub/backup/checkWorker.ts' }, outdir: `${outRoot}/node`, format: 'esm', splitting: true } },
    // Electron main and preload: CommonJS (a sandboxed preload cannot be an ES module).
    { name: 'electron-main', options: { ...common, ...cjsImportMeta, entryPoints: { main: 'electron/main.ts', imageWorker: 'native/image/worker.ts', backupCheckWorker: 'hub/backup/checkWorker.ts', agent: 'workstation/cli.ts', standbyKeeper: 'electron/standbyKeeper.ts' }, outdir: `${outRoot}/electron`, format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['electron'] } },
    { name: 'electron-preload', options: { ...common, entryPoints: { preload: 'electron/preload.ts' }, outdir: `${outRoot}/electron`, format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['electron'] } },
  ];
}
