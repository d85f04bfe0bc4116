import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setUpHub } from '../../test/support/hub';
import { lanClient, pairedClient } from '../../test/support/lanClient';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { smallPage, testCapturePorts } from '../../test/support/capture';
import { serveHub } from '../../test/support/webServer';
import { auditRows } from '../../db/audit';
import { CONTRACT_VERSION as contractVersion } from '../../core/api/version';
import type { AgentDevice } from '../../core/api/agent';
import type { CapturePorts } from '../capture/ports';
import { MAX_AGENT_PAGE_BYTES, MAX_AGENT_THUMB_BYTES, MAX_AGENT_VIEW_BYTES } from '../../core/api/agent';
import { previewOfPage } from '../../native/image/preview';
import sharp from 'sharp';
import { AGENT_PAGE_WINDOW, type AgentPreview } from './agentService';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const scanner: AgentDevice = { type: 'scanner', driver: 'sane', id: 'sane:test:0', label: 'اسکنر باجه', sources: ['adf', 'flatbed'], colorModes: ['grey'], resolutions: [150, 300] };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * An office with counter 1 open on workstation D (a paired counter): D's agent on a connection of its
 * own, the clerk on another connection of D, a paid request, and the counter's scanner set to D's.
 */
async function office(ports: CapturePorts = testCapturePorts(() => ({ pages: [] }))) {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-agent-test-'));
  dirs.push(dir);
  const t = await setUpHub({ capture: { dir, ports } });
  const { clerk } = await clerkWithCalledTicket(t);
  const { request } = await paidRequest(t, clerk);
  const d = await pairedClient(t, 'counter', 'باجهٔ ۱', '10.77.0.11');
  const agent = d.lan;
  const events: unknown[] = [];
  const hello = await agent.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [scanner] });
  const sub = t.hub.subscribe({ t: 'sub', id: 99, event: 'agent.job' }, agent.transport, (_e, p) => events.push(p));
  expect(sub.answer.ok).toBe(true);
  // the clerk's own connection from D: staff session opened there
  const desk = lanClient(t, '10.77.0.11');
  await desk.ok('auth.device', { deviceId: d.device.deviceId, credential: d.device.credential });
  const { session } = await desk.ok('auth.login', { username: 'reza', password: 'pw-reza-12345' });
  await desk.ok('scanner.set', { counterId: 1, setting: { driver: 'workstation', deviceId: scanner.id, label: 'اسکنر باجه', source: 'adf', dpi: 150, colorMode: 'grey' } }, session);
  const sender = { deviceId: d.device.deviceId, address: '10.77.0.11' };
  const agents = t.hub.services.agents;
  const put = async (jobId: string, seq: number, body: Buffer, over: Partial<{ sha256: string; mime: string; deviceId: number; preview: AgentPreview }> = {}) =>
    agents.receivePage({ ...sender, deviceId: over.deviceId ?? sender.deviceId }, { jobId, seq, sha256: over.sha256 ?? sha(body), mime: over.mime ?? 'image/png', dpi: 150, body, preview: over.preview ?? null });
  const refusals = () => [...auditRows(t.db)].filter((r) => r.action === 'workstationAgentRefused').map((r) => JSON.parse(r.detail) as { code: string });
  return { t, clerk, request, d, agent, desk, session, events, hello, sender, agents, put, refusals, unsubscribe: sub.unsubscribe };
}

