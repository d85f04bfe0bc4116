import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manager, setUpHub } from '../../test/support/hub';
import { lanClient, pairedClient } from '../../test/support/lanClient';
import { applicant, clerkWithCalledTicket, details, paidRequest } from '../../test/support/requests';
import { FakeEscPosPrinter } from '../../test/support/fakePrinter';
import { SadadSimulator } from '../../test/support/sadadSimulator';
import { CONTRACT_VERSION as contractVersion } from '../../core/api/version';
import type { AgentDevice, AgentJob } from '../../core/api/agent';
import { attemptsOfRequest } from '../../db/paymentTerminals';
import { escPosOutput, type Raster } from '../../native/printing';
import { sadadTerminal } from '../../native/payment';
import { renderReceipt } from '../../native/receipt';
import { PayLedger, runPay, runPrint, type WorkstationDevices } from '../../workstation/agent/deviceJobs';
import { receiptData } from '../../hub/receipt/receipts';

// Print and pay jobs routed to the agent of the workstation the counter's connection came from. The
// hub side runs whole (dispatch, the job rows, the waits); the agent side is played by the test with
// the agent's own job runners (workstation/agent/deviceJobs.ts) on a real ESC/POS printer on loopback
// (test/support/fakePrinter.ts) and the Sadad PC-POS simulator.

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const printer: AgentDevice = { type: 'printer', driver: 'escpos', id: 'escpos:127.0.0.1', label: 'چاپگر باجه' };
const terminal: AgentDevice = { type: 'terminal', driver: 'sadad', id: 'sadad:pcpos', label: 'کارتخوان باجه' };
const codeOf = (res: { ok: boolean; error?: { code: string; ref?: string } }) => (res.ok ? 'ok' : res.error!.code);
const tick = () => new Promise((r) => setImmediate(r));
const same = (a: Raster, b: Raster) => a.width === b.width && a.height === b.height && Buffer.from(a.data).equals(Buffer.from(b.data));

/**
 * Counter 1 open on workstation D (a paired counter): D's agent on a connection of its own reporting
 * a printer and a card terminal; the clerk on another connection of D; a second workstation E whose
 * agent reports the very same device ids.
 */
async function office(options: { printMs?: number; payMs?: number } = {}) {
  const fake = await new FakeEscPosPrinter().start();
  cleanup.push(() => fake.stop());
  const sim = await new SadadSimulator().start();
  cleanup.push(() => sim.stop());
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-devjobs-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const t = await setUpHub({ deviceJobTimeouts: { printMs: options.printMs ?? 10_000, payMs: options.payMs ?? 10_000 } });
  cleanup.push(() => t.close());
  const { clerk } = await clerkWithCalledTicket(t);
  // the counter's receipt printer setting gives the paper; the host is never contacted here
  await t.ok('receiptPrinter.set', { counterId: 1, printer: { host: '127.0.0.1', port: 9, paper: '80mm' } }, t.managerSession);

  const d = await pairedClient(t, 'counter', 'باجهٔ ۳', '10.77.0.11');
  const e = await pairedClient(t, 'counter', 'باجهٔ ۴', '10.77.0.12');
  const jobs = { d: [] as AgentJob[], e: [] as AgentJob[] };
  const connect = async (who: 'd' | 'e') => {
    const client = who === 'd' ? d.lan : e.lan;
    await client.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [printer, terminal] });
    const sub = t.hub.subscribe({ t: 'sub', id: 90, event: 'agent.job' }, client.transport, (_e, p) => {
      const job = (p as { job?: AgentJob }).job;
      if (job) jobs[who].push(job);
    });
    expect(sub.answer.ok).toBe(true);
    return sub.unsubscribe;
  };
  const unsubscribeD = await connect('d');
  await connect('e');
  // the clerk's own connection from D
  const desk = lanClient(t, '10.77.0.11');
  await desk.ok('auth.device', { deviceId: d.device.deviceId, credential: d.device.credential });
  const { session } = await desk.ok('auth.login', { username: 'reza', password: 'pw-reza-12345' });

  // D's real devices, as the agent there holds them (the terminal's id configured, as `--sadad <url>@<id>` does)
  const devices: WorkstationDevices = {
    printers: [{ device: printer as Extract<AgentDevice, { type: 'printer' }>, print: (job) => escPosOutput({ kind: 'network', host: '127.0.0.1', port: fake.port }, { timeoutMs: 2000 }).print(job) }],
    terminals: [{ device: terminal as Extract<AgentDevice, { type: 'terminal' }>, open: (o) => sadadTerminal({ baseUrl: sim.baseUrl, timeoutMs: 3000, inquiryTimeoutMs: 3000, connectTimeoutMs: 1000, inDoubtOrderIds: o.inDoubtOrderIds, terminalId: o.terminalId ?? sim.terminalId }) }],
  };
  const ledger = new PayLedger(dir);
  /** D's agent: waits for its next job, runs it on D's devices, reports */
  const agentD = async (report = true) => {
    while (jobs.d.length === 0) await tick();
    const job = jobs.d.shift()!;
    const end = job.kind === 'print' ? await runPrint(job, devices) : job.kind === 'pay' ? await runPay(job, devices, ledger) : { error: 'UNSUPPORTED' };
    if (report) await d.lan.ok('agent.jobDone', { jobId: job.jobId, pages: 0, ...end });
    return { job, end };
  };
  return { t, fake, sim, clerk, d, e, jobs, desk, session, agentD, unsubscribeD, connect, ledger, devices, dir };
}

