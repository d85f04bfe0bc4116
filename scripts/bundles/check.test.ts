import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { nodeBuilds } from '../buildNodeOptions.mjs';
import { checkBundle, fromRollup, isTestModule, type BundleMeta } from './check';

const DEMOS = ['scripts/demo/scanner.ts', 'scripts/demo/terminal.ts', 'scripts/demo/central.ts'];
const rules = (meta: BundleMeta, lazy: string[] = []) => checkBundle('node', meta, { entry: 'scripts/start.ts', lazy }).map((v) => `${v.rule} ${v.input}`);

/** A metafile as esbuild writes it for a split build: start.js, a shared chunk, a demo chunk behind import(). */
function splitBuild(): BundleMeta {
  return {
    outputs: {
      'dist/node/start.js': {
        entryPoint: 'scripts/start.ts',
        inputs: { 'scripts/start.ts': {}, 'hub/webMode.ts': {} },
        imports: [
          { path: 'dist/node/chunk-A.js', kind: 'import-statement' },
          { path: 'dist/node/scanner-B.js', kind: 'dynamic-import' },
          { path: 'sharp', kind: 'import-statement', external: true },
        ],
      },
      'dist/node/chunk-A.js': { inputs: { 'core/errors.ts': {} }, imports: [] },
      // esbuild marks a dynamic import's chunk as an entry point too
      'dist/node/scanner-B.js': { entryPoint: 'scripts/demo/scanner.ts', inputs: { 'scripts/demo/scanner.ts': {}, 'scripts/demo/esclSimulator.ts': {} }, imports: [{ path: 'dist/node/chunk-A.js', kind: 'import-statement' }] },
    },
  };
}

describe('the bundle check', () => {
  it('passes a split build whose demo loads only through import()', () => {
    expect(rules(splitBuild(), ['scripts/demo/scanner.ts'])).toEqual([]);
  });

  it('finds a test module in a shipped bundle', () => {
    const meta = splitBuild();
    meta.outputs['dist/node/chunk-A.js']!.inputs['test/support/fakePrinter.ts'] = {};
    meta.outputs['dist/node/start.js']!.inputs['native/receipt/thermal.test.ts'] = {};
    expect(rules(meta)).toEqual(['test-module-in-bundle native/receipt/thermal.test.ts', 'test-module-in-bundle test/support/fakePrinter.ts']);
  });

  it('finds a demo inlined into the entry (an unsplit build), and says it is not a chunk of its own', () => {
    const meta = splitBuild();
    meta.outputs['dist/node/start.js']!.inputs['scripts/demo/scanner.ts'] = {};
    delete meta.outputs['dist/node/scanner-B.js'];
    meta.outputs['dist/node/start.js']!.imports = meta.outputs['dist/node/start.js']!.imports.filter((i) => i.kind !== 'dynamic-import');
    expect(rules(meta, ['scripts/demo/scanner.ts'])).toEqual(['demo-not-split scripts/demo/scanner.ts', 'demo-loaded-eagerly scripts/demo/scanner.ts']);
  });

  it('finds a demo chunk that the entry also imports statically, even through another chunk', () => {
    const meta = splitBuild();
    meta.outputs['dist/node/chunk-A.js']!.imports.push({ path: 'dist/node/scanner-B.js', kind: 'import-statement' });
    expect(rules(meta, ['scripts/demo/scanner.ts'])).toContain('demo-loaded-eagerly scripts/demo/scanner.ts');
  });

  it('refuses a metafile that does not hold the bundle’s entry, instead of passing it for want of anything to check', () => {
    expect(rules({ outputs: {} })).toEqual(['empty-bundle scripts/start.ts']);
  });

  it('knows test modules: test/, *.test.* and *.spec.* — not production files that merely mention tests', () => {
    expect(['test/support/hub.ts', './test/e2e/pages.ts', 'renderer/App.test.tsx', 'test/e2e/01-shells.spec.ts', 'core/x.test.mts'].every(isTestModule)).toBe(true);
    expect(['hub/testPage.ts', 'native/printing/testPage.ts', 'renderer/latest.ts', 'scripts/demo/scanner.ts'].some(isTestModule)).toBe(false);
  });

  it('reads the renderer’s rollup chunks the same way', () => {
    const meta = fromRollup(
      [
        { type: 'chunk', fileName: 'assets/index.js', isEntry: true, facadeModuleId: '/repo/renderer/main.tsx', moduleIds: ['/repo/renderer/main.tsx', '\0vite/preload-helper.js', '/repo/test/support/renderer/testHub.tsx'], imports: ['assets/react.js'], dynamicImports: [] },
        { type: 'chunk', fileName: 'assets/react.js', moduleIds: ['/repo/node_modules/react/index.js'] },
        { type: 'asset', fileName: 'assets/index.css' },
      ],
      '/repo',
    );
    expect(checkBundle('renderer', meta, { entry: 'renderer/main.tsx' }).map((v) => `${v.rule} ${v.input}`)).toEqual(['test-module-in-bundle test/support/renderer/testHub.tsx']);
  });
});

describe('the Node bundles as npm run build makes them (scripts/buildNodeOptions.mjs)', () => {
  const nodeBuild = nodeBuilds('dist-check').find((b) => b.name === 'node')!;

  it('npm start’s bundle holds no test module, and each demo simulator is a chunk of its own behind import()', async () => {
    const { metafile } = await build({ ...nodeBuild.options, write: false, logLevel: 'silent' });
    const meta = metafile as BundleMeta;
    expect(checkBundle('node', meta, { entry: 'scripts/start.ts', lazy: DEMOS })).toEqual([]);
    // and start.js itself carries no demo code: each sits in a chunk start.js imports dynamically
    const start = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === 'scripts/start.ts')!;
    expect(Object.keys(start[1].inputs).filter((i) => i.startsWith('scripts/demo/'))).toEqual([]);
    expect(start[1].imports.filter((i) => i.kind === 'dynamic-import').length).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('would catch the same bundle unsplit (demos inlined) and a test module imported by the entry', async () => {
    const unsplit = await build({ ...nodeBuild.options, splitting: false, write: false, logLevel: 'silent' });
    expect(checkBundle('node', unsplit.metafile as BundleMeta, { entry: 'scripts/start.ts', lazy: DEMOS }).map((v) => v.rule)).toContain('demo-loaded-eagerly');
    const withTest = await build({
      ...nodeBuild.options,
      entryPoints: undefined,
      stdin: { contents: "import './scripts/start';\nimport { sampleReceipt } from './test/support/receiptSamples';\nconsole.log(sampleReceipt);\n", resolveDir: process.cwd(), loader: 'ts', sourcefile: 'entry.ts' },
      outdir: undefined,
      outfile: 'dist-check/entry.js',
      splitting: false,
      write: false,
      logLevel: 'silent',
    });
    const violations = checkBundle('node', withTest.metafile as BundleMeta, { entry: 'scripts/start.ts' });
    expect(violations.map((v) => `${v.rule} ${v.input}`)).toContain('test-module-in-bundle test/support/receiptSamples.ts');
  }, 120_000);
});
