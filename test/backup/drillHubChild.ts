/**
 * The hub of the restore drill (restoreDrill.test.ts), in a process of its own so the drill can kill
 * it with SIGKILL: `startHub` on the data folder (its key file beside it), the backups to `<target>`,
 * the outbox held until told. Under load from the start: an audit entry committed every few
 * milliseconds (each one a link of the chain the backup must carry whole). Commands on stdin, one
 * per line; answers on stdout, one JSON line each:
 *
 *   backup   → { backup: BackupResult }   an hourly backup, taken while the load runs
 *   deliver  → { delivered: { pending } }  the outbox run until the central has taken what it will
 *
 *   node --import tsx test/backup/drillHubChild.ts <dataDir> <target> <centralUrl>
 */
import { createInterface } from 'node:readline';
import { record } from '../../hub/audit/auditLog';
import { silentLogger } from '../../hub/log';
import { startHub } from '../../hub/start';

const [dataDir, target] = process.argv.slice(2);
if (!dataDir || !target) throw new Error('usage: drillHubChild.ts <dataDir> <target>');
const running = startHub({
  dataDir,
  version: 'drill',
  log: silentLogger,
  sync: { autoStart: false, timeoutMs: 2000, backoff: { baseMs: 20, capMs: 100 } },
  backup: { checkEveryMs: 0 },
});
const { hub, db } = running;
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

let n = 0;
const load = setInterval(() => {
  record(db, new Date(), { actor: 'staff:1', action: 'requestOpened', subject: `request:drill-${n}`, reason: null, detail: { n: n++ } });
}, 2);

void (async () => {
  await hub.services.backup.setTarget(target);
  say({ ready: true, pid: process.pid });
})();

createInterface({ input: process.stdin }).on('line', (line) => {
  void (async () => {
    if (line === 'backup') {
      const before = n;
      const result = await hub.services.backup.run('hourly');
      say({ backup: result, loadDuring: n - before });
    } else if (line === 'deliver') {
      for (let i = 0; i < 20; i++) {
        await hub.services.sync.runOnce();
        if (hub.services.sync.status().pending <= 1) break;
      }
      say({ delivered: { pending: hub.services.sync.status().pending }, load: n });
    }
  })();
});

process.on('SIGTERM', () => {
  clearInterval(load);
  void running.close().then(() => process.exit(0));
});
