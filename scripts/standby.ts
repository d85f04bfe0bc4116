/**
 * The standby hub's commands (docs/STANDBY.md), one JSON line per event:
 *
 *   npm run standby -- keep --data <workstation folder> [--port 4780]
 *       on the standby workstation (joined with `npm run agent`): pull and keep a copy of the office
 *       every 30 s while the hub is up (the manager named this PC the standby)
 *   npm run standby -- promote --data <workstation folder> [--address <this PC's address>] [--port 4780]
 *       the hub PC is dead: serve the office from the last copy kept here, at a higher epoch, and tell
 *       the old hub's address it is superseded. Started again, it serves the promoted folder as it is.
 *   npm run standby -- resume --data-dir <hub folder>
 *       on an old hub that refuses to start because a standby was promoted over it: the manager's
 *       command that makes it serve again (audited; the promoted one is then superseded in turn)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serveOfficeLan } from '../hub/officeLan';
import { firstLanAddress } from '../hub/lan/officeCertificate';
import { hexKeyFormat, KEY_FILE } from '../hub/keys/keyFile';
import { openWithStoredKey } from '../hub/keys/storedKey';
import { createLogger } from '../hub/log';
import { DATABASE_FILE, startHub } from '../hub/start';
import { STANDBY_COPY_EVERY_MS } from '../hub/standby/copyKeeper';
import { keepCopies } from '../hub/standby/keepLoop';
import { promoteCopy, promotedHubDir, resumeSuperseded } from '../hub/standby/promote';
import { keepTellingOldHub } from '../hub/standby/tellOldHub';
import { loadSettings } from '../workstation/settings';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const line = (level: 'info' | 'warn' | 'error', message: string, detail?: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), level, message, ...detail })}\n`);

async function keep(dataDir: string, port: number, everyMs: number): Promise<number> {
  if (!loadSettings(dataDir)) {
    line('error', 'this PC has not joined an office: join it first (npm run agent -- --hub … --code …)');
    return 2;
  }
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  process.once('SIGINT', () => controller.abort());
  // the settings read each round: the agent rewrites them when it follows a promoted standby
  const ended = await keepCopies({ dataDir, hub: () => loadSettings(dataDir)?.hub ?? null, servePort: port, everyMs, signal: controller.signal, log: { info: (m, d) => line('info', m, d), warn: (m, d) => line('warn', m, d) } });
  return ended === 'notJoined' ? 2 : 0;
}

async function promote(dataDir: string, address: string, port: number, rendererDir: string): Promise<number> {
  const settings = loadSettings(dataDir);
  const hubUrl = `https://${address}:${port}`;
  const promoted = promoteCopy({ standbyDataDir: dataDir, hubUrl });
  line('info', 'promoted to hub', { epoch: promoted.epoch, copyTakenAt: promoted.copyTakenAt, hubUrl });
  const running = startHub({ dataDir: promotedHubDir(dataDir), version: process.env.npm_package_version ?? 'standby', log: createLogger() });
  running.hub.services.standby.announce(promoted.notice);
  const served = await serveOfficeLan({ hub: running.hub, db: running.db, rendererDir, enabled: true, host: '0.0.0.0', port, names: { dns: ['localhost'], ips: [...new Set([address, '127.0.0.1'])] } });
  if (!served.lan) {
    line('error', 'the office LAN could not be served', { reason: served.reason });
    return 1;
  }
  line('info', 'serving the office', { hubUrl, epoch: promoted.epoch });
  // tell the old hub, for as long as this one runs: a hub that comes back learns it is superseded
  const stopTelling = keepTellingOldHub(settings?.hub ?? null, promoted.notice, { info: (m, d) => line('info', m, d) });
  const stop = () => {
    stopTelling();
    void served.lan.close().then(() => running.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise(() => {});
}

function resume(hubDir: string): number {
  const db = openWithStoredKey(path.join(hubDir, DATABASE_FILE), { file: path.join(hubDir, KEY_FILE), format: hexKeyFormat });
  try {
    const epoch = resumeSuperseded(db, 'console');
    line('info', 'this hub serves again', { epoch });
    return 0;
  } finally {
    db.close();
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      'data-dir': { type: 'string' },
      address: { type: 'string' },
      port: { type: 'string', default: '4780' },
      'every-ms': { type: 'string' },
      'renderer-dir': { type: 'string' },
    },
    strict: true,
  });
  const command = positionals[0];
  const port = Number(values.port);
  if (command === 'resume' && values['data-dir']) return resume(path.resolve(values['data-dir']));
  if (!values.data || !Number.isInteger(port) || (command !== 'keep' && command !== 'promote')) {
    line('error', 'usage: npm run standby -- keep|promote --data <workstation folder> [--port 4780] [--address <ip>] | resume --data-dir <hub folder>');
    return 2;
  }
  const dataDir = path.resolve(values.data);
  if (command === 'keep') return keep(dataDir, port, Number(values['every-ms'] ?? STANDBY_COPY_EVERY_MS));
  return promote(dataDir, values.address ?? firstLanAddress(), port, values['renderer-dir'] ?? path.join(root, 'dist', 'renderer'));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    line('error', 'the standby command failed', { error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);
