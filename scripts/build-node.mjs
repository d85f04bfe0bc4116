// Bundles the Node-side entry points with esbuild. npm packages stay external (native modules
// such as better-sqlite3 must load from node_modules, and electron-builder packs them).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };

// The image pool's worker thread (native/image/worker.ts) is its own entry beside each bundle that may
// start it: ImagePool looks for `imageWorker` + its own extension next to itself.
// In CommonJS, esbuild empties `import.meta`; the inject gives `import.meta.url` its CJS equivalent.
const cjsImportMeta = { inject: ['scripts/cjs-import-meta-url.js'], define: { 'import.meta.url': 'import_meta_url' } };

await Promise.all([
  build({ ...common, entryPoints: { start: 'scripts/start.ts', imageWorker: 'native/image/worker.ts' }, outdir: 'dist/node', format: 'esm' }),
  // Electron main and preload: CommonJS (a sandboxed preload cannot be an ES module).
  build({ ...common, ...cjsImportMeta, entryPoints: { main: 'electron/main.ts', imageWorker: 'native/image/worker.ts' }, outdir: 'dist/electron', format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, outdir: 'dist/electron', format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
]);

// The OCR worker is plain CommonJS run by tesseract.js in a worker thread: it goes beside the Electron
// bundle as is (native/ocr/ocrPool.ts looks for it next to itself; from the ESM web-mode bundle it is
// found in native/ocr/ under the working directory).
import { copyFile, mkdir } from 'node:fs/promises';
await mkdir('dist/electron', { recursive: true });
await copyFile('native/ocr/ocrWorker.cjs', 'dist/electron/ocrWorker.cjs');
