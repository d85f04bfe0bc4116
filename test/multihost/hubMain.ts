/**
 * The hub of the multi-host tests, run inside its own network namespace:
 * `node --import tsx test/multihost/hubMain.ts <dataDir> <address> <port> <epoch> [workstations|office] [rendererDir]`.
 * Real HTTPS with the office certificate on <address>:<port>. On a new data folder it sets the office up:
 * - `workstations` (test/multihost/workstations.test.ts): the way the counter tests do (a clerk at counter 1
 *   with a paid request) and two pairing codes for counters;
 * - `office` (test/e2e/12-office-lan.spec.ts): two clerks, two tickets waiting, counter 2's receipt paper,
 *   and the pairing codes of workstations A (باجهٔ ۱) and B (باجهٔ ۲); the UI from `rendererDir`.
 * It prints one JSON line once it listens (with the SHA-256 of the certificate's public key, for a browser
 * to accept that key only). Started again on the same folder, it only serves. On stdin, the manager's hand
 * on the hub's PC: `revoke <deviceId>`; and `job <jobId>`: a workstation's scan job as the hub holds it.
 *
 * For the workstation bench (scripts/bench/workstation.ts), the same work done on the hub's PC itself, by a
 * counter in this process (as the Electron counter on the hub's PC reaches its hub): `localscan <requestId>
 * <folder>` scans from a watched folder on this PC and prints `{ local: 'scanned', index, at }` as the driver
 * hands each page over and `{ local: 'page', page, at }` once its thumbnail is in hand (then `{ local: 'done' }`);
 * `localprint <paymentId> <count> <port>` prints the receipt <count> times on a network printer at
 * 127.0.0.1:<port> and prints `{ local: 'printed', printMs }`.
 */
import { X509Certificate, createHash } from 'node:crypto';
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
import { agentJob } from '../../db/agent';
import { newConnection } from '../../hub/auth/connection';
import { defaultCapturePorts } from '../../hub/capture/defaultPorts';
import type { CapturePorts } from '../../hub/capture/ports';
import type { RawPage, ScannerDriver } from '../../native/capture/types';
import { thumbWatcher } from '../../scripts/bench/thumbWatcher';
import { silentLogger } from '../../hub/log';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../core/api/contract';
import { office, manager, addClerk } from '../support/hub';
import { applicant, clerkWithCalledTicket, details, paidRequest } from '../support/requests';

