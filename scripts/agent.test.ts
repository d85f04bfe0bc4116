import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('npm run agent starts the agent under its supervisor, prints its lines as they come and ends with its exit code when it ends for good', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-agent-cli-'));
  dirs.push(dir);
  // a folder that never joined an office, and no code: the agent says so and exits 2, which is not tried again
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('scripts/agent.ts'), '--data', dir], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status).toBe(2);
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.map((l) => l.message)).toEqual(['agent process started', expect.stringContaining('has not joined an office'), 'agent process ended']);
  expect(lines[0]!.pid).toEqual(expect.any(Number));
  expect(lines[2]).toMatchObject({ code: 2, startingAgainInMs: null });
}, 60_000);
