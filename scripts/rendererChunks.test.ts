import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const out = mkdtempSync(path.join(tmpdir(), 'daftaryar-renderer-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the renderer build (vite.config.ts)', () => {
  it('splits the libraries from the app so no chunk passes the 500 kB warning in `npm start`’s log', async () => {
    // as `npm run build` does it: a production build (vitest sets NODE_ENV=test, which keeps React's development code)
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: path.resolve('vite.config.ts'), mode: 'production', logLevel: 'silent', build: { outDir: out, emptyOutDir: true, sourcemap: false } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const chunks = readdirSync(path.join(out, 'assets')).filter((f) => f.endsWith('.js'));
    expect(chunks.some((f) => f.startsWith('react-'))).toBe(true);
    for (const f of chunks) expect(statSync(path.join(out, 'assets', f)).size, f).toBeLessThan(500 * 1024);
  }, 120_000);
});
