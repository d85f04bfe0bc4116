import { createServer } from 'node:net';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import type { ResultFrame } from '../core/api/wire';
import { newConnection } from './auth/connection';
import { silentLogger } from './log';
import { startHub, type RunningHub } from './start';
import { decideOfficeLan, keepOfficeLan, OFFICE_LAN_HOST, OFFICE_LAN_PORT, serveOfficeLan, type OfficeLan } from './officeLan';
import type { Logger } from './log';
import { DEFAULT_PORT } from './config/config';
import { connectPinned, pairWithHub, pinnedTlsOptions, PairingError } from '../native/lan/hubClient';
import { manager, office } from '../test/support/hub';
import { desktopKit, type DesktopHub } from '../test/support/desktopHub';
import { officeTls } from './lan/officeCertificate';
import { spkiFingerprint } from '../native/lan/pairingCode';

const { cleanup, folder, desktopHub, renderer } = desktopKit();

async function serve(t: DesktopHub, enabled = true) {
  const served = await serveOfficeLan({ hub: t.hub, db: t.db, rendererDir: renderer(), enabled, host: '127.0.0.1', port: 0, names: { dns: ['localhost'], ips: ['127.0.0.1'] } });
  if (served.lan) cleanup(() => (served.lan as OfficeLan).close());
  return served;
}

/** One call on a fresh connection that proves no device: what an unpaired PC of the LAN gets. */
async function unpairedCall(url: string, authority: { authorityPem: string; fingerprint: string }, proc: string, input: unknown): Promise<ResultFrame> {
  const ws = new WebSocket(url, pinnedTlsOptions(authority));
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const answer = new Promise<ResultFrame>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as ResultFrame)));
    ws.send(JSON.stringify({ t: 'call', id: 1, proc, input }));
    return await answer;
  } finally {
    ws.close();
  }
}

describe('decideOfficeLan', () => {
  it('serves once the office is set up, unless turned off', async () => {
    const t = desktopHub();
    expect(decideOfficeLan(t.db, true)).toEqual({ serve: false, reason: 'office-not-set-up' });
    await t.ok('setup.createOffice', { office, manager });
    expect(decideOfficeLan(t.db, true)).toEqual({ serve: true });
    expect(decideOfficeLan(t.db, false)).toEqual({ serve: false, reason: 'turned-off' });
  });

  it("listens by default on every interface at web mode's port", () => {
    expect(OFFICE_LAN_HOST).toBe('0.0.0.0');
    expect(OFFICE_LAN_PORT).toBe(DEFAULT_PORT);
  });
});

