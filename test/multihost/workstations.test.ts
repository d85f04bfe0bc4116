/**
 * Workstations on a real (virtual) LAN: the hub in one network namespace, workstations B and C in
 * others, joined by a bridge; real HTTPS with the office certificate, real pairing with the manager's
 * codes, the headless agent (`workstation/cli.ts`) on each workstation. B scans from SANE's `test`
 * backend and from a watched folder on B; the hub has no scanner of its own (an empty SANE config),
 * so every page it stores came through B's agent.
 *
 * Runs as root (CI does); skips, saying why, only where the kernel refuses namespaces.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLan, namespacesRefused, type Lan } from '../support/netns';
import { watch, type Proc } from '../support/lineProcess';
import { distinctPages } from '../support/distinctPages';

const refused = namespacesRefused();
if (refused) console.warn(`multi-host tests skipped: ${refused}`);

const PORT = '4790';
/** B's printer and PC-POS service, on B's own loopback */
const B_PRINTER = 9100;
const B_SADAD = 8000;
const node = process.execPath;
const root = path.resolve('.');

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.skipIf(refused !== null)('workstations on a LAN of namespaces', () => {
  let lan: Lan;
  let work: string;
  let hubDir: string;
  let hub: Proc;
  let agentB: Proc;
  let agentC: Proc;
  let devicesB: Proc;
  let requestId: string;
  let seeded: Record<string, unknown>;
  const dirB = () => path.join(work, 'B');
  const folderB = () => path.join(work, 'B-scans');
  const children: ChildProcess[] = [];
  const epoch = Date.now();

  function startHub(): Proc {
    const child = lan.spawnIn('hub', node, ['--import', 'tsx', path.join(root, 'test/multihost/hubMain.ts'), hubDir, lan.address.hub!, PORT, String(epoch)], {
      // the hub PC has no scanner: an empty SANE configuration, no OCR
      env: { ...process.env, SANE_CONFIG_DIR: path.join(work, 'sane-none'), DAFTARYAR_OCR: '0' },
    });
    children.push(child);
    return watch(child);
  }

  function startAgent(host: 'B' | 'C', code: string): Proc {
    const dir = path.join(work, host);
    const args = ['--import', 'tsx', path.join(root, 'workstation/cli.ts'), '--hub', `https://${lan.address.hub}:${PORT}`, '--code', code, '--name', `باجهٔ ${host}`, '--kind', 'counter', '--data', dir];
    // B's own receipt printer and card terminal, on B's loopback (devicesMain.ts): the hub cannot reach them
    if (host === 'B') args.push('--folder', folderB(), '--folder-idle-ms', '2500', '--printer', `tcp:127.0.0.1:${B_PRINTER}`, '--sadad', `http://127.0.0.1:${B_SADAD}@C0000301`);
    const child = lan.spawnIn(host, node, args, { env: { ...process.env, SANE_CONFIG_DIR: path.join(work, 'sane-test') } });
    children.push(child);
    return watch(child);
  }

  /** The counter on B: one command of test/multihost/counterMain.ts inside B's namespace. */
  function counter(...args: string[]): Record<string, unknown> {
    const out = execFileSync('ip', ['netns', 'exec', lan.ns.B!, node, '--import', 'tsx', path.join(root, 'test/multihost/counterMain.ts'), args[0]!, dirB(), requestId, ...args.slice(1)], { encoding: 'utf8', timeout: 30_000 });
    return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
  }

  interface JobState {
    job: { state: string; nextSeq: number; total: number | null; errorCode: string | null; pages: Array<{ seq: number; sha256: string; pageId: string }> };
    pageIds: string[];
    captureJob: { status: string; pages: number } | null;
  }

  async function finished(jobId: string, timeoutMs: number): Promise<JobState> {
    const until = Date.now() + timeoutMs;
    let last: unknown = null;
    while (Date.now() < until) {
      try {
        const s = counter('job', jobId) as unknown as JobState;
        last = s;
        if (s.job.state !== 'open') return s;
      } catch (err) {
        last = err instanceof Error ? err.message : err;
      }
      await new Promise((r) => setTimeout(r, 700));
    }
    throw new Error(`job ${jobId} did not finish: ${JSON.stringify(last).slice(0, 500)}`);
  }

  const confirmed = (jobId: string) => agentB.lines.filter((l) => l.message === 'page confirmed' && l.jobId === jobId);

  /** 30 different pages in B's scan folder, in name order; returns their digests in that order. */
  const fillFolder = (seed: number) => distinctPages(folderB(), 30, seed);

  function expectExactlyOnceInOrder(s: JobState, count: number, digests?: string[]): void {
    expect(s.job.state).toBe('done');
    expect(s.job.pages.map((p) => p.seq)).toEqual(Array.from({ length: count }, (_, i) => i));
    if (digests) expect(s.job.pages.map((p) => p.sha256)).toEqual(digests);
    // the request's pages are the job's, each once, in the workstation's order
    const mine = s.pageIds.filter((id) => s.job.pages.some((p) => p.pageId === id));
    expect(mine).toEqual(s.job.pages.map((p) => p.pageId));
    expect(new Set(mine).size).toBe(count);
    expect(s.captureJob).toMatchObject({ status: 'done', pages: count });
  }

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'daftaryar-multihost-'));
    hubDir = path.join(work, 'hub');
    mkdirSync(path.join(work, 'sane-none'));
    mkdirSync(path.join(work, 'sane-test'));
    writeFileSync(path.join(work, 'sane-test', 'dll.conf'), 'test\n');
    copyFileSync('/etc/sane.d/test.conf', path.join(work, 'sane-test', 'test.conf'));
    mkdirSync(folderB(), { recursive: true });
    lan = makeLan(['hub', 'B', 'C']);
    hub = startHub();
    const ready = await hub.waitFor((l) => l.ready === true, 60_000, 'the hub');
    requestId = ready.requestId as string;
    seeded = ready;
    const devices = lan.spawnIn('B', node, ['--import', 'tsx', path.join(root, 'test/multihost/devicesMain.ts'), String(B_PRINTER), String(B_SADAD)], { env: process.env });
    children.push(devices);
    devicesB = watch(devices);
    await devicesB.waitFor((l) => l.ready === true, 30_000, 'B’s printer and terminal');
    agentB = startAgent('B', ready.codeB as string);
    agentC = startAgent('C', ready.codeC as string);
    await agentB.waitFor((l) => l.message === 'connected to the hub', 60_000, 'agent B');
    await agentC.waitFor((l) => l.message === 'connected to the hub', 60_000, 'agent C');
  }, 120_000);

  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    lan?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('B scans 10 pages from SANE’s test backend through its agent: 10 pages on the hub, in order; C hears nothing of it', async () => {
    const joined = agentB.lines.find((l) => l.message === 'joined the office');
    expect(joined).toBeTruthy();
    const { jobId } = counter('start', 'sane:test:0', 'adf') as { jobId: string };
    const s = await finished(jobId, 50_000);
    expectExactlyOnceInOrder(s, 10);
    // the agent's lines are read while the test's event loop is free (counter() blocks it): wait for them
    await agentB.waitFor(() => confirmed(jobId).length >= 10, 10_000, 'ten confirmations in the agent’s lines').catch(() => null);
    expect(confirmed(jobId)).toHaveLength(10);
    expect(agentC.lines.some((l) => l.jobId === jobId)).toBe(false);
    // B's spool is empty again: every page was confirmed and dropped
    expect(readdirSync(path.join(dirB(), 'spool'))).toEqual([]);
  }, 60_000);

  it('B’s link goes down in the middle of a 30-page batch and comes back: every page on the hub exactly once, in order', async () => {
    const digests = await fillFolder(1);
    const { jobId } = counter('start', `folder:${folderB()}`, 'adf') as { jobId: string };
    await agentB.waitFor((l) => l.message === 'page confirmed' && l.jobId === jobId && (l.seq as number) >= 4, 40_000, 'five pages confirmed');
    lan.setLink('B', 'down');
    const atCut = confirmed(jobId).length;
    await new Promise((r) => setTimeout(r, 4000));
    // nothing reached the hub while the link was down (one answer may have been on its way)
    expect(confirmed(jobId).length).toBeLessThanOrEqual(atCut + 1);
    expect(atCut).toBeLessThan(30);
    lan.setLink('B', 'up');
    const s = await finished(jobId, 45_000);
    expectExactlyOnceInOrder(s, 30, digests);
  }, 60_000);

  it('the hub is killed (-9) in the middle of a 30-page batch and started again on its data folder: every page exactly once, in order', async () => {
    const digests = await fillFolder(2);
    const { jobId } = counter('start', `folder:${folderB()}`, 'adf') as { jobId: string };
    await agentB.waitFor((l) => l.message === 'page confirmed' && l.jobId === jobId && (l.seq as number) >= 7, 40_000, 'eight pages confirmed');
    const connected = (l: Record<string, unknown>) => l.message === 'connected to the hub';
    const connectionsBefore = agentB.lines.filter(connected).length;
    hub.child.kill('SIGKILL');
    await new Promise((r) => hub.child.once('exit', r));
    const atKill = confirmed(jobId).length;
    expect(atKill).toBeLessThan(30);
    hub = startHub();
    await hub.waitFor((l) => l.ready === true, 30_000, 'the hub again');
    const s = await finished(jobId, 45_000);
    expectExactlyOnceInOrder(s, 30, digests);
    // the agent met the dead hub and came back (its pages go over HTTPS, so the last may land before its
    // link to the hub is made again)
    await agentB.waitFor((l) => connected(l) && agentB.lines.filter(connected).indexOf(l) >= connectionsBefore, 30_000, 'the agent connected again');
  }, 90_000);

  it('B’s agent is killed (-9) in the middle of a 30-page batch and started again: every page it had spooled reaches the hub exactly once, in order', async () => {
    const digests = await fillFolder(3);
    const { jobId } = counter('start', `folder:${folderB()}`, 'adf') as { jobId: string };
    await agentB.waitFor((l) => l.message === 'page confirmed' && l.jobId === jobId && (l.seq as number) >= 4, 40_000, 'five pages confirmed');
    // the hub confirms a page as fast as the folder gives one, so the link is cut first: the agent
    // goes on spooling what the device gives, and is killed holding pages the hub has not confirmed
    lan.setLink('B', 'down');
    const spooledOf = () => agentB.lines.filter((l) => l.message === 'page spooled' && l.jobId === jobId).length;
    const atCut = confirmed(jobId).length;
    await agentB.waitFor(() => spooledOf() >= atCut + 3, 20_000, 'three pages spooled past the cut');
    agentB.child.kill('SIGKILL');
    await new Promise((r) => agentB.child.once('exit', r));
    const spooled = spooledOf();
    const confirmedBefore = confirmed(jobId).length;
    // killed with pages spooled and not yet confirmed
    expect(spooled).toBeGreaterThan(confirmedBefore);
    lan.setLink('B', 'up');
    agentB = startAgent('B', 'unused');
    const s = await finished(jobId, 45_000);
    // the scan cannot go on where the device stopped: the job ends with what was spooled, none lost, none twice
    expect(s.job.state).toBe('failed');
    expect(s.job.errorCode).toBe('DEVICE_GONE');
    const n = s.job.pages.length;
    expect(n).toBeGreaterThanOrEqual(spooled);
    expect(s.job.pages.map((p) => p.seq)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(s.job.pages.map((p) => p.sha256)).toEqual(digests.slice(0, n));
    expect(s.pageIds.filter((id) => s.job.pages.some((p) => p.pageId === id))).toEqual(s.job.pages.map((p) => p.pageId));
    expect(s.captureJob).toMatchObject({ status: 'failed', pages: n });
    expect(readdirSync(path.join(dirB(), 'spool'))).toEqual([]);
  }, 60_000);

  it('B prints a receipt on its own printer and pays on its own PC-POS through its agent; the hub never reaches them, C hears nothing', async () => {
    const jobsOfC = agentC.lines.length;
    const printed = counter('print', seeded.paymentId as string) as { printer: string; duplicate: boolean };
    // B was paired as «باجهٔ ۲» (the hub keeps Latin digits; the screens show Persian ones)
    expect(printed.printer).toBe(`باجهٔ 2/escpos:127.0.0.1:${B_PRINTER}`);
    const paid = execFileSync('ip', ['netns', 'exec', lan.ns.B!, node, '--import', 'tsx', path.join(root, 'test/multihost/counterMain.ts'), 'pay', dirB(), seeded.unpaidRequestId as string, 'officeTariff'], { encoding: 'utf8', timeout: 60_000 });
    const answer = JSON.parse(paid.trim().split('\n').pop()!) as { ok: boolean; payments?: Array<{ method: string; rrn: string }>; error?: unknown };
    expect(answer).toMatchObject({ ok: true });
    devicesB.child.stdin!.write('report\n');
    const report = (await devicesB.waitFor((l) => l.report === true, 10_000, 'B’s devices report')) as { printed: Array<{ width: number; height: number }>; sales: number; charges: Array<{ rrn: string }> };
    // the receipt came out on B's printer, 80 mm wide; one sale, one charge, the one the hub recorded
    expect(report.printed).toHaveLength(1);
    expect(report.printed[0]!.width).toBe(576);
    expect(report.sales).toBe(1);
    expect(report.charges).toHaveLength(1);
    expect(answer.payments!.map((p) => p.rrn)).toContain(report.charges[0]!.rrn);
    // from the hub's namespace, B's loopback devices do not exist: the hub could not have printed or charged
    expect(() => execFileSync('ip', ['netns', 'exec', lan.ns.hub!, node, '-e', `require('net').connect(${B_SADAD}, '127.0.0.1').on('error', () => process.exit(7)).on('connect', () => process.exit(0))`], { timeout: 10_000 })).toThrow();
    expect(agentC.lines.slice(jobsOfC).some((l) => typeof l.jobId === 'string')).toBe(false);
  }, 90_000);

  it('the manager revokes workstation C: its agent’s connection ends at once and it stops, saying why; B is not disturbed', async () => {
    const joinedC = agentC.lines.find((l) => l.message === 'joined the office')!;
    const reconnectsB = agentB.lines.filter((l) => l.message === 'connected to the hub').length;
    const asked = Date.now();
    hub.child.stdin!.write(`revoke ${String(joinedC.deviceId)}\n`);
    const stopped = await agentC.waitFor((l) => l.message === 'the hub refused this workstation', 10_000, 'agent C to stop');
    expect(stopped.code).toBe('DEVICE_REVOKED');
    const code = await new Promise((r) => (agentC.child.exitCode !== null ? r(agentC.child.exitCode) : agentC.child.once('exit', r)));
    expect(code).toBe(3);
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(agentB.lines.filter((l) => l.message === 'connected to the hub').length).toBe(reconnectsB);
  }, 30_000);
});
