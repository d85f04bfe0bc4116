import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sadadTerminal } from '../../native/payment/sadad';
import { startDemoTerminal } from './terminal';

/** Every source file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(file).isDirectory()) return sources(file);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

describe('the demo simulators', () => {
  it('are reached by no production code, and by `npm start` only through a flag’s dynamic import', () => {
    const production = ['core', 'db', 'native', 'hub', 'electron', 'renderer', 'central'].flatMap((d) => sources(d));
    const reaching = production.filter((f) => /scripts\/demo|sadadSimulator/.test(readFileSync(f, 'utf8')));
    expect(reaching).toEqual([]);
    const start = readFileSync('scripts/start.ts', 'utf8');
    expect(start).not.toMatch(/^import .*['"]\.\/demo\//m);
    expect(start.match(/import\('\.\/demo\/[a-z]+'\)/g)).toEqual(["import('./demo/scanner')", "import('./demo/central')", "import('./demo/terminal')"]);
  });

  it('--demo-terminal approves a sale on the real Sadad adapter, after a short pause', async () => {
    const terminal = await startDemoTerminal(0);
    try {
      expect(terminal.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const started = Date.now();
      const approval = await sadadTerminal({ baseUrl: terminal.url }).sale({ amountRials: 250_000, orderId: 'demo-1' });
      expect(approval).toMatchObject({ amountRials: 250_000, terminalId: 'DEMO0001' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    } finally {
      await terminal.close();
    }
  });
});
