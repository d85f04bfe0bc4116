/**
 * A hub for the fault-injection trials (harness.ts): the real Hub on a data folder's encrypted
 * database and page store (as `startHub` opens them), its outbox on short timers. Its capture ports
 * are the tests' (no scanner, no OCR): nothing but the outbox works in these trials. The harness kills it with SIGKILL at random moments and starts it
 * again on the same files. It prints one JSON line per 100 ms with the outbox's state, and plays the
 * office manager who resends what the central refused (FAULT_RESEND_MS), as a person would after a look.
 *
 *   node --import tsx test/faults/hubChild.ts <dataDir>      (the harness enrolled the office already)
 */
import path from 'node:path';
import { Hub } from '../../hub/hub';
import { DATABASE_FILE } from '../../hub/start';
import { KEY_FILE, openWithKeyFile } from '../../hub/keys/keyFile';
import { silentLogger } from '../../hub/log';
import * as s from '../../db/sync';
import { testCapturePorts } from '../support/capture';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hubChild.ts <dataDir>');
const db = openWithKeyFile(path.join(dataDir, DATABASE_FILE), path.join(dataDir, KEY_FILE));
const hub = new Hub({
  db,
  version: 'faults',
  log: silentLogger,
  capture: { dir: dataDir, ports: testCapturePorts(() => ({ pages: [] })) },
  sync: { watchdogMs: 400, probeMs: 150, pullMs: 3_600_000, timeoutMs: 1500, backoff: { baseMs: 50, capMs: 800 }, concurrency: 2 },
});
const sync = hub.services.sync;

process.stdout.on('error', () => process.exit(0)); // the harness went away
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
say({ ready: true, pid: process.pid });
setInterval(() => {
  const st = sync.status();
  say({ pending: st.pending, rejected: st.rejected, flagged: st.flagged, link: st.link });
}, 100);

const resendMs = Number(process.env.FAULT_RESEND_MS ?? 500);
setInterval(() => {
  for (const item of s.outboxItems(db)) if (item.state === 'rejected') sync.resend(item.submissionId, { userId: 1, role: 'manager' });
}, resendMs);

process.on('SIGTERM', () => {
  hub.close();
  db.close();
  process.exit(0);
});
