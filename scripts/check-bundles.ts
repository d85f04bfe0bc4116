/**
 * Run by `npm run build` after the bundles are written: fails (exit 1) when a shipped bundle holds a
 * test module, or a demo simulator loads without its flag. Reads dist/meta/*.json (esbuild metafiles
 * from scripts/build-node.mjs; the renderer's chunks and their modules from vite.config.ts). Rules:
 * scripts/bundles/check.ts; docs/LAYERS.md § The build output.
 *
 * Usage: tsx scripts/check-bundles.ts [dist]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkBundle, fromRollup, type BundleExpectations, type BundleMeta, type RollupChunkLike } from './bundles/check';

const dist = path.resolve(process.argv[2] ?? 'dist');
const bundles: Record<string, BundleExpectations> = {
  node: { entry: 'scripts/start.ts', lazy: ['scripts/demo/scanner.ts', 'scripts/demo/terminal.ts', 'scripts/demo/central.ts'] },
  'electron-main': { entry: 'electron/main.ts' },
  'electron-preload': { entry: 'electron/preload.ts' },
  renderer: { entry: 'renderer/main.tsx' },
};

let failed = 0;
let outputs = 0;
for (const [name, expect] of Object.entries(bundles)) {
  const file = path.join(dist, 'meta', name === 'renderer' ? 'renderer-chunks.json' : `${name}.json`);
  let meta: BundleMeta;
  try {
    const text = readFileSync(file, 'utf8');
    if (name === 'renderer') {
      const { root, chunks } = JSON.parse(text) as { root: string; chunks: RollupChunkLike[] };
      meta = fromRollup(chunks, root);
    } else {
      meta = JSON.parse(text) as BundleMeta;
    }
  } catch (e) {
    console.log(`bundles: cannot read ${path.relative(process.cwd(), file)} (${(e as Error).message}) — run the whole \`npm run build\``);
    failed++;
    continue;
  }
  outputs += Object.keys(meta.outputs).filter((o) => !o.endsWith('.map')).length;
  for (const v of checkBundle(name, meta, expect)) {
    console.log(`${v.rule}  ${v.message}`);
    failed++;
  }
}
if (failed > 0) {
  console.log(`\nbundles: ${failed} problem${failed === 1 ? '' : 's'}`);
  process.exitCode = 1;
} else {
  console.log(`bundles: ok — ${outputs} output files of ${Object.keys(bundles).length} bundles, no test module, demo simulators only behind their flags`);
}
