import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentJob } from '../../core/api/agent';
import { FakeEscPosPrinter } from '../../test/support/fakePrinter';
import { CupsServer, LoopbackPrinter, cupsMissing, freePort } from '../../test/support/cupsServer';
import { SadadSimulator } from '../../test/support/sadadSimulator';
import { sadadTerminal } from '../../native/payment';
import { PayLedger, runPay, runPrint } from './deviceJobs';
import { namedDevices } from './devices';

// The agent's side of print and pay jobs, on real devices on loopback: an ESC/POS printer on TCP
// (test/support/fakePrinter.ts), a CUPS raw queue in front of a socket printer (test/support/cupsServer.ts,
// skipped where cupsd is missing) and the Sadad PC-POS simulator.

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** a small ESC/POS job: init, a line of text, feed and cut */
const JOB = Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from('RECEIPT 42\n', 'ascii'), Buffer.from([0x1b, 0x64, 0x03, 0x1d, 0x56, 0x00])]);
const printJob = (device: string, data: Buffer, over: Partial<Extract<AgentJob, { kind: 'print' }>> = {}): Extract<AgentJob, { kind: 'print' }> => ({
  kind: 'print',
  jobId: randomUUID(),
  device,
  copies: 1,
  format: 'escpos',
  dataBase64: data.toString('base64'),
  documentSha256: sha(data),
  ...over,
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-jobs-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

describe('print jobs on this PC’s ESC/POS printer', () => {
  it('prints the bytes as sent, as many copies as asked, on the printer the job names', async () => {
    const fake = await new FakeEscPosPrinter().start();
    cleanup.push(() => fake.stop());
    const devices = namedDevices({ printers: [`tcp:127.0.0.1:${fake.port}`] });
    expect(devices.printers.map((p) => p.device)).toEqual([{ type: 'printer', driver: 'escpos', id: `escpos:127.0.0.1:${fake.port}`, label: `127.0.0.1:${fake.port}` }]);
    const id = devices.printers[0]!.device.id;
    expect(await runPrint(printJob(id, JOB, { copies: 2 }), devices)).toEqual({ error: null });
    expect(fake.jobs()).toHaveLength(2);
    for (const j of fake.jobs()) expect(Buffer.from(j).includes(Buffer.from('RECEIPT 42'))).toBe(true);
  });

  it('bytes that do not match their digest, a printer it does not have, a printer that is off → a code, nothing printed', async () => {
    const fake = await new FakeEscPosPrinter().start();
    cleanup.push(() => fake.stop());
    const devices = namedDevices({ printers: [`tcp:127.0.0.1:${fake.port}`, `tcp:127.0.0.1:${await freePort()}`] });
    const [on, off] = devices.printers.map((p) => p.device.id) as [string, string];
    expect(await runPrint(printJob(on, JOB, { documentSha256: sha(Buffer.from('other')) }), devices)).toEqual({ error: 'BAD_DATA' });
    expect(await runPrint(printJob('escpos:10.0.0.9:9100', JOB), devices)).toEqual({ error: 'DEVICE_GONE' });
    expect(await runPrint(printJob(on, JOB, { format: 'pdf' }), devices)).toEqual({ error: 'UNSUPPORTED' });
    expect(await runPrint(printJob(off, JOB), devices)).toEqual({ error: 'PRINTER_UNREACHABLE' });
    expect(fake.jobs()).toHaveLength(0);
  });
});

const missing = cupsMissing();
describe.skipIf(missing !== null)('print jobs on this PC’s CUPS raw queue', () => {
  let cups: CupsServer;
  let socketPrinter: LoopbackPrinter;
  beforeAll(async () => {
    socketPrinter = await new LoopbackPrinter().start();
    cups = await CupsServer.start({ receipt: socketPrinter.port });
  }, 30_000);
  afterAll(async () => {
    await cups?.stop();
    await socketPrinter?.stop();
  });

  it('the job reaches the printer behind the queue byte for byte', async () => {
    const devices = namedDevices({ printers: [`cups:receipt@${cups.server}`] });
    expect(await runPrint(printJob(devices.printers[0]!.device.id, JOB), devices)).toEqual({ error: null });
    await socketPrinter.waitForJobs(1);
    expect(socketPrinter.jobs[0]).toEqual(JOB);
  }, 20_000);
});

describe('pay jobs on this PC’s card terminal', () => {
  const payJob = (reference: string, over: Partial<Extract<AgentJob, { kind: 'pay' }>> = {}): Extract<AgentJob, { kind: 'pay' }> => ({
    kind: 'pay',
    jobId: randomUUID(),
    device: '',
    amountRials: 1_250_000,
    reference,
    inDoubt: false,
    ...over,
  });

  it('a sale: its start is recorded before the terminal is called, its approval after; the same order again is answered from the record', async () => {
    const sim = await new SadadSimulator().start();
    cleanup.push(() => sim.stop());
    const dir = tempDir();
    const devices = namedDevices({ sadad: [`${sim.baseUrl}@${sim.terminalId}`] });
    const device = devices.terminals[0]!.device.id;
    const ledger = new PayLedger(dir);
    const order = randomUUID();
    const end = await runPay(payJob(order, { device }), devices, ledger);
    expect(end).toMatchObject({ error: null, payment: { ok: true, approval: { amountRials: 1_250_000, rrn: sim.charges[0]!.rrn, terminalId: sim.terminalId } } });
    expect(new PayLedger(dir).get(order)).toMatchObject({ orderId: order, amountRials: 1_250_000, payment: end.payment });
    expect(readdirSync(path.join(dir, 'pay')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // a second job for this order (the report was lost): no request reaches the terminal
    const seen = sim.requests.length;
    expect(await runPay(payJob(order, { device }), devices, new PayLedger(dir))).toEqual(end);
    expect(sim.requests.length).toBe(seen);
    expect(sim.charges).toHaveLength(1);
  });

  it('a start recorded with no outcome (killed mid-sale): the next job asks the terminal by the same order id and never charges again', async () => {
    const sim = await new SadadSimulator().start();
    cleanup.push(() => sim.stop());
    const dir = tempDir();
    const devices = namedDevices({ sadad: [`${sim.baseUrl}@${sim.terminalId}`] });
    const device = devices.terminals[0]!.device.id;
    const order = randomUUID();
    // the earlier run: the record, then the sale the terminal completed, then nothing (killed)
    new PayLedger(dir).put({ orderId: order, amountRials: 1_250_000, startedAt: new Date().toISOString(), payment: null });
    await sadadTerminal({ baseUrl: sim.baseUrl }).sale({ amountRials: 1_250_000, orderId: order });
    // the hub's job does not even say it is in doubt: the record does
    const end = await runPay(payJob(order, { device, inDoubt: false }), devices, new PayLedger(dir));
    expect(end).toMatchObject({ error: null, payment: { ok: true, approval: { rrn: sim.charges[0]!.rrn } } });
    expect(sim.sales).toHaveLength(1);
    expect(sim.charges).toHaveLength(1);
    expect(sim.searches.length).toBeGreaterThanOrEqual(1);
    // and the same order for another amount is refused without touching the terminal
    const seen = sim.requests.length;
    const other = randomUUID();
    new PayLedger(dir).put({ orderId: other, amountRials: 5, startedAt: new Date().toISOString(), payment: null });
    expect(await runPay(payJob(other, { device }), devices, new PayLedger(dir))).toEqual({ error: null, payment: { ok: false, code: 'PAYMENT_AMOUNT_MISMATCH', outcome: 'unknown' } });
    expect(sim.requests.length).toBe(seen);
  });

  it('a sale the terminal never answers is reported in doubt and not kept as an outcome: the next job inquires', async () => {
    const sim = await new SadadSimulator().start();
    cleanup.push(() => sim.stop());
    const dir = tempDir();
    sim.next({ kind: 'hang' });
    const devices = namedDevices({ sadad: [`${sim.baseUrl}@${sim.terminalId}`] });
    // the adapter's own wait, shortened for the test
    const quick = { printers: [], terminals: [{ device: devices.terminals[0]!.device, open: (o: { inDoubtOrderIds: string[] }) => sadadTerminal({ baseUrl: sim.baseUrl, timeoutMs: 300, inquiryTimeoutMs: 1000, terminalId: sim.terminalId, inDoubtOrderIds: o.inDoubtOrderIds }) }] };
    const device = quick.terminals[0]!.device.id;
    const order = randomUUID();
    const first = await runPay(payJob(order, { device }), quick, new PayLedger(dir));
    expect(first).toMatchObject({ error: null, payment: { ok: false, code: 'PAYMENT_IN_DOUBT', outcome: 'unknown' } });
    expect(new PayLedger(dir).get(order)?.payment).toBeNull();
    const second = await runPay(payJob(order, { device, inDoubt: true }), quick, new PayLedger(dir));
    // the hung sale never charged: the inquiry finds nothing and this job's sale is the only charge
    expect(second).toMatchObject({ error: null, payment: { ok: true } });
    expect(sim.charges).toHaveLength(1);
    expect(sim.searches.length).toBeGreaterThanOrEqual(1);
  });

  it('a terminal this PC does not have: not charged', async () => {
    const dir = tempDir();
    expect(await runPay(payJob(randomUUID(), { device: 'sadad:http://127.0.0.1:1' }), namedDevices({}), new PayLedger(dir))).toEqual({ error: null, payment: { ok: false, code: 'PAYMENT_TERMINAL_UNREACHABLE', outcome: 'notCharged' } });
  });

  it('a second job for an order whose sale is still at the terminal waits for it and reports its outcome: one sale', async () => {
    const sim = await new SadadSimulator().start();
    cleanup.push(() => sim.stop());
    sim.next({ kind: 'approveAfterDelay', delayMs: 600 });
    const dir = tempDir();
    const devices = namedDevices({ sadad: [`${sim.baseUrl}@${sim.terminalId}`] });
    const device = devices.terminals[0]!.device.id;
    const ledger = new PayLedger(dir);
    const order = randomUUID();
    const first = runPay(payJob(order, { device }), devices, ledger);
    await new Promise((r) => setTimeout(r, 100));
    // the hub gave up on the first job and the clerk's retry arrives (same order, in doubt)
    const second = runPay(payJob(order, { device, inDoubt: true }), devices, ledger);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toMatchObject({ error: null, payment: { ok: true } });
    expect(b).toEqual(a);
    expect(sim.sales).toHaveLength(1);
    expect(sim.charges).toHaveLength(1);
  });
});
