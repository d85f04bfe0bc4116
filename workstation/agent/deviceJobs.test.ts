import { createHash, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentJob } from '../../core/api/agent';
import { FakeEscPosPrinter } from '../../test/support/fakePrinter';
import { CupsServer, LoopbackPrinter, cupsMissing, freePort } from '../../test/support/cupsServer';
import { SadadSimulator } from '../../test/support/sadadSimulator';
import { printedPdf, textPdf, waitForPdf } from '../../test/support/pdfOut';
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

describe.skipIf(missing !== null)('PDF jobs on this PC’s document printer (a CUPS queue with a driver, writing to a file)', () => {
  let cups: CupsServer;
  let out = '';
  beforeAll(async () => {
    cups = await CupsServer.start();
    out = cups.addPdfQueue('documents');
  }, 30_000);
  afterAll(async () => {
    await cups?.stop();
  });
  const pdfJob = (device: string, data: Uint8Array, media: 'A4' | 'A5', over: Partial<Extract<AgentJob, { kind: 'print' }>> = {}) =>
    printJob(device, Buffer.from(data), { format: 'pdf', media, ...over });
  const lines: Array<{ message: string; detail: Record<string, unknown> }> = [];
  const log = (message: string, detail: Record<string, unknown>) => lines.push({ message, detail });

  it('the PDF reaches the queue’s printer as a PDF on the job’s paper, titled with the job’s id; the queue’s job id is logged', async () => {
    const devices = namedDevices({ documentPrinters: [`cups:documents@${cups.server}`] });
    const printer = devices.documentPrinters![0]!;
    expect(printer.device).toEqual({ type: 'documentPrinter', driver: 'cups', id: `cups:documents@${cups.server}`, label: `cups:${cups.server}/documents` });
    const doc = await textPdf('RECEIPT 1405-000042', 'A5');
    const job = pdfJob(printer.device.id, doc, 'A5');
    expect(await runPrint(job, devices, log)).toEqual({ error: null });
    await waitForPdf(out);
    const printed = printedPdf(out);
    expect(printed.header).toContain('@PJL SET PAPER=A5');
    expect(printed.qpdf.status).toBe(0);
    expect(printed.text).toContain('RECEIPT 1405-000042');
    expect(lines.at(-1)).toMatchObject({ message: 'document printed', detail: { jobId: job.jobId, media: 'A5', queueJob: expect.stringMatching(/^documents-\d+$/) } });
    // the queue's list of completed jobs names it by the hub's job id (IPP Get-Jobs, cups-ipp-utils' ipptool)
    const jobs = spawnSync('ipptool', ['-tv', `ipp://${cups.server}/printers/documents`, '/usr/share/cups/ipptool/get-completed-jobs.test'], { encoding: 'utf8' });
    expect(jobs.stdout).toContain(`Daftaryar ${job.jobId}`);
  }, 30_000);

  it('A4 for a report; a receipt printer’s id is not a document printer’s; a digest that does not match or bytes that are no PDF print nothing', async () => {
    const devices = namedDevices({ documentPrinters: [`cups:documents@${cups.server}`], printers: [`cups:receipts@${cups.server}`] });
    const id = devices.documentPrinters![0]!.device.id;
    writeFileSync(out, '');
    expect(await runPrint(pdfJob(id, await textPdf('Z REPORT', 'A4'), 'A4'), devices)).toEqual({ error: null });
    await waitForPdf(out);
    expect(printedPdf(out).header).toContain('@PJL SET PAPER=A4');
    expect(printedPdf(out).text).toContain('Z REPORT');
    writeFileSync(out, '');
    const doc = Buffer.from(await textPdf('x'));
    expect(await runPrint(pdfJob(id, doc, 'A5', { documentSha256: sha(Buffer.from('other')) }), devices)).toEqual({ error: 'BAD_DATA' });
    const notPdf = Buffer.from('hello, not a pdf');
    expect(await runPrint(pdfJob(id, notPdf, 'A5'), devices)).toEqual({ error: 'BAD_DATA' });
    expect(await runPrint(pdfJob('cups:elsewhere', doc, 'A5'), devices)).toEqual({ error: 'DEVICE_GONE' });
    // an ESC/POS job never goes to a document printer, nor a PDF to a receipt printer by its id alone
    expect(await runPrint(printJob(id, JOB), devices)).toEqual({ error: 'UNSUPPORTED' });
    expect(readFileSync(out).length).toBe(0);
  }, 30_000);

  it('the queue missing → PRINTER_UNREACHABLE; the printer stopped → PRINTER_OFFLINE; the queue refusing jobs → PRINTER_OFFLINE; nothing printed', async () => {
    const doc = await textPdf('NOT PRINTED');
    const gone = namedDevices({ documentPrinters: [`cups:no-such-queue@${cups.server}`] });
    expect(await runPrint(pdfJob(gone.documentPrinters![0]!.device.id, doc, 'A5'), gone)).toEqual({ error: 'PRINTER_UNREACHABLE' });
    const devices = namedDevices({ documentPrinters: [`cups:documents@${cups.server}`] });
    const id = devices.documentPrinters![0]!.device.id;
    writeFileSync(out, '');
    expect(spawnSync('cupsdisable', ['-h', cups.server, '-r', 'paper jam', 'documents']).status).toBe(0);
    try {
      expect(await runPrint(pdfJob(id, doc, 'A5'), devices)).toEqual({ error: 'PRINTER_OFFLINE' });
    } finally {
      spawnSync('cancel', ['-h', cups.server, '-a', 'documents']);
      spawnSync('cupsenable', ['-h', cups.server, 'documents']);
    }
    expect(spawnSync('cupsreject', ['-h', cups.server, 'documents']).status).toBe(0);
    try {
      expect(await runPrint(pdfJob(id, doc, 'A5'), devices)).toEqual({ error: 'PRINTER_OFFLINE' });
    } finally {
      spawnSync('cupsaccept', ['-h', cups.server, 'documents']);
    }
    expect(readFileSync(out).length).toBe(0);
  }, 30_000);
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