/** A request at fees fixed at counter 1 (unpaid), opened by the clerk on D. */
async function unpaid(o: Awaited<ReturnType<typeof office>>) {
  const r = await o.desk.ok('request.open', { counterId: 1, service: 'petition' }, o.session);
  const { applicantId } = await o.desk.ok('applicant.save', applicant, o.session);
  await o.desk.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, o.session);
  await o.desk.ok('request.setDetails', { requestId: r.id, details }, o.session);
  await o.desk.ok('request.fixFees', { requestId: r.id }, o.session);
  return r.id;
}

describe('print jobs on the workstation’s own printer', () => {
  it('receipt.print from D goes to D’s agent only; D’s printer prints the very receipt; the clerk hears «printed»', async () => {
    const o = await office();
    const { office: paid } = await paidRequest(o.t, o.clerk);
    const call = o.desk.call('receipt.print', { paymentId: paid.paymentId }, o.session);
    const ran = await o.agentD();
    const res = await call;
    expect(codeOf(res)).toBe('ok');
    expect(ran.job).toMatchObject({ kind: 'print', device: printer.id, format: 'escpos', copies: 1 });
    // E reported the same printer id and got nothing
    expect(o.jobs.e).toEqual([]);
    const printed = o.fake.printed() as Raster[];
    expect(printed).toHaveLength(1);
    expect(same(printed[0]!, await renderReceipt({ for: 'payment', body: receiptData(o.t.db, paid.paymentId, false) }, '80mm'))).toBe(true);
    // the print record names the workstation's printer
    expect(o.t.db.prepare('SELECT printer FROM receipt_print').pluck().all()).toEqual([`باجهٔ 3/${printer.id}`]);
    // the job's row keeps what was printed (digest and size), not the raster itself
    const row = JSON.parse(o.t.db.prepare("SELECT job FROM agent_job WHERE kind = 'print'").pluck().get() as string) as Record<string, unknown>;
    expect(row).not.toHaveProperty('dataBase64');
    expect(row).toMatchObject({ kind: 'print', documentSha256: (ran.job as { documentSha256: string }).documentSha256, bytes: Buffer.byteLength((ran.job as { dataBase64: string }).dataBase64, 'base64') });
  });

  it('a print job delivered again at the agent’s reconnection, while the clerk still waits, carries its document', async () => {
    const o = await office();
    const { office: paid } = await paidRequest(o.t, o.clerk);
    const call = o.desk.call('receipt.print', { paymentId: paid.paymentId }, o.session);
    while (o.jobs.d.length === 0) await tick();
    const first = o.jobs.d.shift()!;
    // D's agent says hello again (a reconnection): the open print job comes back whole
    const hello = (await o.d.lan.ok('agent.hello', { agentVersion: 'test', contractVersion, devices: [printer, terminal] })) as { jobs: AgentJob[] };
    expect(hello.jobs).toEqual([first]);
    const end = await runPrint(first as Extract<AgentJob, { kind: 'print' }>, o.devices);
    await o.d.lan.ok('agent.jobDone', { jobId: first.jobId, pages: 0, ...end });
    expect(codeOf(await call)).toBe('ok');
    // answered: not delivered again
    expect(((await o.d.lan.ok('agent.hello', { agentVersion: 'test', contractVersion, devices: [printer, terminal] })) as { jobs: AgentJob[] }).jobs).toEqual([]);
  });

  it('the printer’s code comes back to the clerk; a second report of the same job changes nothing; E cannot report D’s job', async () => {
    const o = await office();
    const { office: paid } = await paidRequest(o.t, o.clerk);
    const call = o.desk.call('receipt.print', { paymentId: paid.paymentId }, o.session);
    while (o.jobs.d.length === 0) await tick();
    const job = o.jobs.d.shift()!;
    expect(codeOf(await o.e.lan.call('agent.jobDone', { jobId: job.jobId, pages: 0, error: null }))).toBe('AGENT_JOB_UNKNOWN');
    expect(await o.d.lan.ok('agent.jobDone', { jobId: job.jobId, pages: 0, error: 'PRINTER_PAPER_OUT' })).toEqual({ received: 0, state: 'failed' });
    expect(codeOf(await call)).toBe('PRINTER_PAPER_OUT');
    // the duplicate (a resend after a lost answer) is answered with the job's state and does nothing
    expect(await o.d.lan.ok('agent.jobDone', { jobId: job.jobId, pages: 0, error: null })).toEqual({ received: 0, state: 'failed' });
    expect(o.t.db.prepare('SELECT count(*) FROM receipt_print').pluck().get()).toBe(0);
  });

  it('the clerk hears the print’s outcome before its job’s row ends (no fsync in between); the agent hears once the row has ended; two reports at once get one answer', async () => {
    const o = await office();
    const { office: paid } = await paidRequest(o.t, o.clerk);
    let jobId = '';
    const rowState = () => o.t.db.prepare('SELECT state FROM agent_job WHERE id = ?').pluck().get(jobId);
    const heard: string[] = [];
    const call = o.desk.call('receipt.print', { paymentId: paid.paymentId }, o.session).then((res) => heard.push(`clerk ${codeOf(res)}, row ${String(rowState())}`));
    while (o.jobs.d.length === 0) await tick();
    const job = o.jobs.d.shift() as Extract<AgentJob, { kind: 'print' }>;
    jobId = job.jobId;
    const end = await runPrint(job, o.devices);
    const report = () => o.d.lan.ok('agent.jobDone', { jobId, pages: 0, ...end });
    const [first, second] = await Promise.all([report().then((r) => (heard.push(`agent, row ${String(rowState())}`), r)), report()]);
    await call;
    expect(heard).toEqual(['clerk ok, row open', 'agent, row done']);
    expect(first).toEqual({ received: 0, state: 'done' });
    expect(second).toEqual(first);
    expect(o.fake.printed()).toHaveLength(1);
  });

  it('D’s agent away → WORKSTATION_PRINTER_OFFLINE naming D; gone mid-job → the same, and its late report is ignored', async () => {
    const o = await office();
    const { office: paid } = await paidRequest(o.t, o.clerk);
    const call = o.desk.call('receipt.print', { paymentId: paid.paymentId }, o.session);
    while (o.jobs.d.length === 0) await tick();
    const job = o.jobs.d.shift()!;
    o.unsubscribeD();
    const res = await call;
    expect(res).toMatchObject({ ok: false, error: { code: 'WORKSTATION_PRINTER_OFFLINE', ref: 'باجهٔ 3' } });
    expect(await o.d.lan.ok('agent.jobDone', { jobId: job.jobId, pages: 0, error: null })).toEqual({ received: 0, state: 'failed' });
    // and while away: refused at once, nothing routed
    expect(await o.desk.call('receipt.print', { paymentId: paid.paymentId }, o.session)).toMatchObject({ ok: false, error: { code: 'WORKSTATION_PRINTER_OFFLINE', ref: 'باجهٔ 3' } });
    expect(o.fake.printed()).toHaveLength(0);
    // a reconnection is not handed the abandoned job
    await o.connect('d');
    await tick();
    expect(o.jobs.d).toEqual([]);
  });

  it('the wait is bounded: no report → PRINTER_TIMEOUT', async () => {
    const o = await office({ printMs: 200 });
    const { office: paid } = await paidRequest(o.t, o.clerk);
    expect(codeOf(await o.desk.call('receipt.print', { paymentId: paid.paymentId }, o.session))).toBe('PRINTER_TIMEOUT');
  });

  it('a counter on the hub’s own PC prints on the counter’s network printer as before (no agent involved)', async () => {
    const o = await office();
    const { office: paid } = await paidRequest(o.t, o.clerk);
    // reza's session on the hub's PC: the setting's printer (port 9 on loopback refuses) is the one tried
    expect(codeOf(await o.t.call('receipt.print', { paymentId: paid.paymentId }, o.clerk))).toBe('PRINTER_UNREACHABLE');
    expect(o.jobs.d).toEqual([]);
  });
});

