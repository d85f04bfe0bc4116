// Bundles the Node-side entry points with esbuild (options: scripts/buildNodeOptions.mjs), and writes
// each bundle's metafile to dist/meta/ for the bundle check (scripts/check-bundles.ts).
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { nodeBuilds } from './buildNodeOptions.mjs';

await mkdir('dist/meta', { recursive: true });
await Promise.all(
  nodeBuilds('dist').map(async ({ name, options }) => {
    const result = await build(options);
    await writeFile(`dist/meta/${name}.json`, JSON.stringify(result.metafile));
  }),
);

// The OCR worker is plain CommonJS run by tesseract.js in a worker thread: it goes beside the Electron
// bundle as is (native/ocr/ocrPool.ts looks for it next to itself; from the ESM web-mode bundle it is
// found in native/ocr/ under the working directory).
await mkdir('dist/electron', { recursive: true });
await copyFile('native/ocr/ocrWorker.cjs', 'dist/electron/ocrWorker.cjs');
