// Bundles the Node-side entry points with esbuild. npm packages stay external (native modules
// such as better-sqlite3 must load from node_modules, and electron-builder packs them).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: { start: 'scripts/start.ts' }, outdir: 'dist/node', format: 'esm' }),
  // Electron main and preload: CommonJS (a sandboxed preload cannot be an ES module).
  build({ ...common, entryPoints: { main: 'electron/main.ts' }, outdir: 'dist/electron', format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, outdir: 'dist/electron', format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
]);
