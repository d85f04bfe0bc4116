import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentArgs, withBoundedArenas, superviseAgent, type AgentProcessEvent } from './agentProcess';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * A stand-in agent (plain node): prints its MALLOC_ARENA_MAX and its run number, then does what its
 * run's entry in `plan` says — `crash` (kill -9 itself), `exit:<code>`, or `stay` (until SIGTERM, then exit 0).
 */
function standIn(plan: string[]): { args: string[]; runs: () => number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-agentproc-'));
  dirs.push(dir);
  const counter = path.join(dir, 'runs');
  const script = `
    const fs = require('node:fs');
    let n = 0; try { n = Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')); } catch {}
    fs.writeFileSync(${JSON.stringify(counter)}, String(n + 1));
    const plan = ${JSON.stringify(plan)};
    const step = plan[Math.min(n, plan.length - 1)];
    console.log(JSON.stringify({ run: n, arenas: process.env.MALLOC_ARENA_MAX ?? null }));
    if (step === 'crash') process.kill(process.pid, 'SIGKILL');
    else if (step.startsWith('exit:')) process.exit(Number(step.slice(5)));
    else { process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); }
  `;
  return {
    args: ['-e', script],
    runs: () => {
      try {
        return Number(readFileSync(counter, 'utf8'));
      } catch {
        return 0;
      }
    },
  };
}

/**
 * The longest wait between starts. A run that lasted longer than it starts the backoff over: a
 * crashing Node stand-in may take over a second to start on a loaded 2-core CI machine, which must
 * not count as a run that lasted (the doubling checked below would then read 50, 50).
 */
const WAIT_CAP_MS = 5000;

function watch(plan: string[], env: NodeJS.ProcessEnv = withBoundedArenas(process.env, 'linux')) {
  const s = standIn(plan);
  const lines: Array<Record<string, unknown>> = [];
  const events: AgentProcessEvent[] = [];
  const agent = superviseAgent({ command: process.execPath, args: s.args, env, onLine: (l) => lines.push(JSON.parse(l) as Record<string, unknown>), onEvent: (e) => events.push(e), backoff: { firstMs: 50, maxMs: WAIT_CAP_MS } });
  const until = async (ok: () => boolean, ms = 10_000) => {
    for (const end = Date.now() + ms; !ok(); ) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { agent, lines, events, runs: s.runs, until };
}

describe('the device agent’s process', () => {
  it('is started again after a crash, with the malloc arenas bounded, and stops on request', async () => {
    const w = watch(['crash', 'crash', 'stay']);
    await w.until(() => w.lines.length === 3);
    expect(w.lines.map((l) => l.run)).toEqual([0, 1, 2]);
    expect(w.lines.every((l) => l.arenas === '2')).toBe(true);
    const ends = w.events.filter((e) => e.kind === 'ended');
    expect(ends.map((e) => e.kind === 'ended' && [e.signal, e.again, e.inMs])).toEqual([
      ['SIGKILL', true, 50],
      ['SIGKILL', true, 100],
    ]);
    expect(w.agent.pid).toBe((w.events.filter((e) => e.kind === 'started').at(-1) as { pid: number }).pid);
    await w.agent.stop();
    expect(await w.agent.ended).toBe(0);
    expect(w.agent.pid).toBeNull();
    // stopped: not started again
    await new Promise((r) => setTimeout(r, 300));
    expect(w.runs()).toBe(3);
  });

  it('is not started again when the hub refused it for good, nor when it could not start', async () => {
    for (const code of [3, 2, 1]) {
      const w = watch([`exit:${code}`, 'stay']);
      expect(await w.agent.ended).toBe(code);
      await new Promise((r) => setTimeout(r, 200));
      expect(w.runs()).toBe(1);
    }
  });

  it('a program that cannot be started at all is said once, not tried again', async () => {
    const events: AgentProcessEvent[] = [];
    const agent = superviseAgent({ command: path.join(tmpdir(), 'no-such-agent-here'), args: [], env: {}, onLine: () => {}, onEvent: (e) => events.push(e), backoff: { firstMs: 20, maxMs: 40 } });
    expect(await agent.ended).toBe(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(events).toEqual([{ kind: 'ended', code: -2, signal: null, again: false }]);
  });

  it('is started again after an unexpected failure (exit 70)', async () => {
    const w = watch(['exit:70', 'stay']);
    await w.until(() => w.runs() === 2 && w.agent.pid !== null);
    await w.agent.stop();
  });

  it('a stop during the wait before a new start ends it there', async () => {
    const w = watch(['crash', 'stay']);
    await w.until(() => w.events.some((e) => e.kind === 'ended'));
    await w.agent.stop();
    expect(await w.agent.ended).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(w.runs()).toBe(1);
  });

  it('keeps an arena count already set, and sets none off Linux', () => {
    expect(withBoundedArenas({ MALLOC_ARENA_MAX: '4' }, 'linux').MALLOC_ARENA_MAX).toBe('4');
    expect(withBoundedArenas({}, 'linux').MALLOC_ARENA_MAX).toBe('2');
    expect(withBoundedArenas({}, 'win32').MALLOC_ARENA_MAX).toBeUndefined();
  });

  it('passes on the device flags of the desktop app’s command line, and nothing else', () => {
    const argv = ['/opt/Daftaryar/daftaryar', '--no-sandbox', '--role', 'counter', '--printer', 'tcp:192.168.1.50:9100', '--folder=/srv/scans', '--sadad', 'http://127.0.0.1:8088', '--no-escl-discovery', '--document-printer', 'cups:A4', '--escl', '--hub', 'https://x'];
    expect(agentArgs('/home/u/.config/Daftaryar', argv)).toEqual([
      '--data',
      '/home/u/.config/Daftaryar',
      '--printer',
      'tcp:192.168.1.50:9100',
      '--folder=/srv/scans',
      '--sadad',
      'http://127.0.0.1:8088',
      '--no-escl-discovery',
      '--document-printer',
      'cups:A4',
    ]);
  });
});