describe('pay jobs on the workstation’s own card terminal', () => {
  it('payment.terminal from D runs the sale on D’s terminal through D’s agent; the part is paid', async () => {
    const o = await office();
    const requestId = await unpaid(o);
    const call = o.desk.call('payment.terminal', { requestId, part: 'officeTariff' }, o.session);
    const ran = await o.agentD();
    const res = await call;
    expect(codeOf(res)).toBe('ok');
    expect(ran.job).toMatchObject({ kind: 'pay', device: terminal.id, inDoubt: false });
    expect(o.jobs.e).toEqual([]);
    expect(o.sim.sales).toHaveLength(1);
    expect(attemptsOfRequest(o.t.db, requestId)).toMatchObject([{ state: 'approved' }]);
    expect(res.ok && (res.output as { request: { payments: Array<{ rrn: string }> } }).request.payments[0]!.rrn).toBe(o.sim.charges[0]!.rrn);
  });

  it('D’s agent away → WORKSTATION_TERMINAL_OFFLINE naming D, before any attempt', async () => {
    const o = await office();
    const requestId = await unpaid(o);
    o.unsubscribeD();
    expect(await o.desk.call('payment.terminal', { requestId, part: 'officeTariff' }, o.session)).toMatchObject({ ok: false, error: { code: 'WORKSTATION_TERMINAL_OFFLINE', ref: 'باجهٔ 3' } });
    expect(attemptsOfRequest(o.t.db, requestId)).toEqual([]);
    expect(o.sim.requests).toEqual([]);
  });

  it('the agent killed between the sale and its report: the attempt is in doubt; the retry ends in an inquiry by the same order id, never a second sale', async () => {
    const o = await office();
    const requestId = await unpaid(o);
    const call = o.desk.call('payment.terminal', { requestId, part: 'officeTariff' }, o.session);
    // the agent starts the sale (its record fsync'd first) and the terminal charges the card…
    while (o.jobs.d.length === 0) await tick();
    const job = o.jobs.d.shift()! as Extract<AgentJob, { kind: 'pay' }>;
    o.ledger.put({ orderId: job.reference, amountRials: job.amountRials, startedAt: new Date().toISOString(), payment: null });
    await sadadTerminal({ baseUrl: o.sim.baseUrl }).sale({ amountRials: job.amountRials, orderId: job.reference });
    // …and is killed before it recorded the outcome or told the hub
    o.unsubscribeD();
    expect(codeOf(await call)).toBe('PAYMENT_IN_DOUBT');
    expect(attemptsOfRequest(o.t.db, requestId)).toMatchObject([{ orderId: job.reference, state: 'inDoubt' }]);
    expect(o.sim.charges).toHaveLength(1);

    // the agent restarts (a fresh ledger object over the same folder) and the clerk tries again
    await o.connect('d');
    await tick();
    expect(o.jobs.d).toEqual([]); // the abandoned job is not handed out again
    const ledger = new PayLedger(o.dir);
    const retry = o.desk.call('payment.terminal', { requestId, part: 'officeTariff' }, o.session);
    while (o.jobs.d.length === 0) await tick();
    const again = o.jobs.d.shift()! as Extract<AgentJob, { kind: 'pay' }>;
    expect(again).toMatchObject({ reference: job.reference, inDoubt: true, amountRials: job.amountRials });
    const end = await runPay(again, o.devices, ledger);
    await o.d.lan.ok('agent.jobDone', { jobId: again.jobId, pages: 0, ...end });
    expect(codeOf(await retry)).toBe('ok');
    // one sale on the terminal, one charge; the approval found by inquiry with the same order id
    expect(o.sim.sales).toHaveLength(1);
    expect(o.sim.charges).toHaveLength(1);
    expect(o.sim.searches.length).toBeGreaterThanOrEqual(1);
    expect(attemptsOfRequest(o.t.db, requestId)).toMatchObject([{ orderId: job.reference, state: 'approved' }]);
    // a third delivery of the same order (a duplicate) is answered from the record: the terminal is not touched
    const before = o.sim.requests.length;
    expect(await runPay({ ...again, jobId: '00000000-0000-4000-8000-000000000001' }, o.devices, ledger)).toEqual(end);
    expect(o.sim.requests.length).toBe(before);
  });

  it('a forged device list cannot redirect: E reporting D’s terminal id receives no job of D’s, and its reports of D’s job are refused', async () => {
    const o = await office();
    const requestId = await unpaid(o);
    const call = o.desk.call('payment.terminal', { requestId, part: 'officeTariff' }, o.session);
    while (o.jobs.d.length === 0) await tick();
    const job = o.jobs.d[0]!;
    expect(o.jobs.e).toEqual([]);
    const forged = { ok: true as const, approval: { amountRials: (job as { amountRials: number }).amountRials, rrn: '999999999999', trace: '1', terminalId: 'FAKE', maskedCard: '', responseCode: '00' as const, approvedAt: new Date().toISOString() } };
    expect(codeOf(await o.e.lan.call('agent.jobDone', { jobId: job.jobId, pages: 0, error: null, payment: forged }))).toBe('AGENT_JOB_UNKNOWN');
    await o.agentD();
    expect(codeOf(await call)).toBe('ok');
    expect(attemptsOfRequest(o.t.db, requestId)).toMatchObject([{ state: 'approved' }]);
    expect(o.t.db.prepare('SELECT rrn FROM payment').pluck().all()).toEqual([o.sim.charges[0]!.rrn]);
  });
});

