/**
 * `npm run agent -- <cli.ts's flags>`: the headless device agent (workstation/cli.ts), started as its
 * own process and kept running by workstation/agentProcess.ts — the malloc arenas bounded, started
 * again after a crash. Its lines are printed as it prints them, with the supervisor's own
 * (`agent process started` with its pid, `agent process ended`). Ends with the agent's exit code when
 * it ends for good (3: refused by the hub; 1, 2: joining or the arguments), and stops it on SIGINT/SIGTERM.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBoundedArenas, superviseAgent } from '../workstation/agentProcess';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (message: string, detail: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), level: 'info', message, ...detail })}\n`);

const agent = superviseAgent({
  command: process.execPath,
  args: ['--import', 'tsx', path.join(root, 'workstation', 'cli.ts'), ...process.argv.slice(2)],
  env: withBoundedArenas(process.env),
  onLine: (line) => process.stdout.write(`${line}\n`),
  onEvent: (e) => (e.kind === 'started' ? say('agent process started', { pid: e.pid }) : say('agent process ended', { code: e.code, signal: e.signal, startingAgainInMs: e.again ? e.inMs : null })),
});
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => void agent.stop());
void agent.ended.then((code) => process.exit(code));