describe('serveOfficeLan: the desktop hub answers the office LAN over HTTPS', () => {
  it('a workstation pairs with a code, then its paired connection is served; an unpaired one is refused', async () => {
    const t = desktopHub();
    await t.ok('setup.createOffice', { office, manager });
    const { session } = await t.ok('auth.login', { username: manager.username, password: manager.password });
    const served = await serve(t);
    if (!served.lan) throw new Error(`not served: ${served.reason}`);
    const { port } = served.lan;
    expect(port).toBeGreaterThan(0);

    const { code } = await t.ok('device.issueCode', { kind: 'counter', name: 'باجهٔ ۲' }, session);
    // what a workstation's join does (workstation/join.ts; end to end through it in electron/officeLan.test.ts)
    const settings = { hub: await pairWithHub({ url: `wss://127.0.0.1:${port}/api/ws`, code }) };
    expect(settings.hub.kind).toBe('counter');
    const conn = await connectPinned(settings.hub);
    cleanup(() => conn.close());
    // a paired counter logs in and works over the LAN
    const login = await conn.call('auth.login', { username: manager.username, password: manager.password });
    expect(login.ok).toBe(true);
    const listed = await conn.call('device.list', {}, (login as { output: { session: string } }).output.session);
    expect(listed).toMatchObject({ ok: true });

    // the same office's certificate, but no device proven: only pairing is served
    const refused = await unpairedCall(settings.hub.url, settings.hub, 'auth.login', { username: manager.username, password: manager.password });
    expect(refused).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_PAIRED' } });
    // a device the hub never paired cannot prove itself
    const forged = await connectPinned({ ...settings.hub, deviceId: settings.hub.deviceId + 1 }).catch((err: unknown) => err);
    expect(forged).toBeInstanceOf(PairingError);
    expect((forged as PairingError).code).toBe('DEVICE_NOT_PAIRED');
  });

  it('plain HTTP is not served: the LAN gets HTTPS only', async () => {
    const t = desktopHub();
    await t.ok('setup.createOffice', { office, manager });
    const served = await serve(t);
    if (!served.lan) throw new Error('not served');
    const plain = await fetch(`http://127.0.0.1:${served.lan.port}/counter`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
  });

  it('nothing listens when turned off or before the office is set up', async () => {
    const t = desktopHub();
    expect(await serve(t)).toEqual({ lan: null, reason: 'office-not-set-up' });
    await t.ok('setup.createOffice', { office, manager });
    expect(await serve(t, false)).toEqual({ lan: null, reason: 'turned-off' });
  });

  it('close frees the port and ends open connections, so the app quits and the next start can listen again', async () => {
    const t = desktopHub();
    await t.ok('setup.createOffice', { office, manager });
    const served = await serve(t);
    if (!served.lan) throw new Error('not served');
    const { port } = served.lan;
    const held = new WebSocket(`wss://127.0.0.1:${port}/api/ws`, { rejectUnauthorized: false });
    const heldClosed = new Promise<void>((resolve) => held.once('close', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      held.once('open', () => resolve());
      held.once('error', reject);
    });
    await served.lan.close();
    await heldClosed;
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
});

function recordingLog() {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, ...(fields ? { fields } : {}) });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

describe('keepOfficeLan: the LAN for the desktop app\'s whole life', () => {
  const lanOptions = (t: Pick<RunningHub, 'hub' | 'db'>, log: Logger, extra: { enabled?: boolean; port?: number } = {}) => ({
    hub: t.hub,
    db: t.db,
    rendererDir: renderer(),
    enabled: extra.enabled ?? true,
    host: '127.0.0.1',
    port: extra.port ?? 0,
    names: { dns: ['localhost'], ips: ['127.0.0.1'] },
    log,
    checkEveryMs: 20,
  });

  it('a hub whose office is set up in its first window starts serving the LAN then, without a restart', async () => {
    const t = desktopHub();
    const { log } = recordingLog();
    const kept = keepOfficeLan(lanOptions(t, log));
    cleanup(() => kept.close());
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(kept.current()).toBeNull();
    await t.ok('setup.createOffice', { office, manager });
    const lan = await kept.serving;
    expect(lan?.port).toBeGreaterThan(0);
    const health = await unpairedCall(`wss://127.0.0.1:${lan!.port}/api/ws`, await authorityOf(t), 'health', {});
    expect(health.ok).toBe(true);
  });

  it('at quit: close, not awaited, then the hub closing in the same turn — the LAN connection ends and nothing fails', async () => {
    // (its own hub: closed here, as the app closes it, not by the cleanup)
    const running = startHub({ dataDir: folder('daftaryar-desktop-hub-'), version: 'test', log: silentLogger });
    await running.hub.call({ t: 'call', id: 1, proc: 'setup.createOffice', input: { office, manager } }, { kind: 'local', connection: newConnection() });
    const { log, lines } = recordingLog();
    const kept = keepOfficeLan(lanOptions(running, log));
    const lan = await kept.serving;
    const held = new WebSocket(`wss://127.0.0.1:${lan!.port}/api/ws`, pinnedTlsOptions(await authorityOf(running)));
    const heldClosed = new Promise<void>((resolve) => held.once('close', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      held.once('open', () => resolve());
      held.once('error', reject);
    });
    // electron/main.ts closeHub: neither is awaited (quitting waits for no promise)
    const closing = kept.close();
    const hubClosing = running.close();
    await Promise.all([closing, hubClosing, heldClosed]);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(lan!.port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  it('turned off: never serves', async () => {
    const t = desktopHub();
    await t.ok('setup.createOffice', { office, manager });
    const { log, lines } = recordingLog();
    const kept = keepOfficeLan(lanOptions(t, log, { enabled: false }));
    expect(await kept.serving).toBeNull();
    expect(lines.map((l) => l.msg)).toContain('office LAN not served (turned off)');
    await kept.close();
  });

  it('the port taken: logged, and the hub goes on without the LAN', async () => {
    const t = desktopHub();
    await t.ok('setup.createOffice', { office, manager });
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    cleanup(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const { log, lines } = recordingLog();
    const kept = keepOfficeLan(lanOptions(t, log, { port }));
    expect(await kept.serving).toBeNull();
    expect(lines.find((l) => l.level === 'error')).toMatchObject({ msg: 'office LAN could not be served', fields: { port } });
    await kept.close();
  });

  it('closed before the office is set up: stops looking, and serves nothing after', async () => {
    const t = desktopHub();
    const { log } = recordingLog();
    const kept = keepOfficeLan(lanOptions(t, log));
    await kept.close();
    expect(await kept.serving).toBeNull();
    await t.ok('setup.createOffice', { office, manager });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(kept.current()).toBeNull();
  });
});

async function authorityOf(t: Pick<RunningHub, 'db'>) {
  const tls = await officeTls(t.db, new Date(), { dns: ['localhost'], ips: ['127.0.0.1'] });
  return { authorityPem: tls.authority.pem, fingerprint: spkiFingerprint(tls.authority.pem) };
}
