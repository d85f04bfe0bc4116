/**
 * The hub of the multi-host test (test/multihost/workstations.test.ts), run inside its own network
 * namespace: `node --import tsx test/multihost/hubMain.ts <dataDir> <address> <port>`. Real HTTPS with
 * the office certificate on <address>:<port>. On a new data folder it sets the office up the way the
 * counter tests do (a clerk at counter 1 with a paid request) and issues two pairing codes for
 * counters; it prints one JSON line once it listens. Started again on the same folder, it only serves.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Hub } from '../../hub/hub';
import { DATABASE_FILE } from '../../hub/start';
import { hexKeyFormat, KEY_FILE } from '../../hub/keys/keyFile';
import { openWithStoredKey } from '../../hub/keys/storedKey';
import { createWebServer } from '../../hub/web/server';
import { officeTls } from '../../hub/lan/officeCertificate';
import { getOffice } from '../../db/office';
import { newConnection } from '../../hub/auth/connection';
import { silentLogger } from '../../hub/log';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../core/api/contract';
import { office, manager } from '../support/hub';
import { applicant, clerkWithCalledTicket, details, paidRequest } from '../support/requests';

const [dataDir, host, port, epoch] = process.argv.slice(2) as [string, string, string, string];
// the office's clock: a Saturday morning in service hours (the counter tests' day), running at the real
// pace from the test's start — the same on every start of this hub, so a restart does not turn it back
const shift = Date.parse('2026-11-28T06:30:00.000Z') - Number(epoch);
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const db = openWithStoredKey(path.join(dataDir, DATABASE_FILE), { file: path.join(dataDir, KEY_FILE), format: hexKeyFormat });
const hub = new Hub({ db, version: 'multihost', log: silentLogger, now: () => new Date(Date.now() + shift), capture: { dir: dataDir } });
const running = {
  async close() {
    await hub.close();
    db.close();
  },
};
let id = 1;
async function ok<P extends ProcedureName>(proc: P, input: ProcedureInput<P>, session?: string): Promise<ProcedureOutput<P>> {
  const res = await hub.call({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) }, { kind: 'local', connection: newConnection() });
  if (!res.ok) throw new Error(`${proc} failed: ${res.error.code} ${res.error.message}`);
  return res.output as ProcedureOutput<P>;
}

let seeded: Record<string, unknown> = {};
if (!getOffice(db)) {
  await ok('setup.createOffice', { office, manager });
  const { session } = await ok('auth.login', { username: manager.username, password: manager.password });
  const t = { db, ok, hub, managerSession: session } as never;
  const { clerk } = await clerkWithCalledTicket(t);
  const { request, office: paidOffice } = await paidRequest(t, clerk);
  // for the print and pay test: the counter's receipt paper (its network printer is never used from B),
  // and a second request at fees fixed, to be paid on B's card terminal
  await ok('receiptPrinter.set', { counterId: 1, printer: { host: '127.0.0.1', port: 9, paper: '80mm' } }, session);
  const unpaid = await ok('request.open', { counterId: 1, service: 'petition' }, clerk);
  const { applicantId } = await ok('applicant.save', applicant, clerk);
  await ok('request.verifyIdentity', { requestId: unpaid.id, applicantId, document: 'nationalCard' }, clerk);
  await ok('request.setDetails', { requestId: unpaid.id, details }, clerk);
  await ok('request.fixFees', { requestId: unpaid.id }, clerk);
  const codeB = (await ok('device.issueCode', { kind: 'counter', name: 'باجهٔ ۲' }, session)).code;
  const codeC = (await ok('device.issueCode', { kind: 'counter', name: 'باجهٔ ۳' }, session)).code;
  seeded = { requestId: request.id, paymentId: paidOffice.paymentId, unpaidRequestId: unpaid.id, codeB, codeC, managerSession: session };
}
const rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-multihost-renderer-'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
const tls = await officeTls(db, new Date(Date.now() + shift), { dns: [], ips: [host] });
const server = await createWebServer({ hub, rendererDir, host, port: Number(port), tls: { key: tls.keyPem, cert: tls.certPem, authorityPem: tls.authority.pem } });
process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, ...seeded })}\n`);
// the manager's hand on the hub's PC, for the test: `revoke <deviceId>` on stdin
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const m = /^revoke (\d+)$/.exec(line.trim());
  if (!m) return;
  void (async () => {
    const { session } = await ok('auth.login', { username: manager.username, password: manager.password });
    await ok('device.revoke', { deviceId: Number(m[1]), reason: 'رایانهٔ باجه از دفتر بیرون برده شد' }, session);
    process.stdout.write(`${JSON.stringify({ revoked: Number(m[1]) })}\n`);
  })();
});
process.once('SIGTERM', () => {
  void server.close().then(() => running.close()).then(() => process.exit(0));
});