describe('ticket print jobs on a kiosk’s own printer', () => {
  it('a ticket taken on kiosk K prints on K’s printer through K’s agent and is issued; with K’s agent away the kiosk is told, naming no other printer', async () => {
    const fake = await new FakeEscPosPrinter().start();
    cleanup.push(() => fake.stop());
    const t = await setUpHub({ deviceJobTimeouts: { printMs: 10_000, payMs: 10_000 } });
    cleanup.push(() => t.close());
    const clerk = await clerkWithCalledTicket(t);
    expect(clerk.kiosk).toBeTruthy();
    const k = await pairedClient(t, 'kiosk', 'کیوسک ورودی', '10.77.0.21');
    await k.lan.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [printer] });
    const jobs: AgentJob[] = [];
    const sub = t.hub.subscribe({ t: 'sub', id: 91, event: 'agent.job' }, k.lan.transport, (_e, p) => {
      const job = (p as { job?: AgentJob }).job;
      if (job) jobs.push(job);
    });
    const screen = lanClient(t, '10.77.0.21');
    await screen.ok('auth.device', { deviceId: k.device.deviceId, credential: k.device.credential });
    const { session } = await screen.ok('auth.deviceLogin', { role: 'kiosk' });
    const devices: WorkstationDevices = { printers: [{ device: printer as Extract<AgentDevice, { type: 'printer' }>, print: (job) => escPosOutput({ kind: 'network', host: '127.0.0.1', port: fake.port }).print(job) }], terminals: [] };
    const issued = screen.call('queue.issueTicket', { serviceId: 1 }, session);
    while (jobs.length === 0) await tick();
    const job = jobs.shift()!;
    expect(job).toMatchObject({ kind: 'print', device: printer.id });
    await k.lan.ok('agent.jobDone', { jobId: job.jobId, pages: 0, ...(await runPrint(job as Extract<AgentJob, { kind: 'print' }>, devices)) });
    const res = await issued;
    expect(codeOf(res)).toBe('ok');
    expect(fake.printed()).toHaveLength(1);
    expect(res.ok && (res.output as { printed: boolean }).printed).toBe(true);
    sub.unsubscribe();
    expect(codeOf(await screen.call('queue.issueTicket', { serviceId: 1 }, session))).toBe('WORKSTATION_PRINTER_OFFLINE');
  });
});


