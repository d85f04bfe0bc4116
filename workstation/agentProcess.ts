/**
 * The device agent as a process of its own, kept running: what `npm run agent` (scripts/agent.ts) and
 * the desktop app on a workstation (electron/main.ts) start. The agent (./cli.ts) then runs
 *
 * - with glibc's malloc arenas bounded (MALLOC_ARENA_MAX, read only when a process starts): each
 *   thread that decodes a page otherwise keeps an arena of its own, and a 200-page batch's peak RSS is
 *   about 100 MB higher (docs/WORKSTATIONS.md § Bench);
 * - apart from the windows: a scanner driver that brings the agent down takes no window with it, and
 *   the agent is started again (1 s, doubling to 30 s) — its spool keeps the pages it held.
 *
 * It is not started again when it ended on its own for a reason a new start cannot mend: refused by
 * the hub for good (exit 3: revoked, another contract version), its settings or arguments (1, 2), or
 * a program that could not be started at all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

/** cli.ts's exit codes */
export const AGENT_EXIT = { stopped: 0, failedToStart: 1, usage: 2, refused: 3, crashed: 70 } as const;

/**
 * A child's environment: the caller's, with glibc's malloc arenas bounded on Linux unless already set
 * (read only when a process starts). The agent's, the standby's copy keeper's, and the Electron app
 * that `npm start` starts (scripts/start.ts).
 */
export function withBoundedArenas(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  return platform === 'linux' ? { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || '2' } : { ...env };
}

/** The device flags of cli.ts that a desktop workstation passes on from its own command line. */
const DEVICE_FLAGS: ReadonlyMap<string, boolean> = new Map([
  ['--folder', true],
  ['--folder-idle-ms', true],
  ['--escl', true],
  ['--no-escl-discovery', false],
  ['--dwt-url', true],
  ['--no-dwt', false],
  ['--printer', true],
  ['--document-printer', true],
  ['--sadad', true],
]);

/** The agent's arguments for a joined workstation's data folder, with the device flags found in `argv`. */
export function agentArgs(dataDir: string, argv: readonly string[]): string[] {
  const out = ['--data', dataDir];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const takesValue = DEVICE_FLAGS.get(eq > 0 ? arg.slice(0, eq) : arg);
    if (takesValue === undefined) continue;
    if (!takesValue || eq > 0) out.push(arg);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out.push(arg, argv[++i]!);
  }
  return out;
}

export interface AgentProcessOptions {
  /** the program and its first arguments: node (or Electron as node) and the agent's script */
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** each line the agent prints (one JSON object a line) */
  onLine(line: string): void;
  /** the supervisor's own events: started (with the pid), ended (with how), starting again */
  onEvent(event: AgentProcessEvent): void;
  /** the first wait before a new start, and the longest */
  backoff?: { firstMs: number; maxMs: number };
}

export type AgentProcessEvent =
  | { kind: 'started'; pid: number }
  | { kind: 'ended'; code: number | null; signal: NodeJS.Signals | null; again: boolean; inMs?: number };

export interface AgentProcess {
  /** the running agent's pid, or null between starts */
  readonly pid: number | null;
  /** resolves with the exit code once the agent ended for good (or was stopped) */
  readonly ended: Promise<number>;
  /** stops the agent (SIGTERM, then SIGKILL after `graceMs`) and starts it no more */
  stop(graceMs?: number): Promise<void>;
}

export function superviseAgent(options: AgentProcessOptions): AgentProcess {
  const backoff = options.backoff ?? { firstMs: 1000, maxMs: 30_000 };
  let child: ChildProcess | null = null;
  let stopping = false;
  let wait = backoff.firstMs;
  let timer: NodeJS.Timeout | null = null;
  let finish!: (code: number) => void;
  const ended = new Promise<number>((resolve) => (finish = resolve));

  const start = () => {
    timer = null;
    if (stopping) return;
    const startedAt = Date.now();
    const c = spawn(options.command, [...options.args], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    readline.createInterface({ input: c.stdout! }).on('line', (l) => options.onLine(l));
    readline.createInterface({ input: c.stderr! }).on('line', (l) => options.onLine(l));
    let spawned = false;
    c.once('spawn', () => {
      spawned = true;
      options.onEvent({ kind: 'started', pid: c.pid! });
    });
    c.once('error', () => undefined); // a close follows
    c.once('close', (code, signal) => {
      child = null;
      // the program could not be started at all (not there, not executable): a new start would not find it either
      const ownEnd = !spawned || code === AGENT_EXIT.failedToStart || code === AGENT_EXIT.usage || code === AGENT_EXIT.refused || (code === AGENT_EXIT.stopped && signal === null);
      if (stopping || ownEnd) {
        options.onEvent({ kind: 'ended', code, signal, again: false });
        finish(spawned ? (code ?? 1) : AGENT_EXIT.failedToStart);
        return;
      }
      // a run that lasted starts the backoff over
      if (Date.now() - startedAt > backoff.maxMs) wait = backoff.firstMs;
      options.onEvent({ kind: 'ended', code, signal, again: true, inMs: wait });
      timer = setTimeout(start, wait);
      wait = Math.min(wait * 2, backoff.maxMs);
    });
  };
  start();

  return {
    get pid() {
      return child?.pid ?? null;
    },
    ended,
    async stop(graceMs = 5000) {
      stopping = true;
      if (timer) {
        clearTimeout(timer);
        timer = null;
        finish(0);
        return;
      }
      const c = child;
      if (!c) return;
      const kill = setTimeout(() => c.kill('SIGKILL'), graceMs);
      c.kill('SIGTERM');
      await ended;
      clearTimeout(kill);
    },
  };
}
