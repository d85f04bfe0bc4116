import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLanHub, type LanHub } from '../../test/support/lanHub';
import { lanClient } from '../../test/support/lanClient';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { smallPage, testCapturePorts } from '../../test/support/capture';
import { startDwtSimulator, type DwtSimulator } from '../../test/support/dwtSimulator';
import { startEsclSimulator, type EsclSimulator } from '../../test/support/esclSimulator';
import { joinOffice } from '../join';
import { DeviceAgent } from './agent';
import { dwtSource, esclSource, scannerRegistry } from './devices';

// A counter PC's agent, joined to a real hub over HTTPS, with a network eSCL scanner and a Windows
// TWAIN scanner behind the Dynamic Web TWAIN service (both simulators speaking their real wire
// formats on this PC's loopback): each is found, reported, chosen and scanned through the agent.

const KEY = 't0151234-office-key';
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function counterPc(options: { dwtPages?: (sheets: Buffer[]) => { data: Buffer; mime: 'image/png' | 'image/jpeg' }[] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-scan-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const hub: LanHub = await startLanHub({ capture: { dir: path.join(dir, 'hub'), ports: testCapturePorts(() => ({ pages: [] })) } });
  cleanup.push(() => hub.close());
  const sheets = [await smallPage(2, 1), await smallPage(3, 2)];
  const dwt: DwtSimulator = await startDwtSimulator({ scanners: [{ name: 'Canon DR-C225 TWAIN', type: 0x10 }], pages: options.dwtPages ? options.dwtPages(sheets) : sheets.map((data) => ({ data, mime: 'image/png' as const })), validKeys: [KEY], pageDelayMs: 400 });
  cleanup.push(() => dwt.close());
  const escl: EsclSimulator = await startEsclSimulator({ pages: sheets, makeAndModel: 'HP LaserJet MFP' });
  cleanup.push(() => escl.close());

  const { code } = await hub.issueCode('counter', 'باجهٔ ۳');
  const wsDir = path.join(dir, 'ws');
  const settings = await joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'باجهٔ ۳', dataDir: wsDir });
  const registry = scannerRegistry([esclSource({ addresses: [escl.url], discover: false }), dwtSource({ serviceUrl: dwt.url })]);
  const lines: Array<{ message: string; detail?: Record<string, unknown> | undefined }> = [];
  const agent = new DeviceAgent({ hub: settings.hub, dataDir: wsDir, registry, agentVersion: 'test', log: { info: () => {}, warn: (message, detail) => lines.push({ message, detail }) }, backoff: { firstMs: 50, maxMs: 200 } });
  const stop = new AbortController();
  const running = agent.run(stop.signal).catch(() => undefined);
  cleanup.push(async () => {
    stop.abort();
    await running;
  });

  // the clerk at counter 1, on a connection from this PC (its device credential)
  const { clerk } = await clerkWithCalledTicket(hub);
  const { request } = await paidRequest(hub, clerk);
  const desk = lanClient(hub, '127.0.0.1');
  await desk.ok('auth.device', { deviceId: settings.hub.deviceId, credential: settings.hub.credential });
  const { session } = await desk.ok('auth.login', { username: 'reza', password: 'pw-reza-12345' });
  // the agent has reported (its hello) and listens for jobs
  const deadline = Date.now() + 15_000;
  while (!hub.hub.services.agents.online(settings.hub.deviceId) || (await desk.ok('scanner.devices', { driver: 'workstation' }, session)).devices.length < 2) {
    if (Date.now() > deadline) throw new Error('the agent did not report its scanners');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { hub, dwt, escl, desk, session, request, wsDir, sheets, lines };
}