const [dataDir, host, port, epoch, seed = 'workstations', rendererFrom] = process.argv.slice(2) as [string, string, string, string, string?, string?];
// the office's clock: a Saturday morning in service hours (the counter tests' day), running at the real
// pace from the test's start — the same on every start of this hub, so a restart does not turn it back
const shift = Date.parse('2026-11-28T06:30:00.000Z') - Number(epoch);
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const db = openWithStoredKey(path.join(dataDir, DATABASE_FILE), { file: path.join(dataDir, KEY_FILE), format: hexKeyFormat });
const out = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
// the real capture parts; a local driver's pages are timed as it hands them over (the bench's «page scanned»)
const real = defaultCapturePorts();
async function* timed(pages: AsyncIterable<RawPage>): AsyncGenerator<RawPage> {
  for await (const page of pages) {
    out({ local: 'scanned', index: page.index, at: Date.now() });
    yield page;
  }
}
const ports: CapturePorts = {
  ...real,
  driver: (kind, where) => {
    const d = real.driver(kind, where);
    const wrapped: ScannerDriver = {
      kind: d.kind,
      listDevices: (signal) => d.listDevices(signal),
      capabilities: (deviceId, signal) => d.capabilities(deviceId, signal),
      scan: (deviceId, settings, signal) => timed(d.scan(deviceId, settings, signal)),
    };
    if (d.release) wrapped.release = () => d.release!();
    return wrapped;
  },
};
// a provisional page's heavy steps done (hub/capture/processing.ts): `{ local: 'processed', at }` (the bench's throughput of whole pages)
const log = { ...silentLogger, info: (message: string) => void (message === 'page processed' && out({ local: 'processed', at: Date.now() })) };
const hub = new Hub({ db, version: 'multihost', log, now: () => new Date(Date.now() + shift), capture: { dir: dataDir, ports } });
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
if (!getOffice(db) && seed === 'office') {
  await ok('setup.createOffice', { office, manager });
  const { session } = await ok('auth.login', { username: manager.username, password: manager.password });
  const t = { db, ok } as never;
  await addClerk(t, 'reza');
  await addClerk(t, 'sara');
  // open all day, the ticket printer none: the walk must pass at any hour of the office's clock
  const config = await ok('queue.config', {}, session);
  for (const s of config.services) await ok('queue.saveService', { ...s, opensAt: '00:00', closesAt: '24:00' }, session);
  await ok('queue.setPrinter', { printer: { kind: 'none' } }, session);
  // counter 2's receipt paper (B prints on its own printer through its agent; this address is never used)
  await ok('receiptPrinter.set', { counterId: 2, printer: { host: '127.0.0.1', port: 9, paper: '80mm' } }, session);
  const kiosk = (await ok('auth.deviceLogin', { role: 'kiosk' })).session;
  for (let i = 0; i < 2; i++) await ok('queue.issueTicket', { serviceId: config.services[0]!.id }, kiosk);
  const codeA = (await ok('device.issueCode', { kind: 'counter', name: 'باجهٔ ۱' }, session)).code;
  const codeB = (await ok('device.issueCode', { kind: 'counter', name: 'باجهٔ ۲' }, session)).code;
  seeded = { codeA, codeB };
} else if (!getOffice(db)) {
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
let rendererDir = rendererFrom;
if (!rendererDir) {
  rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-multihost-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
}
const tls = await officeTls(db, new Date(Date.now() + shift), { dns: [], ips: [host] });
const server = await createWebServer({ hub, rendererDir, host, port: Number(port), tls: { key: tls.keyPem, cert: tls.certPem, authorityPem: tls.authority.pem } });
const spki = createHash('sha256')
  .update(new X509Certificate(tls.certPem).publicKey.export({ type: 'spki', format: 'der' }))
  .digest('base64');
out({ ready: true, pid: process.pid, spki, ...seeded });
/** A counter on this PC: the clerk's calls on a connection of their own, as the Electron counter here makes them. */
async function localCounter(): Promise<{ call: (proc: string, input: unknown) => Promise<Record<string, unknown>>; transport: { kind: 'local'; connection: ReturnType<typeof newConnection> }; session: string }> {
  const transport = { kind: 'local' as const, connection: newConnection() };
  let session: string | undefined;
  const call = async (proc: string, input: unknown) => {
    const res = await hub.call({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) }, transport);
    if (!res.ok) throw new Error(`${proc} failed: ${res.error.code} ${res.error.message}`);
    return res.output as Record<string, unknown>;
  };
  session = ((await call('auth.login', { username: 'reza', password: 'pw-reza-12345' })) as { session: string }).session;
  return { call, transport, session };
}
const commands: Record<string, (args: string[]) => Promise<void>> = {
  async job([jobId]) {
    const { session } = await ok('auth.login', { username: manager.username, password: manager.password });
    const job = await ok('agent.job', { jobId: jobId! }, session);
    const { requestId } = JSON.parse(agentJob(db, jobId!)!.target) as { requestId: string };
    const view = await ok('capture.view', { requestId }, session);
    const pageIds = view.documents.flatMap((d) => d.pages.map((p) => p.id));
    out({ job, pageIds, captureJob: view.jobs.find((c) => c.id === jobId) ?? null });
  },
  async localscan([requestId, folder]) {
    const { session: mgr } = await ok('auth.login', { username: manager.username, password: manager.password });
    await ok('scanner.set', { counterId: 1, setting: { driver: 'folder', deviceId: folder!, label: 'پوشهٔ اسکن', source: 'adf', dpi: 300, colorMode: 'grey' } }, mgr);
    const clerk = await localCounter();
    const watch = await thumbWatcher(clerk.call, requestId!, (l) => out({ local: typeof l.done === 'string' ? 'done' : 'page', ...l }));
    hub.subscribe({ t: 'sub', id: id++, event: 'capture.changed', session: clerk.session }, clerk.transport, (_event, payload) => {
      if ((payload as { requestId?: string }).requestId === requestId) watch.changed();
    });
    const { jobId } = (await clerk.call('capture.start', { requestId, counterId: 1, documentType: 'petition' })) as { jobId: string };
    out({ local: 'job', jobId });
    watch.watch(jobId);
  },
  async localprint([paymentId, count, port]) {
    const { session: mgr } = await ok('auth.login', { username: manager.username, password: manager.password });
    await ok('receiptPrinter.set', { counterId: 1, printer: { host: '127.0.0.1', port: Number(port), paper: '80mm' } }, mgr);
    const clerk = await localCounter();
    const printMs: number[] = [];
    for (let i = 0; i < Number(count); i++) {
      const t0 = performance.now();
      await clerk.call('receipt.print', { paymentId });
      printMs.push(performance.now() - t0);
    }
    out({ local: 'printed', printMs });
  },
};
// the manager's hand on the hub's PC, for the tests: `revoke <deviceId>` on stdin; the commands above
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [name, ...args] = line.trim().split(/\s+/);
  if (name && commands[name]) {
    commands[name]!(args).catch((err: unknown) => out({ local: 'error', command: name, error: err instanceof Error ? err.message : String(err) }));
    return;
  }
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