describe('the manager chooses among several printers and terminals a workstation reported', () => {
  it('a receipt goes to the printer chosen for D (the first reported until then); a choice not in the report is refused, and one gone from it is said, never replaced', async () => {
    const o = await office();
    const second: AgentDevice = { type: 'printer', driver: 'cups', id: 'cups:receipts-a5', label: 'چاپگر دوم' };
    const otherTerminal: AgentDevice = { type: 'terminal', driver: 'sadad', id: 'sadad:http://127.0.0.1:8001', label: 'کارتخوان دوم' };
    await o.d.lan.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [printer, second, terminal, otherTerminal] });
    const lanD = { deviceId: o.d.device.deviceId, kind: 'counter' };
    const deviceJobs = o.t.hub.services.agents.deviceJobs;
    expect(deviceJobs.deviceOf(lanD, 'printer')?.device?.id).toBe(printer.id);

    // only the manager chooses, and only among what D reported
    expect(codeOf(await o.desk.call('agent.choose', { deviceId: o.d.device.deviceId, type: 'printer', id: second.id }, o.session))).toBe('FORBIDDEN');
    expect(await o.t.call('agent.choose', { deviceId: o.d.device.deviceId, type: 'printer', id: 'cups:nowhere' }, o.t.managerSession)).toMatchObject({ ok: false, error: { code: 'WORKSTATION_PRINTER_MISSING', ref: 'باجهٔ 3' } });
    await o.t.ok('agent.choose', { deviceId: o.d.device.deviceId, type: 'printer', id: second.id }, o.t.managerSession);
    await o.t.ok('agent.choose', { deviceId: o.d.device.deviceId, type: 'terminal', id: otherTerminal.id }, o.t.managerSession);
    const listed = (await o.t.ok('agent.workstations', {}, o.t.managerSession)).workstations.find((w) => w.deviceId === o.d.device.deviceId)!;
    expect(listed.chosen).toEqual({ printer: second.id, terminal: otherTerminal.id });
    expect(deviceJobs.deviceOf(lanD, 'terminal')?.device?.id).toBe(otherTerminal.id);
    // E's choice is its own
    expect(deviceJobs.deviceOf({ deviceId: o.e.device.deviceId, kind: 'counter' }, 'printer')?.device?.id).toBe(printer.id);

    const { office: paid } = await paidRequest(o.t, o.clerk);
    const call = o.desk.call('receipt.print', { paymentId: paid.paymentId }, o.session);
    while (o.jobs.d.length === 0) await tick();
    const job = o.jobs.d.shift()!;
    expect(job).toMatchObject({ kind: 'print', device: second.id });
    await o.d.lan.ok('agent.jobDone', { jobId: job.jobId, pages: 0, error: null });
    expect(codeOf(await call)).toBe('ok');

    // a new report without the chosen printer: the clerk is told, and nothing is printed elsewhere
    await o.d.lan.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [printer, terminal, otherTerminal] });
    expect(await o.desk.call('receipt.print', { paymentId: paid.paymentId }, o.session)).toMatchObject({ ok: false, error: { code: 'WORKSTATION_PRINTER_MISSING', ref: 'باجهٔ 3' } });
    await tick();
    expect(o.jobs.d).toEqual([]);
    // back to «the first reported»
    await o.t.ok('agent.choose', { deviceId: o.d.device.deviceId, type: 'printer', id: null }, o.t.managerSession);
    expect(deviceJobs.deviceOf(lanD, 'printer')?.device?.id).toBe(printer.id);
  });
});

