import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manager, setUpHub } from '../../test/support/hub';
import { lanClient, pairedClient } from '../../test/support/lanClient';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { CupsServer, cupsMissing } from '../../test/support/cupsServer';
import { printedPdf, waitForPdf } from '../../test/support/pdfOut';
import { CONTRACT_VERSION as contractVersion } from '../../core/api/version';
import type { AgentDevice, AgentJob } from '../../core/api/agent';
import { runPrint } from '../../workstation/agent/deviceJobs';
import { namedDevices } from '../../workstation/agent/devices';

// A5 receipts and A4 reports printed on the document printer of the workstation the screen runs on,
// instead of a download (docs/WORKSTATIONS.md § Documents on the workstation's print queue). The hub
// side runs whole (dispatch, the job rows, the waits, the print record); the agent side is the test
// running the agent's own job runner (workstation/agent/deviceJobs.ts) on a real CUPS queue: a private
// cupsd with cups-filters' generic PDF driver writing to a file (test/support/cupsServer.ts), whose
// bytes are read back as a PDF (qpdf --check, pdftotext).

const missing = cupsMissing();
if (missing) console.warn(`document printing through a workstation skipped: ${missing}`);

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
const tick = () => new Promise((r) => setImmediate(r));
const codeOf = (res: { ok: boolean; error?: { code: string; ref?: string } }) => (res.ok ? 'ok' : res.error!.code);