/** Scans on the workstation's scanner `deviceId` until the job ends; `spooled` sees the job's spooled record while it runs. */
async function scanOn(o: Awaited<ReturnType<typeof counterPc>>, deviceId: string, spooled?: (jobJson: string, jobId: string) => void) {
  await o.desk.ok('scanner.set', { counterId: 1, setting: { driver: 'workstation', deviceId, label: 'اسکنر', source: 'adf', dpi: 300, colorMode: 'grey' } }, o.session);
  const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
  const deadline = Date.now() + 20_000;
  let seen = false;
  for (;;) {
    const file = path.join(o.wsDir, 'spool', jobId, 'job.json');
    if (spooled && !seen && existsSync(file)) {
      spooled(readFileSync(file, 'utf8'), jobId);
      seen = true;
    }
    const job = await o.desk.ok('agent.job', { jobId }, o.session);
    if (job.state !== 'open' && spooled && !seen) throw new Error('the job ended before its spooled record was seen');
    if (job.state !== 'open') return job;
    if (Date.now() > deadline) throw new Error(`the job did not end: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a workstation’s eSCL and TWAIN (DWT) scanners, through its agent', () => {
  it('reports both; a TWAIN scan carries the office’s licence key from the hub, which the spool never keeps; an eSCL scan needs none', async () => {
    const o = await counterPc();
    const { devices } = await o.desk.ok('scanner.devices', { driver: 'workstation' }, o.session);
    expect(devices.map((d) => d.id)).toEqual([`escl:${o.escl.url}`, 'dwt:Canon DR-C225 TWAIN']);

    // no key in the office yet: the TWAIN scan ends with LICENCE_MISSING, and the service was never asked for a job
    const none = await scanOn(o, 'dwt:Canon DR-C225 TWAIN');
    expect(none).toMatchObject({ state: 'failed', errorCode: 'LICENCE_MISSING', pages: [] });

    // the manager types the key in «تنظیمات»: the next scan takes it to the service with the job
    await o.hub.ok('office.setDwtLicence', { key: KEY }, o.hub.managerSession);
    // the job as the spool keeps it on the workstation's disk (read while the scan runs): without the key
    const twain = await scanOn(o, 'dwt:Canon DR-C225 TWAIN', (json, jobId) => {
      expect(json).toContain(jobId);
      expect(json).not.toContain(KEY);
    });
    expect(twain).toMatchObject({ state: 'done', total: 2 });
    expect(o.dwt.requests.filter((r) => r.method === 'POST').map((r) => r.headers['dwt-product-key'])).toEqual([KEY]);

    const network = await scanOn(o, `escl:${o.escl.url}`);
    expect(network).toMatchObject({ state: 'done', total: 2 });
    const view = await o.desk.ok('capture.view', { requestId: o.request.id }, o.session);
    expect(view.documents.flatMap((d) => d.pages)).toHaveLength(4);
  }, 60_000);

  it('a page the hub refuses for good leaves the spool: the scan stops, the job ends with the pages before it, and the workstation logs why', async () => {
    // the second sheet comes from the service as a JPEG that is no image (a driver fault): the hub refuses it
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    const o = await counterPc({ dwtPages: (sheets) => [{ data: sheets[0]!, mime: 'image/png' }, { data: broken, mime: 'image/jpeg' }, { data: sheets[1]!, mime: 'image/png' }] });
    await o.hub.ok('office.setDwtLicence', { key: KEY }, o.hub.managerSession);
    const job = await scanOn(o, 'dwt:Canon DR-C225 TWAIN');
    expect(job).toMatchObject({ state: 'failed', errorCode: 'BAD_DATA', nextSeq: 1, total: 1 });
    expect(job.pages.map((p) => p.seq)).toEqual([0]);
    const view = await o.desk.ok('capture.view', { requestId: o.request.id }, o.session);
    expect(view.jobs[0]).toMatchObject({ status: 'failed', errorCode: 'BAD_DATA', pages: 1 });
    // nothing of the job is left on the workstation, and its log names the page and the reason
    const deadline = Date.now() + 5000;
    while (existsSync(path.join(o.wsDir, 'spool', job.jobId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(path.join(o.wsDir, 'spool', job.jobId))).toBe(false);
    expect(o.lines).toContainEqual({ message: expect.stringContaining('refused for good'), detail: expect.objectContaining({ jobId: job.jobId, seq: 1, code: 'AGENT_PAGE_REFUSED', pagesKept: 1 }) });
  }, 60_000);
});
