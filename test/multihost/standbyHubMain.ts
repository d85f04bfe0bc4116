/**
 * The office hub of the standby test (test/multihost/standby.test.ts), in its own network namespace:
 * `node --import tsx test/multihost/standbyHubMain.ts <dataDir> <address> <port> <epoch>`.
 * It starts the way a production hub does (`startHub`, which refuses a superseded folder, then
 * `refuseIfSuperseded`, which asks the standby's address first): refused, it prints
 * `{ refused: true, error }` and exits 4. On a new folder it sets the office up (a clerk serving at
 * counter 1) and issues pairing codes for counters B and C. HTTPS with the office certificate on
 * <address>:<port>, every PC paired. On stdin: `standby <deviceId>` (the manager names the standby),
 * `load <ms>` (a counter takes one payment with its receipt every <ms>, printing
 * `{ receipt, number, at }` once each is answered — `at` on the office's clock), `status`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { getOffice } from '../../db/office';
import { newConnection } from '../../hub/auth/connection';
import { officeTls } from '../../hub/lan/officeCertificate';
import { silentLogger } from '../../hub/log';
import { HubSupersededError, startHub } from '../../hub/start';
import { refuseIfSuperseded } from '../../hub/standby/promote';
import { createWebServer } from '../../hub/web/server';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../core/api/contract';
import { manager, office, addClerk } from '../support/hub';
import { applicant, details, OFFICE, terminalReceipt } from '../support/requests';

const [dataDir, host, port, epoch] = process.argv.slice(2) as [string, string, string, string];
const shift = Date.parse('2026-11-28T06:30:00.000Z') - Number(epoch);
const now = () => new Date(Date.now() + shift);
const out = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

let running;
try {
  running = startHub({ dataDir, version: 'multihost', log: silentLogger, now });
  const fenced = await refuseIfSuperseded(running.db);
  if (fenced) {
    await running.close();
    throw fenced;
  }
} catch (err) {
  if (err instanceof HubSupersededError) {
    out({ refused: true, error: err.message, epoch: err.epoch, by: err.by });
    process.exit(4);
  }
  throw err;
}
const { hub, db } = running;
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
  const config = await ok('queue.config', {}, session);
  for (const s of config.services) await ok('queue.saveService', { ...s, opensAt: '00:00', closesAt: '24:00' }, session);
  await ok('queue.setPrinter', { printer: { kind: 'none' } }, session);
  const codeB = (await ok('device.issueCode', { kind: 'counter', name: 'باجهٔ ۲' }, session)).code;
  const codeC = (await ok('device.issueCode', { kind: 'counter', name: 'باجهٔ ۳' }, session)).code;
  seeded = { codeB, codeC };
}
const rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-standby-renderer-'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
const tls = await officeTls(db, now(), { dns: [], ips: [host] });
const server = await createWebServer({ hub, rendererDir, host, port: Number(port), tls: { key: tls.keyPem, cert: tls.certPem, authorityPem: tls.authority.pem }, requirePairing: true });
out({ ready: true, pid: process.pid, ...seeded });

const managerSession = async () => (await ok('auth.login', { username: manager.username, password: manager.password })).session;

/** A counter's day: one request after another, each paid (office tariff) with its receipt. */
async function load(everyMs: number): Promise<void> {
  const kiosk = (await ok('auth.deviceLogin', { role: 'kiosk' })).session;
  const clerk = await addClerk({ db, ok });
  await ok('queue.openCounter', { counterId: 1 }, clerk);
  await ok('queue.issueTicket', { serviceId: 1 }, kiosk);
  await ok('queue.callNext', { counterId: 1 }, clerk);
  const { applicantId } = await ok('applicant.save', applicant, clerk);
  for (let i = 0; ; i++) {
    const r = await ok('request.open', { counterId: 1, service: 'petition' }, clerk);
    await ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, clerk);
    await ok('request.setDetails', { requestId: r.id, details }, clerk);
    await ok('request.fixFees', { requestId: r.id }, clerk);
    const paid = await ok('payment.manual', { requestId: r.id, part: 'officeTariff', approval: terminalReceipt(OFFICE, String(500_000_000_000 + i)) }, clerk);
    // answered: the payment and its receipt are committed
    out({ receipt: paid.paymentId, number: paid.receipt.number, at: now().toISOString() });
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [name, arg] = line.trim().split(/\s+/);
  void (async () => {
    if (name === 'standby') out({ standby: await ok('standby.name', { deviceId: Number(arg) }, await managerSession()) });
    else if (name === 'status') out({ status: await ok('standby.status', {}, await managerSession()) });
    else if (name === 'load') await load(Number(arg));
  })().catch((err: unknown) => out({ error: err instanceof Error ? err.message : String(err), command: name }));
});
process.once('SIGTERM', () => {
  void server.close().then(() => running.close()).then(() => process.exit(0));
});