describe('reprints and test pages on the workstation’s own printer', () => {
  it('a ticket whose print failed on kiosk K is reprinted from K on K’s printer; the manager’s receipt-printer test page from D prints on D’s printer', async () => {
    const o = await office();
    // kiosk K with its own printer, its ticket jammed on the paper
    const k = await pairedClient(o.t, 'kiosk', 'کیوسک ورودی', '10.77.0.21');
    await k.lan.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [printer] });
    const jobsK: AgentJob[] = [];
    o.t.hub.subscribe({ t: 'sub', id: 92, event: 'agent.job' }, k.lan.transport, (_e, p) => {
      const job = (p as { job?: AgentJob }).job;
      if (job) jobsK.push(job);
    });
    const screen = lanClient(o.t, '10.77.0.21');
    await screen.ok('auth.device', { deviceId: k.device.deviceId, credential: k.device.credential });
    const { session } = await screen.ok('auth.deviceLogin', { role: 'kiosk' });
    const next = async () => {
      while (jobsK.length === 0) await tick();
      return jobsK.shift() as Extract<AgentJob, { kind: 'print' }>;
    };
    const first = screen.call('queue.issueTicket', { serviceId: 1 }, session);
    await k.lan.ok('agent.jobDone', { jobId: (await next()).jobId, pages: 0, error: 'PRINTER_PAPER_OUT' });
    const failed = await first;
    expect(failed).toMatchObject({ ok: false, error: { code: 'PRINTER_PAPER_OUT' } });
    const ticketId = (failed as { error: { ref: string } }).error.ref;

    // the reprint goes to K's printer (never the queue's network printer), and the ticket joins the queue
    const again = screen.call('queue.reprint', { ticketId }, session);
    const job = await next();
    expect(job).toMatchObject({ kind: 'print', device: printer.id, format: 'escpos' });
    await k.lan.ok('agent.jobDone', { jobId: job.jobId, pages: 0, ...(await runPrint(job, o.devices)) });
    const reprinted = await again;
    expect(codeOf(reprinted)).toBe('ok');
    expect(reprinted.ok && (reprinted.output as { printed: boolean; ticket: { id: string } }).ticket.id).toBe(ticketId);
    expect(o.fake.printed()).toHaveLength(1);
    expect(o.jobs.d).toEqual([]);

    // the manager at D tests the counter's receipt printer: the page is drawn on the hub and printed on D's printer
    const managerDesk = lanClient(o.t, '10.77.0.11');
    await managerDesk.ok('auth.device', { deviceId: o.d.device.deviceId, credential: o.d.device.credential });
    const { session: managerAtD } = await managerDesk.ok('auth.login', { username: manager.username, password: manager.password });
    const test = managerDesk.call('receiptPrinter.test', { counterId: 1 }, managerAtD);
    const ran = await o.agentD();
    expect(ran.job).toMatchObject({ kind: 'print', device: printer.id });
    expect(codeOf(await test)).toBe('ok');
    expect(o.fake.printed()).toHaveLength(2);
    // D's agent away: said, naming D
    o.unsubscribeD();
    expect(await managerDesk.call('receiptPrinter.test', { counterId: 1 }, managerAtD)).toMatchObject({ ok: false, error: { code: 'WORKSTATION_PRINTER_OFFLINE', ref: 'باجهٔ 3' } });
  });
});