describe('workstation agents: routing, pages, refusals', () => {
  it('starts the hub’s image workers when the scan is routed, before the first page arrives', async () => {
    const base = testCapturePorts(() => ({ pages: [] }));
    const events: string[] = [];
    const o = await office({
      ...base,
      pipeline: () => {
        events.push('pipeline');
        return base.pipeline();
      },
    });
    const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
    expect(events).toEqual(['pipeline']);
    events.push('first page');
    expect(await o.put(jobId, 0, await smallPage(2, 1))).toEqual({ ok: true, duplicate: false, nextSeq: 1 });
    expect(events.slice(0, 2)).toEqual(['pipeline', 'first page']);
    o.t.close();
  });

  it('routes the counter’s scan to the agent of the device its connection proved; pages are stored once each, in order, and the job closes with the last', async () => {
    const o = await office();
    expect(o.hello.jobs).toEqual([]);
    const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
    await new Promise((r) => setImmediate(r));
    expect(o.events).toEqual([{ deviceId: o.d.device.deviceId, job: { kind: 'scan', jobId, device: 'sane:test:0', settings: { source: 'adf', dpi: 150, colorMode: 'grey' }, firstOnly: false, nextSeq: 0 } }]);

    const pages = [await smallPage(2, 1), await smallPage(3, 2), await smallPage(4, 3)];
    expect(await o.put(jobId, 0, pages[0]!)).toEqual({ ok: true, duplicate: false, nextSeq: 1 });
    // the same page again (its answer was lost): a duplicate, not a second page
    expect(await o.put(jobId, 0, pages[0]!)).toEqual({ ok: true, duplicate: true, nextSeq: 1 });
    // a page beyond the window the hub works on: refused at once, the expected number named
    expect(await o.put(jobId, 1 + AGENT_PAGE_WINDOW, pages[2]!)).toMatchObject({ ok: false, code: 'AGENT_PAGE_OUT_OF_ORDER', nextSeq: 1 });
    // page 2 arrives before page 1 (both in flight): it waits for its turn and is committed after it;
    // page 1 is sent twice at once (a resend racing the first): one page
    const early = o.put(jobId, 2, pages[2]!);
    const [a, b] = await Promise.all([o.put(jobId, 1, pages[1]!), o.put(jobId, 1, pages[1]!)]);
    expect([a, b].map((x) => x.ok && x.duplicate).sort()).toEqual([false, true]);
    expect(await early).toEqual({ ok: true, duplicate: false, nextSeq: 3 });
    expect(await o.desk.ok('agent.jobDone', { jobId, pages: 3, error: null }).catch((e: Error) => e.message)).toMatch(/AGENT_NOT_ALLOWED/);
    expect(await o.agent.ok('agent.jobDone', { jobId, pages: 3, error: null })).toEqual({ received: 3, state: 'done' });

    const job = await o.desk.ok('agent.job', { jobId }, o.session);
    expect(job).toMatchObject({ state: 'done', nextSeq: 3, total: 3 });
    expect(job.pages.map((p) => p.sha256)).toEqual(pages.map(sha));
    const view = await o.desk.ok('capture.view', { requestId: o.request.id }, o.session);
    // the document's pages are the agent's, in its order
    expect(view.documents[0]!.pages.map((p) => p.id)).toEqual(job.pages.map((p) => p.pageId));
    expect(view.jobs[0]).toMatchObject({ id: jobId, status: 'done', driver: 'workstation' });
    // the job is closed: another page is refused
    expect(await o.put(jobId, 3, pages[0]!)).toMatchObject({ ok: false, code: 'AGENT_JOB_UNKNOWN' });
    o.t.close();
  });

  it('a cancel reaches the agent; the job ends cancelled with the pages it has; an interrupted end never counts fewer pages than the hub holds', async () => {
    const o = await office();
    const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
    await o.put(jobId, 0, await smallPage(2));
    await o.put(jobId, 1, await smallPage(3));
    expect(await o.desk.ok('capture.cancel', { jobId }, o.session)).toEqual({ cancelled: true });
    await new Promise((r) => setImmediate(r));
    expect(o.events.at(-1)).toEqual({ deviceId: o.d.device.deviceId, cancel: jobId });
    // a clean end with fewer pages than held is refused; the cancelled end (the agent lost count) is not
    expect((await o.agent.call('agent.jobDone', { jobId, pages: 1, error: null })).ok).toBe(false);
    expect(await o.agent.ok('agent.jobDone', { jobId, pages: 1, error: 'CANCELLED' })).toEqual({ received: 2, state: 'cancelled' });
    const view = await o.desk.ok('capture.view', { requestId: o.request.id }, o.session);
    expect(view.jobs[0]).toMatchObject({ id: jobId, status: 'cancelled', pages: 2, errorCode: 'CANCELLED' });
    expect(view.documents[0]!.pages).toHaveLength(2);
    o.t.close();
  });

  it('refuses a page for a job given to another workstation, an unknown job, a page over the limits or not matching its digest — each with a code and on the audit trail', async () => {
    const o = await office();
    const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
    const other = await pairedClient(o.t, 'counter', 'باجهٔ ۲', '10.77.0.12');
    const page = await smallPage(2);
    expect(await o.put(jobId, 0, page, { deviceId: other.device.deviceId })).toMatchObject({ ok: false, code: 'AGENT_JOB_UNKNOWN' });
    expect(await o.put('00000000-0000-4000-8000-000000000000', 0, page)).toMatchObject({ ok: false, code: 'AGENT_JOB_UNKNOWN' });
    expect(await o.put(jobId, 0, page, { sha256: sha(Buffer.from('x')) })).toMatchObject({ ok: false, code: 'AGENT_PAGE_REFUSED' });
    expect(await o.put(jobId, 0, Buffer.from('not a png at all'), {})).toMatchObject({ ok: false, code: 'AGENT_PAGE_REFUSED' });
    // a PNG header announcing 30000 × 30000 pixels: refused from the header, never decoded
    const bomb = Buffer.from('89504e470d0a1a0a0000000d4948445200007530000075300806000000', 'hex');
    expect(await o.put(jobId, 0, Buffer.concat([bomb, Buffer.alloc(64)]))).toMatchObject({ ok: false, code: 'AGENT_PAGE_REFUSED' });
    expect(o.refusals().map((r) => r.code)).toEqual(['AGENT_JOB_UNKNOWN', 'AGENT_JOB_UNKNOWN', 'AGENT_PAGE_REFUSED', 'AGENT_PAGE_REFUSED', 'AGENT_PAGE_REFUSED']);
    // nothing was stored, and the right page still goes in
    expect(await o.put(jobId, 0, page)).toMatchObject({ ok: true, duplicate: false });
    o.t.close();
  });

  it('a workstation’s scanner is a driver of the capture service, built for the caller’s device: it lists what that agent reported, and scans only there', async () => {
    const o = await office();
    const capture = o.t.hub.services.capture;
    const lanD = { deviceId: o.d.device.deviceId, kind: 'counter' };
    // the port of D lists D's report, through the capture service's own `devices` (not an empty list)
    expect(await capture.devices('workstation', undefined, o.agents.scannerFor(lanD))).toEqual({ devices: [{ driver: 'workstation', id: scanner.id, label: scanner.label, model: null }], errorCode: null });
    expect(await o.desk.ok('scanner.devices', { driver: 'workstation' }, o.session)).toEqual({ devices: [{ driver: 'workstation', id: scanner.id, label: scanner.label, model: null }], errorCode: null });
    // E reported two other scanners: E's port lists E's, never D's; the hub's own PC and a kiosk list none
    const e = await pairedClient(o.t, 'counter', 'باجهٔ ۲', '10.77.0.12');
    const other: AgentDevice = { ...scanner, id: 'escl:http://10.77.0.40/eSCL', label: 'اسکنر شبکه' };
    await e.lan.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [other, { ...other, id: 'dwt:1', label: 'TWAIN' }] });
    expect((await capture.devices('workstation', undefined, o.agents.scannerFor({ deviceId: e.device.deviceId, kind: 'counter' }))).devices.map((d) => d.id)).toEqual([other.id, 'dwt:1']);
    expect((await capture.devices('workstation', undefined, o.agents.scannerFor(undefined))).devices).toEqual([]);
    expect((await capture.devices('workstation', undefined, o.agents.scannerFor({ deviceId: e.device.deviceId, kind: 'kiosk' }))).devices).toEqual([]);
    expect((await o.t.ok('scanner.devices', { driver: 'workstation' }, o.clerk)).devices).toEqual([]);
    // a scan through the service with D's port goes to D's agent; without a port it is refused
    const input = { requestId: o.request.id, counterId: 1, documentType: 'petition' as const };
    const who = (await o.desk.ok('auth.whoami', {}, o.session)).principal;
    const staff = { userId: 'userId' in who ? who.userId : 0, role: 'clerk' } as const;
    expect(() => capture.start(input, staff, null)).toThrow(expect.objectContaining({ code: 'WORKSTATION_REQUIRED' }));
    const { jobId } = capture.start(input, staff, o.agents.scannerFor(lanD));
    await new Promise((r) => setImmediate(r));
    expect(o.events).toEqual([{ deviceId: o.d.device.deviceId, job: expect.objectContaining({ kind: 'scan', jobId, device: scanner.id }) }]);
    o.t.close();
  });

  it('a forged device list cannot draw another counter’s job: routing follows the credential, not the report', async () => {
    const o = await office();
    // workstation E reports D's scanner id too, and listens for jobs
    const e = await pairedClient(o.t, 'counter', 'باجهٔ ۲', '10.77.0.12');
    await e.lan.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [scanner] });
    const heardByE: unknown[] = [];
    o.t.hub.subscribe({ t: 'sub', id: 1, event: 'agent.job' }, e.lan.transport, (_ev, p) => heardByE.push(p));
    const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
    await new Promise((r) => setImmediate(r));
    expect(heardByE).toEqual([]);
    expect(o.events).toHaveLength(1);
    // E's pages for D's job are refused
    expect(await o.put(jobId, 0, await smallPage(1), { deviceId: e.device.deviceId })).toMatchObject({ ok: false, code: 'AGENT_JOB_UNKNOWN' });
    o.t.close();
  });

  it('an agent is only a paired counter or kiosk on a connection of its own: a staff connection, a board, the hub’s own PC and a contract mismatch are refused', async () => {
    const o = await office();
    const hello = { contractVersion, agentVersion: '0.1.0', devices: [] };
    // the clerk's connection carries staff
    expect((await o.desk.call('agent.hello', hello)).ok).toBe(false);
    const board = await pairedClient(o.t, 'board', 'تابلو');
    expect(await board.lan.call('agent.hello', hello)).toMatchObject({ ok: false, error: { code: 'AGENT_NOT_ALLOWED' } });
    expect(await o.t.call('agent.hello', hello)).toMatchObject({ ok: false, error: { code: 'AGENT_NOT_ALLOWED' } });
    const k = await pairedClient(o.t, 'kiosk', 'کیوسک');
    expect(await k.lan.call('agent.hello', { ...hello, contractVersion: contractVersion + 1 })).toMatchObject({ ok: false, error: { code: 'CONTRACT_VERSION_MISMATCH', ref: `${contractVersion}/${contractVersion + 1}` } });
    // a subscription to agent.job without a hello on that connection
    expect(o.t.hub.subscribe({ t: 'sub', id: 2, event: 'agent.job' }, board.lan.transport, () => {}).answer).toMatchObject({ ok: false, error: { code: 'AGENT_NOT_ALLOWED' } });
    // malformed reports are refused and audited too
    expect(await o.agent.call('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [{ type: 'scanner', id: 'x' }] } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // an agent connection carries no staff session
    expect(await o.agent.call('capture.view', { requestId: o.request.id }, o.session)).toMatchObject({ ok: false });
    expect(o.refusals().map((r) => r.code)).toEqual(['AGENT_NOT_ALLOWED', 'AGENT_NOT_ALLOWED', 'AGENT_NOT_ALLOWED', 'CONTRACT_VERSION_MISMATCH', 'AGENT_NOT_ALLOWED', 'INVALID_INPUT']);
    o.t.close();
  });

  it('a scan on a counter whose workstation agent is away says so; a revoked workstation gets nothing more', async () => {
    const o = await office();
    // a session of the same clerk on the hub's own PC: not the workstation
    expect(await o.t.call('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.clerk)).toMatchObject({ ok: false, error: { code: 'WORKSTATION_REQUIRED' } });
    // the agent's connection ends (its PC is off): the counter is told plainly, naming the workstation
    o.unsubscribe();
    expect(await o.desk.call('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session)).toMatchObject({ ok: false, error: { code: 'WORKSTATION_AGENT_OFFLINE', ref: 'باجهٔ 1' } });
    o.t.hub.subscribe({ t: 'sub', id: 3, event: 'agent.job' }, o.agent.transport, () => {});
    const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
    await o.t.ok('device.revoke', { deviceId: o.d.device.deviceId, reason: 'رایانه دزدیده شد' }, o.t.managerSession);
    expect(() => o.agents.authenticate(`Device ${o.d.device.deviceId}:${o.d.device.credential}`, '10.77.0.11')).toThrow(/revoked/);
    expect((await o.agent.call('agent.jobDone', { jobId, pages: 0, error: null })).ok).toBe(false);
    o.t.close();
  });

  it('the HTTPS route: no credential → 403, a stored page → 200, a malformed request → 422, a body over the limit → 413', async () => {
    const o = await office();
    const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
    const server = await serveHub(o.t.hub);
    const base = server.url.replace('ws://', 'http://').replace('/api/ws', '');
    const page = await smallPage(2);
    const auth = `Device ${o.d.device.deviceId}:${o.d.device.credential}`;
    const put = (p: string, body: Buffer, headers: Record<string, string>) => fetch(`${base}${p}`, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': 'image/png', ...headers } });
    const none = await put(`/api/agent/pages/${jobId}/0`, page, { 'x-page-sha256': sha(page), 'x-page-dpi': '150' });
    expect(none.status).toBe(403);
    const good = await put(`/api/agent/pages/${jobId}/0`, page, { authorization: auth, 'x-page-sha256': sha(page), 'x-page-dpi': '150' });
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ ok: true, duplicate: false, nextSeq: 1 });
    const bad = await put(`/api/agent/pages/${jobId}/x`, page, { authorization: auth, 'x-page-sha256': sha(page), 'x-page-dpi': '150' });
    expect(bad.status).toBe(422);
    const big = await put(`/api/agent/pages/${jobId}/1`, Buffer.alloc(MAX_AGENT_PAGE_BYTES + MAX_AGENT_THUMB_BYTES + MAX_AGENT_VIEW_BYTES + 1), { authorization: auth, 'x-page-sha256': sha(page), 'x-page-dpi': '150' }).catch(() => null);
    expect(big === null || big.status === 413).toBe(true);
    await server.close();
    o.t.close();
  });
});

describe('workstation agents: the staff hear when one comes, goes or reports', () => {
  it('agent.changed fires when an agent connects (its subscription), reports its devices (each hello) and goes (its last link), once each', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-agent-test-'));
    dirs.push(dir);
    const t = await setUpHub({ capture: { dir, ports: testCapturePorts(() => ({ pages: [] })) } });
    const heard: Array<{ deviceId: number; online: boolean }> = [];
    t.hub.services.events.on('agent.changed', (p) => heard.push(p));
    const d = await pairedClient(t, 'counter', 'باجهٔ ۲', '10.77.0.12');
    const id = d.device.deviceId;
    expect(heard).toEqual([]);

    // the hello reports the devices; the agent is not yet online (no subscription for its jobs)
    await d.lan.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [scanner] });
    expect(heard).toEqual([{ deviceId: id, online: false }]);
    const sub = t.hub.subscribe({ t: 'sub', id: 7, event: 'agent.job' }, d.lan.transport, () => {});
    expect(sub.answer.ok).toBe(true);
    expect(heard.at(-1)).toEqual({ deviceId: id, online: true });
    expect(t.hub.services.agents.workstations()).toMatchObject([{ deviceId: id, online: true, devices: [scanner] }]);

    // a new report (the scanner unplugged) is heard, with the agent still online
    await d.lan.ok('agent.hello', { contractVersion, agentVersion: '0.1.0', devices: [] });
    expect(heard.at(-1)).toEqual({ deviceId: id, online: true });
    expect(heard).toHaveLength(3);

    // the agent goes: heard once, even if its subscription is dropped twice
    sub.unsubscribe();
    sub.unsubscribe();
    expect(heard).toEqual([
      { deviceId: id, online: false },
      { deviceId: id, online: true },
      { deviceId: id, online: true },
      { deviceId: id, online: false },
    ]);
    expect(t.hub.services.agents.workstations()).toMatchObject([{ deviceId: id, online: false, devices: [] }]);
    t.close();
  });

  it('agent.workstations names the caller’s own workstation: the counter its connection proved, and none on the hub’s own PC', async () => {
    const o = await office();
    const fromDesk = await o.desk.ok('agent.workstations', {}, o.session);
    expect(fromDesk.self).toBe(o.d.device.deviceId);
    expect(fromDesk.workstations).toMatchObject([{ deviceId: o.d.device.deviceId, online: true, agentVersion: '0.1.0', contractVersion, devices: [scanner] }]);
    expect((await o.t.ok('agent.workstations', {}, o.clerk)).self).toBeNull();
    o.t.close();
  });

  it('a page sent with its thumbnail is committed at once, provisional, in order and once, and shown with that thumbnail before its heavy steps run; they then replace it', async () => {
    const base = testCapturePorts(() => ({ pages: [] }));
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const processed: number[] = [];
    const o = await office({
      ...base,
      pipeline: () => ({
        async process(page, options) {
          await gate; // the heavy steps are held until the test lets them go
          processed.push(page.data.length);
          return base.pipeline().process(page, options);
        },
        close: async () => {},
      }),
    });
    const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
    const pages = [await smallPage(2, 1), await smallPage(3, 2), await smallPage(4, 3)];
    const previews = await Promise.all(pages.map((data, index) => withDigests(data, index)));
    // page 1 before page 0, both in the window: committed in order; neither waits for its heavy steps
    const early = o.put(jobId, 1, pages[1]!, { preview: previews[1]! });
    expect(await o.put(jobId, 0, pages[0]!, { preview: previews[0]! })).toEqual({ ok: true, duplicate: false, nextSeq: 1 });
    expect(await early).toEqual({ ok: true, duplicate: false, nextSeq: 2 });
    expect(await o.put(jobId, 0, pages[0]!, { preview: previews[0]! })).toEqual({ ok: true, duplicate: true, nextSeq: 2 });
    expect(await o.put(jobId, 2, pages[2]!, { preview: previews[2]! })).toEqual({ ok: true, duplicate: false, nextSeq: 3 });
    expect(processed).toEqual([]);
    const before = await o.desk.ok('capture.view', { requestId: o.request.id }, o.session);
    const shown = before.documents[0]!.pages;
    expect(shown.map((p) => [p.sha256, p.processing])).toEqual(pages.map((p) => [sha(p), true]));
    expect(shown.map((p) => [p.widthPx, p.heightPx])).toEqual(pages.map(() => [300, 420]));
    const thumb = await o.desk.ok('capture.image', { pageId: shown[0]!.id, size: 'thumb' }, o.session);
    expect(Buffer.from(thumb.base64, 'base64').equals(previews[0]!.thumb)).toBe(true);
    const view = await o.desk.ok('capture.image', { pageId: shown[0]!.id, size: 'view' }, o.session);
    expect(Buffer.from(view.base64, 'base64').equals(previews[0]!.view)).toBe(true);

    // while a page is in process: its edits, a rescan, «پایان اسکن» and the PDF wait, each saying so
    const held = async (proc: string, input: unknown) => ((await o.desk.call(proc as 'capture.finish', input as { requestId: string }, o.session)) as { ok: boolean; error?: { code: string } }).error?.code;
    expect(await held('capture.editPage', { pageId: shown[0]!.id, action: 'rotateRight' })).toBe('PAGES_PROCESSING');
    expect(await held('capture.editPage', { pageId: shown[1]!.id, action: 'delete' })).toBe('PAGES_PROCESSING');
    expect(await held('capture.movePage', { pageId: shown[2]!.id, documentId: shown[2]!.documentId, position: 1 })).toBe('PAGES_PROCESSING');
    expect(await held('capture.documentPdf', { documentId: shown[0]!.documentId })).toBe('PAGES_PROCESSING');
    expect(await o.agent.ok('agent.jobDone', { jobId, pages: 3, error: null })).toEqual({ received: 3, state: 'done' });
    expect(await held('capture.finish', { requestId: o.request.id })).toBe('PAGES_PROCESSING');
    expect(await held('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition', replacePageId: shown[0]!.id })).toBe('PAGES_PROCESSING');

    open();
    await o.t.hub.services.capture.idle();
    expect(processed).toHaveLength(3);
    const after = (await o.desk.ok('capture.view', { requestId: o.request.id }, o.session)).documents[0]!.pages;
    // the same rows, in the same order, now with the processed image
    expect(after.map((p) => p.id)).toEqual(shown.map((p) => p.id));
    expect(after.every((p) => p.processing === undefined && !pages.map(sha).includes(p.sha256))).toBe(true);
    const job = await o.desk.ok('agent.job', { jobId }, o.session);
    expect(job.pages.map((p) => [p.seq, p.pageId])).toEqual(shown.map((p, i) => [i, p.id]));
    const thumbAfter = await o.desk.ok('capture.image', { pageId: after[0]!.id, size: 'thumb' }, o.session);
    expect(Buffer.from(thumbAfter.base64, 'base64').equals(previews[0]!.thumb)).toBe(false);
    expect(await held('capture.editPage', { pageId: after[0]!.id, action: 'rotateRight' })).toBeUndefined();
    o.t.close();
  });

  it('refuses a hostile or oversized thumbnail with a code, on the audit trail, storing nothing', async () => {
    const o = await office();
    const { jobId } = await o.desk.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.session);
    const page = await smallPage(2, 1);
    const good = await withDigests(page, 0);
    const huge = await sharp({ create: { width: 1200, height: 1200, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const png = await sharp({ create: { width: 160, height: 226, channels: 3, background: '#fff' } }).png().toBuffer();
    const bomb = Buffer.from(good.view);
    bomb.writeUInt16BE(60000, bomb.indexOf(Buffer.from([0xff, 0xc0])) + 5); // the JPEG's header claims 60000 rows
    const cases: [string, AgentPreview][] = [
      ['digest', { ...good, thumbSha256: sha(Buffer.from('else')) }],
      ['over its size', { ...good, thumb: huge, thumbSha256: sha(huge) }],
      ['not a JPEG', { ...good, thumb: png, thumbSha256: sha(png) }],
      ['over its size', { ...good, view: bomb, viewSha256: sha(bomb) }],
      ['over the size limit', { ...good, view: Buffer.alloc(MAX_AGENT_VIEW_BYTES + 1, 0xff), viewSha256: sha(Buffer.alloc(MAX_AGENT_VIEW_BYTES + 1, 0xff)) }],
    ];
    for (const [why, preview] of cases) {
      const answer = await o.put(jobId, 0, page, { preview });
      expect(answer).toMatchObject({ ok: false, code: 'AGENT_PAGE_REFUSED', nextSeq: 0 });
      expect(!answer.ok && answer.message).toContain(why);
    }
    expect(o.refusals().map((r) => r.code)).toEqual(cases.map(() => 'AGENT_PAGE_REFUSED'));
    expect((await o.desk.ok('capture.view', { requestId: o.request.id }, o.session)).documents.flatMap((d) => d.pages)).toEqual([]);
    // over HTTPS: one of the two headers alone, or a thumbnail longer than the body, is a malformed request
    const server = await serveHub(o.t.hub);
    const url = `${server.url.replace('ws://', 'http://').replace('/api/ws', '')}/api/agent/pages/${jobId}/0`;
    const headers = { 'content-type': 'image/png', authorization: `Device ${o.d.device.deviceId}:${o.d.device.credential}`, 'x-page-sha256': sha(page), 'x-page-dpi': '150' };
    const alone = await fetch(url, { method: 'PUT', body: new Uint8Array(Buffer.concat([page, good.thumb])), headers: { ...headers, 'x-page-thumb': `${good.thumb.length};${good.thumbSha256}` } });
    expect(alone.status).toBe(422);
    const longer = await fetch(url, { method: 'PUT', body: new Uint8Array(page), headers: { ...headers, 'x-page-thumb': `${page.length};${good.thumbSha256}`, 'x-page-view': `1;${good.viewSha256}` } });
    expect(longer.status).toBe(422);
    // the same page with its own thumbnail and view, over the wire: stored, provisional
    const body = Buffer.concat([page, good.thumb, good.view]);
    const ok = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { ...headers, 'x-page-thumb': `${good.thumb.length};${good.thumbSha256}`, 'x-page-view': `${good.view.length};${good.viewSha256}` } });
    expect(await ok.json()).toEqual({ ok: true, duplicate: false, nextSeq: 1 });
    expect((await o.desk.ok('capture.view', { requestId: o.request.id }, o.session)).documents[0]!.pages.map((p) => p.sha256)).toEqual([sha(page)]);
    await o.t.hub.services.capture.idle();
    await server.close();
    o.t.close();
  });
});

/** The page's thumbnail and view as the agent makes them (native/image/preview.ts), with their digests. */
async function withDigests(data: Buffer, index: number): Promise<AgentPreview> {
  const p = await previewOfPage({ index, data, mime: 'image/png', dpi: 150 }, 1e8);
  return { thumb: p.thumb, thumbSha256: sha(p.thumb), view: p.view, viewSha256: sha(p.view) };
}
