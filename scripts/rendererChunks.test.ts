import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBundle, fromRollup, type RollupChunkLike } from './bundles/check';

const out = mkdtempSync(path.join(tmpdir(), 'daftaryar-renderer-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

let chunks: RollupChunkLike[] = [];

beforeAll(async () => {
  // as `npm run build` does it: a production build (vitest sets NODE_ENV=test, which keeps React's development code)
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const result = await build({ configFile: path.resolve('vite.config.ts'), mode: 'production', logLevel: 'silent', build: { outDir: out, emptyOutDir: true, sourcemap: false } });
    const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
    chunks = outputs.flatMap((o) => o.output) as unknown as RollupChunkLike[];
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}, 120_000);

describe('the renderer build (vite.config.ts)', () => {
  it('splits the libraries from the app so no chunk passes the 500 kB warning in `npm start`’s log', () => {
    const files = readdirSync(path.join(out, 'assets')).filter((f) => f.endsWith('.js'));
    expect(files.some((f) => f.startsWith('react-'))).toBe(true);
    for (const f of files) expect(statSync(path.join(out, 'assets', f)).size, f).toBeLessThan(500 * 1024);
  });

  it('ships no test module: the scripted hub, fixtures and probes of the component tests stay in test/support/', () => {
    const meta = fromRollup(chunks, process.cwd());
    expect(checkBundle('renderer', meta, { entry: 'renderer/main.tsx' })).toEqual([]);
    // the check saw the app's own modules, not an empty list
    expect(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)).filter((i) => i.startsWith('renderer/')).length).toBeGreaterThan(50);
  });
});