describe('a refund of a card sale taken on the workstation’s terminal', () => {
  const REASON = 'مبلغ اشتباه گرفته شد';
  /** A sale of the office tariff on D's terminal (the Sadad simulator) through D's agent. */
  async function paidOnD(o: Awaited<ReturnType<typeof office>>) {
    const requestId = await unpaid(o);
    const call = o.desk.call('payment.terminal', { requestId, part: 'officeTariff' }, o.session);
    await o.agentD();
    const res = await call;
    expect(codeOf(res)).toBe('ok');
    const payment = (res as { output: { request: { payments: Array<{ id: string; amountRials: number; rrn: string }> } } }).output.request.payments[0]!;
    return { requestId, payment };
  }

  it('the reversal goes to D’s terminal through D’s agent, like the sale: one reversal of that sale’s RRN, the request back to its details; E hears nothing; the hub never drives the terminal itself', async () => {
    const o = await office();
    const { requestId, payment } = await paidOnD(o);
    // the manager on the hub's own PC gives it back: still D's terminal
    const call = o.t.call('refund.reverse', { paymentId: payment.id, amountRials: payment.amountRials, reason: REASON }, o.t.managerSession);
    const ran = await o.agentD();
    const res = await call;
    expect(codeOf(res)).toBe('ok');
    expect(ran.job).toMatchObject({ kind: 'pay', device: terminal.id, amountRials: payment.amountRials, inDoubt: false, reverse: { saleRrn: payment.rrn } });
    expect(o.jobs.e).toEqual([]);
    expect(o.sim.reversalsOf(payment.rrn)).toHaveLength(1);
    expect(o.sim.charges).toHaveLength(1);
    expect(o.t.db.prepare("SELECT method, state, rrn FROM refund").all()).toEqual([{ method: 'pcpos', state: 'approved', rrn: o.sim.reversals[0]!.rrn }]);
    expect((await o.desk.ok('request.get', { requestId }, o.session)).status).toBe('detailsComplete');
    // the counter has no terminal setting of its own: nothing else could have reversed it
    expect(o.t.db.prepare('SELECT count(*) FROM payment_terminal').pluck().get()).toBe(0);
  });

  it('D’s agent away → WORKSTATION_TERMINAL_OFFLINE naming D, before anything is written or sent; back → the reversal goes through', async () => {
    const o = await office();
    const { payment } = await paidOnD(o);
    o.unsubscribeD();
    expect(await o.desk.call('refund.reverse', { paymentId: payment.id, amountRials: payment.amountRials, reason: REASON }, o.session)).toMatchObject({
      ok: false,
      error: { code: 'WORKSTATION_TERMINAL_OFFLINE', ref: 'باجهٔ 3' },
    });
    expect(o.t.db.prepare('SELECT count(*) FROM refund').pluck().get()).toBe(0);
    expect(o.sim.reverseRequests).toEqual([]);
    expect(o.jobs.d).toEqual([]);
    await o.connect('d');
    const call = o.desk.call('refund.reverse', { paymentId: payment.id, amountRials: payment.amountRials, reason: REASON }, o.session);
    await o.agentD();
    expect(codeOf(await call)).toBe('ok');
    expect(o.sim.reversalsOf(payment.rrn)).toHaveLength(1);
  });

  it('the agent gone while the reversal is at the terminal: the refund stays in doubt; the retry asks the terminal by the same order id and records the one reversal', async () => {
    const o = await office();
    const { payment } = await paidOnD(o);
    const call = o.desk.call('refund.reverse', { paymentId: payment.id, amountRials: payment.amountRials, reason: REASON }, o.session);
    while (o.jobs.d.length === 0) await tick();
    const job = o.jobs.d.shift()! as Extract<AgentJob, { kind: 'pay' }>;
    // the agent records the start and the terminal gives the money back… then the agent is gone before it reports
    o.ledger.put({ orderId: job.reference, amountRials: job.amountRials, startedAt: new Date().toISOString(), payment: null });
    await sadadTerminal({ baseUrl: o.sim.baseUrl, terminalId: o.sim.terminalId }).reverse({ amountRials: job.amountRials, orderId: job.reference, saleOrderId: job.reverse!.saleOrderId, saleRrn: job.reverse!.saleRrn });
    o.unsubscribeD();
    expect(codeOf(await call)).toBe('REFUND_IN_DOUBT');
    expect(o.t.db.prepare('SELECT state, order_id AS orderId FROM refund').all()).toEqual([{ state: 'inDoubt', orderId: job.reference }]);
    await o.connect('d');
    const retry = o.desk.call('refund.reverse', { paymentId: payment.id, amountRials: payment.amountRials, reason: REASON }, o.session);
    const ran = await o.agentD();
    expect(ran.job).toMatchObject({ kind: 'pay', reference: job.reference, inDoubt: true });
    expect(codeOf(await retry)).toBe('ok');
    expect(o.sim.reversalsOf(payment.rrn)).toHaveLength(1);
    expect(o.t.db.prepare('SELECT state FROM refund').pluck().all()).toEqual(['approved']);
  });
});