describe.skipIf(missing !== null)('documents on the workstation’s print queue', () => {
  let cups: CupsServer;
  let out = '';
  beforeAll(async () => {
    cups = await CupsServer.start();
    out = cups.addPdfQueue('documents');
  }, 30_000);
  afterAll(async () => {
    await cups?.stop();
  });

  /** Counter 1 open on workstation D, whose agent reports a receipt printer and a document printer (the CUPS queue); E reports the same ids. */
  async function office(options: { withDocumentPrinter?: boolean; documentMs?: number } = {}) {
    const t = await setUpHub({ deviceJobTimeouts: { printMs: 10_000, documentMs: options.documentMs ?? 30_000, payMs: 10_000 } });
    cleanup.push(() => t.close());
    const { clerk } = await clerkWithCalledTicket(t);
    const devices = namedDevices({ documentPrinters: [`cups:documents@${cups.server}`] });
    const reported: AgentDevice[] = [{ type: 'printer', driver: 'escpos', id: 'escpos:127.0.0.1:9', label: 'چاپگر رسید' }, ...(options.withDocumentPrinter === false ? [] : devices.documentPrinters!.map((p) => p.device))];
    const d = await pairedClient(t, 'counter', 'باجهٔ ۳', '10.77.0.11');
    const e = await pairedClient(t, 'counter', 'باجهٔ ۴', '10.77.0.12');
    const jobs = { d: [] as AgentJob[], e: [] as AgentJob[] };
    const connect = async (who: 'd' | 'e') => {
      const client = who === 'd' ? d.lan : e.lan;
      await client.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: reported });
      const sub = t.hub.subscribe({ t: 'sub', id: 90, event: 'agent.job' }, client.transport, (_e, p) => {
        const job = (p as { job?: AgentJob }).job;
        if (job) jobs[who].push(job);
      });
      expect(sub.answer.ok).toBe(true);
      return sub.unsubscribe;
    };
    const unsubscribeD = await connect('d');
    await connect('e');
    const desk = lanClient(t, '10.77.0.11');
    await desk.ok('auth.device', { deviceId: d.device.deviceId, credential: d.device.credential });
    const { session } = await desk.ok('auth.login', { username: 'reza', password: 'pw-reza-12345' });
    /** D's agent: its next job run on D's real document printer, reported */
    const agentD = async () => {
      while (jobs.d.length === 0) await tick();
      const job = jobs.d.shift()!;
      const end = job.kind === 'print' ? await runPrint(job, devices) : { error: 'UNSUPPORTED' };
      await d.lan.ok('agent.jobDone', { jobId: job.jobId, pages: 0, ...end });
      return { job, end };
    };
    return { t, clerk, d, e, jobs, desk, session, agentD, unsubscribeD, devices };
  }

  it('«چاپ» of a payment receipt from D: the A5 PDF through D’s agent onto D’s queue — a whole PDF on A5 with the receipt’s text; recorded as issued, the answer naming the printer; the next one «المثنی»; E hears nothing', async () => {
    writeFileSync(out, '');
    const o = await office();
    const { office: paid } = await paidRequest(o.t, o.clerk);
    const call = o.desk.call('receipt.pdf', { paymentId: paid.paymentId, print: true }, o.session);
    const ran = await o.agentD();
    const res = await call;
    expect(codeOf(res)).toBe('ok');
    expect(res.ok && res.output).toMatchObject({ pdfBase64: '', duplicate: false, printer: `cups:${cups.server}/documents` });
    expect(ran.job).toMatchObject({ kind: 'print', format: 'pdf', media: 'A5', copies: 1, device: o.devices.documentPrinters![0]!.device.id });
    expect(o.jobs.e).toEqual([]);
    await waitForPdf(out);
    const printed = printedPdf(out);
    expect(printed.header).toContain('@PJL SET PAPER=A5');
    expect(printed.qpdf.status).toBe(0);
    // the receipt's own number, in Persian digits as on the PDF the download would have given
    expect(printed.text.replace(/\s+/g, ' ')).toMatch(/[۰-۹]{4}/);
    expect(o.t.db.prepare('SELECT kind, duplicate FROM receipt_print').all()).toEqual([{ kind: 'pdf', duplicate: 0 }]);
    // the job's row says where it went
    expect(o.t.db.prepare("SELECT kind, state FROM agent_job WHERE kind = 'print'").all()).toEqual([{ kind: 'print', state: 'done' }]);
    // the next is «المثنی», as a download's would be
    const again = o.desk.call('receipt.pdf', { paymentId: paid.paymentId, print: true }, o.session);
    await o.agentD();
    expect((await again).ok && ((await again) as { output: { duplicate: boolean } }).output.duplicate).toBe(true);
  }, 60_000);

  it('the Z report from the manager’s console on D: A4 on D’s queue, its text readable', async () => {
    writeFileSync(out, '');
    const o = await office();
    await paidRequest(o.t, o.clerk);
    const { session } = await o.desk.ok('auth.login', { username: manager.username, password: manager.password });
    const call = o.desk.call('report.pdf', { report: { kind: 'cash', day: '1405-09-07' }, print: true }, session);
    const ran = await o.agentD();
    const res = await call;
    expect(codeOf(res)).toBe('ok');
    expect(res.ok && res.output).toMatchObject({ pdfBase64: '', fileName: 'daftaryar-cash-1405-09-07.pdf', printer: `cups:${cups.server}/documents` });
    expect(ran.job).toMatchObject({ format: 'pdf', media: 'A4' });
    await waitForPdf(out);
    const printed = printedPdf(out);
    expect(printed.header).toContain('@PJL SET PAPER=A4');
    expect(printed.qpdf.status).toBe(0);
    expect(printed.text.length).toBeGreaterThan(20);
  }, 60_000);

  it('the printer stopped → PRINTER_OFFLINE, nothing recorded as issued; the queue missing → PRINTER_UNREACHABLE', async () => {
    const o = await office();
    const { office: paid } = await paidRequest(o.t, o.clerk);
    const { spawnSync } = await import('node:child_process');
    expect(spawnSync('cupsdisable', ['-h', cups.server, 'documents']).status).toBe(0);
    try {
      const call = o.desk.call('receipt.pdf', { paymentId: paid.paymentId, print: true }, o.session);
      await o.agentD();
      expect(codeOf(await call)).toBe('PRINTER_OFFLINE');
    } finally {
      spawnSync('cancel', ['-h', cups.server, '-a', 'documents']);
      spawnSync('cupsenable', ['-h', cups.server, 'documents']);
    }
    expect(o.t.db.prepare('SELECT count(*) FROM receipt_print').pluck().get()).toBe(0);
    // the agent's report of a queue that does not exist
    const call = o.desk.call('receipt.pdf', { paymentId: paid.paymentId, print: true }, o.session);
    while (o.jobs.d.length === 0) await tick();
    const job = o.jobs.d.shift()!;
    await o.d.lan.ok('agent.jobDone', { jobId: job.jobId, pages: 0, error: 'PRINTER_UNREACHABLE' });
    expect(codeOf(await call)).toBe('PRINTER_UNREACHABLE');
    expect(o.t.db.prepare('SELECT count(*) FROM receipt_print').pluck().get()).toBe(0);
  }, 60_000);

  it('D’s agent away → WORKSTATION_PRINTER_OFFLINE naming D; no report in time → PRINTER_TIMEOUT; no document printer reported → DOCUMENT_PRINTER_NOT_CONFIGURED, and the download still works', async () => {
    const o = await office({ documentMs: 300 });
    const { office: paid } = await paidRequest(o.t, o.clerk);
    expect(codeOf(await o.desk.call('receipt.pdf', { paymentId: paid.paymentId, print: true }, o.session))).toBe('PRINTER_TIMEOUT');
    o.unsubscribeD();
    expect(await o.desk.call('receipt.pdf', { paymentId: paid.paymentId, print: true }, o.session)).toMatchObject({ ok: false, error: { code: 'WORKSTATION_PRINTER_OFFLINE', ref: 'باجهٔ 3' } });
    expect(o.t.db.prepare('SELECT count(*) FROM receipt_print').pluck().get()).toBe(0);

    const plain = await office({ withDocumentPrinter: false });
    const { office: paid2 } = await paidRequest(plain.t, plain.clerk);
    expect(codeOf(await plain.desk.call('receipt.pdf', { paymentId: paid2.paymentId, print: true }, plain.session))).toBe('DOCUMENT_PRINTER_NOT_CONFIGURED');
    const download = await plain.desk.call('receipt.pdf', { paymentId: paid2.paymentId }, plain.session);
    expect(download.ok && Buffer.from((download as { output: { pdfBase64: string } }).output.pdfBase64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(plain.jobs.d).toEqual([]);
  }, 60_000);
});
