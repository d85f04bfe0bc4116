import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LinkState } from '../../core/api/workstation';
import { CONTRACT_VERSION } from '../../core/api/version';
import type { ResultFrame } from '../../core/api/wire';
import { manager } from '../../test/support/hub';
import { startLanHub, type LanHub } from '../../test/support/lanHub';
import { joinOffice } from '../join';
import type { WorkstationSettings } from '../settings';
import { FIND_HUB_AFTER, openWindowLink, type WindowLink } from './windowLink';
import { hubToFollow, saveWhere } from '../follow';
import { loadSettings, saveSettings } from '../settings';
import type { PairedHub } from '../../native/lan/hubClient';
import { deadHubUrl } from '../../test/support/ports';

// A workstation's window against the office hub for real: HTTPS with the office certificate on
// 127.0.0.1, a device joined with a code the manager issued, frames as the renderer sends them.

let hub: LanHub;
let other: LanHub;
const links: WindowLink[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  hub = await startLanHub();
  other = await startLanHub();
});
afterAll(async () => {
  await hub.close();
  await other.close();
});
afterEach(() => {
  for (const l of links.splice(0)) l.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function join(kind: 'counter' | 'kiosk' | 'board' = 'counter', dataDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-link-'))): Promise<WorkstationSettings> {
  dirs.push(dataDir);
  const { code } = await hub.issueCode(kind);
  return joinOffice({ hubUrl: hub.address, code, kind, name: 'باجهٔ ۲', dataDir });
}

/** A wss:// address on this machine where nothing listens (the hub PC that died). */

function link(options: Parameters<typeof openWindowLink>[0]): WindowLink {
  const l = openWindowLink({ backoff: { firstMs: 50, maxMs: 200 }, ...options });
  links.push(l);
  return l;
}

const until = (l: WindowLink, status: LinkState['status'], ms = 8000): Promise<LinkState> =>
  new Promise((resolve, reject) => {
    if (l.state().status === status) return resolve(l.state());
    const timer = setTimeout(() => reject(new Error(`link stayed ${JSON.stringify(l.state())}, never ${status}`)), ms);
    const off = l.onState((s) => {
      if (s.status !== status) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });

let id = 100;
const call = (l: WindowLink, proc: string, input: unknown = {}, session?: string, timeoutMs?: number): Promise<ResultFrame> =>
  l.call({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) }, timeoutMs ? { timeoutMs } : undefined);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a workstation window linked to the office hub', () => {
  it('serves the window as the paired device: staff log in, calls answer with the caller\'s ids, events arrive', async () => {
    const settings = await join('counter');
    const l = link({ hub: settings.hub });
    // a call made while connecting waits for the link
    const status = call(l, 'setup.status');
    await until(l, 'open');
    const answer = await status;
    expect(answer).toMatchObject({ ok: true, output: { setUp: true, connection: 'paired' } });
    expect(answer.id).toBe(id - 1);
    const login = await call(l, 'auth.login', { username: manager.username, password: manager.password });
    expect(login.ok).toBe(true);
    const session = (login as { output: { session: string } }).output.session;
    expect(await call(l, 'auth.whoami', {}, session)).toMatchObject({ ok: true, output: { principal: { role: 'manager' } } });

    const seen: unknown[] = [];
    const sub = l.subscribe({ t: 'sub', id: 7, event: 'clock' }, (p) => seen.push(p));
    expect(await sub.answer).toMatchObject({ ok: true, id: 7 });
    hub.hub.services.events.emit('clock', { now: '2026-12-06T08:00:00.000Z' });
    await expect.poll(() => seen).toContainEqual({ now: '2026-12-06T08:00:00.000Z' });
    sub.unsubscribe();
  });

  it('a kiosk workstation opens a kiosk session and no staff one', async () => {
    const settings = await join('kiosk');
    const l = link({ hub: settings.hub });
    expect(await call(l, 'auth.deviceLogin', { role: 'kiosk' })).toMatchObject({ ok: true });
    const staff = await call(l, 'auth.login', { username: manager.username, password: manager.password });
    expect(staff.ok).toBe(false);
  });

  it('the hub switched off and on: calls resolve with HUB_UNREACHABLE, never hang; the link comes back and re-subscribes', async () => {
    const settings = await join('counter');
    const l = link({ hub: settings.hub, callTimeoutMs: 1500, connectTimeoutMs: 1000 });
    const seen: unknown[] = [];
    expect(await l.subscribe({ t: 'sub', id: 1, event: 'clock' }, (p) => seen.push(p)).answer).toMatchObject({ ok: true });
    await hub.stopServing();
    await until(l, 'connecting');
    const started = Date.now();
    expect(await call(l, 'health')).toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE' } });
    expect(Date.now() - started).toBeLessThan(3000);
    await hub.serveAgain();
    await until(l, 'open');
    expect(await call(l, 'health')).toMatchObject({ ok: true });
    hub.hub.services.events.emit('clock', { now: '2026-12-06T09:00:00.000Z' });
    await expect.poll(() => seen).toContainEqual({ now: '2026-12-06T09:00:00.000Z' });
  });

  it('another contract version: stops with both numbers, calls answered at once, no reconnecting', async () => {
    const settings = await join('counter');
    let attempts = 0;
    const l = link({ hub: settings.hub, contractVersion: CONTRACT_VERSION + 1, onProblem: () => attempts++ });
    expect(await until(l, 'halted')).toEqual({ status: 'halted', reason: 'incompatible', hubVersion: CONTRACT_VERSION, ourVersion: CONTRACT_VERSION + 1 });
    expect(await call(l, 'setup.status')).toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE' } });
    expect(await l.subscribe({ t: 'sub', id: 3, event: 'clock' }, () => {}).answer).toMatchObject({ ok: false });
    await sleep(500);
    expect(l.state().status).toBe('halted');
    expect(attempts).toBe(0);
  });

  it('revoked while at work: the window is told why and the link stops; a revoked PC starting again gets nothing', async () => {
    const settings = await join('counter');
    let attempts = 0;
    const l = link({ hub: settings.hub, onProblem: () => attempts++ });
    await until(l, 'open');
    await hub.ok('device.revoke', { deviceId: settings.hub.deviceId, reason: 'رایانه تعویض شد' }, hub.managerSession);
    expect(await until(l, 'halted')).toEqual({ status: 'halted', reason: 'revoked' });
    expect(await call(l, 'setup.status')).toMatchObject({ ok: false, error: { code: 'DEVICE_REVOKED' } });
    await sleep(500);
    expect(attempts).toBe(0);

    const again = link({ hub: settings.hub, onProblem: () => attempts++ });
    const early = call(again, 'setup.status');
    expect(await until(again, 'halted')).toEqual({ status: 'halted', reason: 'revoked' });
    expect(await early).toMatchObject({ ok: false, error: { code: 'DEVICE_REVOKED' } });
    await sleep(500);
    expect(again.state().status).toBe('halted');
    expect(attempts).toBe(0);
  });

  it("pinned: another office's hub at the address is never trusted, and calls still resolve", async () => {
    const settings = await join('counter');
    const problems: string[] = [];
    const l = link({ hub: { ...settings.hub, url: `wss://127.0.0.1:${other.port}/api/ws` }, callTimeoutMs: 800, onProblem: (p) => problems.push(p) });
    expect(await call(l, 'setup.status')).toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE' } });
    expect(l.state().status).toBe('connecting');
    expect(problems.join('\n')).toMatch(/pinned office authority|certificate/);
  });
});

/**
 * A relay at 127.0.0.1:<port> in front of a hub listening on 127.0.0.2 at the same port (so the Host
 * the window sends is the hub's own). `pull()` is a cable pulled: every connection stays open on both
 * sides and nothing more goes through, new ones included — no close, no reset, as on a real LAN.
 */
async function cableRelay() {
  const pairs: Array<[Socket, Socket]> = [];
  let pulled = false;
  const held: Socket[] = [];
  const server: Server = createServer((client) => {
    client.on('error', () => {});
    if (pulled) return void held.push(client);
    const upstream = tcpConnect(port, '127.0.0.2');
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const lanHub = await startLanHub(undefined, { host: '127.0.0.2', port });
  return {
    hub: lanHub,
    pull() {
      pulled = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    async close() {
      for (const s of [...pairs.flat(), ...held]) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lanHub.close();
    },
  };
}

describe('a window following the office to a promoted standby', () => {
  it('after a few failed connects the link asks findHub and goes on at the hub it names, as the same device', async () => {
    const settings = await join();
    const dead: PairedHub = { ...settings.hub, url: await deadHubUrl() };
    const asked: string[] = [];
    const problems: string[] = [];
    const moved: string[] = [];
    const l = link({
      hub: dead,
      findHub: async (current) => {
        asked.push(current.url);
        return settings.hub;
      },
      onProblem: (p) => problems.push(p),
      onMoved: (h) => moved.push(h.url),
    });
    await until(l, 'open');
    // a hub restarting is given its few attempts first
    expect(problems.length).toBeGreaterThanOrEqual(FIND_HUB_AFTER);
    expect(asked).toEqual([dead.url]);
    expect(moved).toEqual([settings.hub.url]);
    const login = await call(l, 'auth.login', { username: manager.username, password: manager.password });
    expect(login.ok).toBe(true);
  });

  it('findHub naming nobody (or failing) keeps trying the same hub', async () => {
    const settings = await join();
    const dead: PairedHub = { ...settings.hub, url: await deadHubUrl() };
    let asked = 0;
    const l = link({ hub: dead, findHub: async () => (++asked === 1 ? null : Promise.reject(new Error('standby unreachable'))) });
    await sleep(1500);
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(l.state()).toEqual({ status: 'connecting' });
    expect((await call(l, 'health', {}, undefined, 300)).ok).toBe(false);
  });

  it('hubToFollow: the settings the agent rewrote first; else the standby, if promoted above the epoch known, kept in the settings', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-follow-'));
    const settings = await join('board', dataDir);
    const dead: PairedHub = { ...settings.hub, url: await deadHubUrl() };
    // the agent of this PC already moved: its settings name the hub (here the same live one)
    expect(await hubToFollow(dead, dataDir)).toEqual(settings.hub);
    // no agent moved (a board): the standby named by the hub is asked; not promoted above the epoch known → nothing
    saveSettings(dataDir, { ...settings, hub: dead });
    expect(await hubToFollow(dead, dataDir)).toBeNull();
    saveWhere(dataDir, { epoch: 1, standbyUrl: `https://${hub.address}` });
    expect(await hubToFollow(dead, dataDir, 2000)).toBeNull();
    // promoted: a higher epoch there → followed, and the settings name it for the next start
    hub.db.prepare('UPDATE hub_epoch SET epoch = epoch + 1 WHERE id = 1').run();
    const followed = await hubToFollow(dead, dataDir, 2000);
    expect(followed).toMatchObject({ url: `wss://${hub.address}/api/ws`, deviceId: settings.hub.deviceId });
    expect(loadSettings(dataDir)?.hub.url).toBe(`wss://${hub.address}/api/ws`);
  });
});

describe('the window link’s liveness probe', () => {
  const EVERY_MS = 200;
  const TIMEOUT_MS = 300;
  let relay: Awaited<ReturnType<typeof cableRelay>>;
  beforeAll(async () => {
    relay = await cableRelay();
  });
  afterAll(async () => {
    await relay.close();
  });

  async function joinRelayed(): Promise<WorkstationSettings> {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-link-'));
    dirs.push(dataDir);
    const { code } = await relay.hub.issueCode('counter');
    return joinOffice({ hubUrl: relay.hub.address, code, kind: 'counter', name: 'باجهٔ ۳', dataDir });
  }

  it('stays open over many probe periods while the hub answers', async () => {
    const settings = await joinRelayed();
    const seen: LinkState['status'][] = [];
    const l = link({ hub: settings.hub, probeEveryMs: EVERY_MS, probeTimeoutMs: TIMEOUT_MS });
    await until(l, 'open');
    l.onState((s) => seen.push(s.status));
    await sleep(5 * (EVERY_MS + TIMEOUT_MS));
    expect(seen).toEqual([]);
    expect(l.state().status).toBe('open');
  });

  it('a pulled cable (no close ever comes) counts as lost within probe interval + timeout; a call in flight is told HUB_UNREACHABLE', async () => {
    const settings = await joinRelayed();
    const problems: string[] = [];
    const l = link({ hub: settings.hub, probeEveryMs: EVERY_MS, probeTimeoutMs: TIMEOUT_MS, callTimeoutMs: 30_000, connectTimeoutMs: 30_000, onProblem: (p) => problems.push(p) });
    await until(l, 'open');
    // the probe's clock starts at open; pulled right away, the first unanswered probe goes EVERY_MS later
    const pulledAt = Date.now();
    relay.pull();
    const inFlight = call(l, 'setup.status');
    await until(l, 'connecting', 5000);
    const after = Date.now() - pulledAt;
    expect(after).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(after).toBeLessThan(EVERY_MS + TIMEOUT_MS + 500);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE' } });
    expect(problems[0]).toBe('the hub did not answer health in time');
  });
});
