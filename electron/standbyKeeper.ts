/**
 * The standby's copy keeper as a process of its own (electron/standby.ts starts it on a joined
 * counter PC, Electron running it as plain Node): `standbyKeeper.cjs --data <dir> --port <LAN port>`.
 * Keeps a copy every 30 s while this PC is the standby the manager named (hub/standby/keepLoop.ts),
 * one JSON line per event; the copy work (a download, a check of the database) stays out of the
 * windows' process. Exits 0 when stopped or once this PC was promoted, 1 when it has not joined (a
 * new start would not mend it), 2 on bad arguments.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { keepCopies } from '../hub/standby/keepLoop';
import { loadSettings } from '../workstation/settings';

const line = (level: 'info' | 'warn' | 'error', message: string, detail?: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), level, message, ...detail })}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' } }, strict: true });
  const port = Number(values.port);
  if (!values.data || !Number.isInteger(port) || port < 1 || port > 65535) {
    line('error', 'usage: standbyKeeper --data <workstation folder> --port <LAN port>');
    return 2;
  }
  const dataDir = path.resolve(values.data);
  const controller = new AbortController();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => controller.abort());
  // the settings read each round: the agent rewrites them when it follows a promoted standby
  const ended = await keepCopies({ dataDir, hub: () => loadSettings(dataDir)?.hub ?? null, servePort: port, signal: controller.signal, log: { info: (m, d) => line('info', m, d), warn: (m, d) => line('warn', m, d) } });
  return ended === 'notJoined' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    line('error', 'the standby copy keeper failed', { error: err instanceof Error ? err.message : String(err) });
    process.exit(70);
  },
);
