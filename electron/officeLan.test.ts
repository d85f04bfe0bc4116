import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../hub/config/config';
import { newConnection } from '../hub/auth/connection';
import { silentLogger } from '../hub/log';
import { startHub, type RunningHub } from '../hub/start';
import { connectPinned } from '../native/lan/hubClient';
import { manager, office } from '../test/support/hub';
import { joinOffice } from '../workstation/join';

// the glue runs in Electron's main process but needs none of Electron: nothing of it is offered here
vi.mock('electron', () => ({}));
const { startDesktopLan } = await import('./officeLan');

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});
function folder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** electron/main.ts's hub: startHub on the data folder, the office set up in its first window */
async function desktopHub(): Promise<RunningHub & { session: string }> {
  const running = startHub({ dataDir: folder('daftaryar-desktop-'), version: 'test', log: silentLogger });
  cleanup.push(() => running.close());
  let id = 1;
  const ok = async (proc: string, input: unknown, session?: string) => {
    const res = await running.hub.call({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) }, { kind: 'local', connection: newConnection() });
    if (!res.ok) throw new Error(`${proc} failed: ${res.error.code}`);
    return res.output as Record<string, unknown>;
  };
  await ok('setup.createOffice', { office, manager });
  const { session } = (await ok('auth.login', { username: manager.username, password: manager.password })) as { session: string };
  return { ...running, session };
}

function renderer(): string {
  const dir = folder('daftaryar-renderer-');
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>دفتریار</title>');
  return dir;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('startDesktopLan: the desktop hub serves the office LAN', () => {
  it('by default, on every interface at --lan-port: a workstation joins it over HTTPS with workstation/join.ts and is served', async () => {
    const running = await desktopHub();
    const port = await freePort();
    const lan = startDesktopLan({ argv: ['/opt/daftaryar/daftaryar', '--role', 'counter', '--lan-port', String(port)], env: {}, running, rendererDir: renderer(), log: silentLogger });
    cleanup.push(() => lan.close());
    const served = await lan.serving;
    expect(served?.port).toBe(port);
    expect(served?.server.server.address()).toMatchObject({ address: '0.0.0.0', port });

    const issued = await running.hub.call({ t: 'call', id: 1, proc: 'device.issueCode', input: { kind: 'counter', name: 'باجهٔ ۲' }, session: running.session }, { kind: 'local', connection: newConnection() });
    if (!issued.ok) throw new Error(issued.error.code);
    const settings = await joinOffice({ hubUrl: `127.0.0.1:${port}`, code: (issued.output as { code: string }).code, kind: 'counter', name: 'باجهٔ ۲', dataDir: folder('daftaryar-ws-') });
    expect(settings.hub.url).toBe(`wss://127.0.0.1:${port}/api/ws`);
    const conn = await connectPinned(settings.hub);
    cleanup.push(() => conn.close());
    expect(await conn.call('auth.login', { username: manager.username, password: manager.password })).toMatchObject({ ok: true });
  });

  it('--no-lan: nothing listens', async () => {
    const running = await desktopHub();
    const port = await freePort();
    const lan = startDesktopLan({ argv: ['--no-lan', '--lan-port', String(port)], env: {}, running, rendererDir: renderer(), log: silentLogger });
    expect(await lan.serving).toBeNull();
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '0.0.0.0', () => resolve());
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await lan.close();
  });

  it('a bad --lan-port is a start error (the app says so), before anything listens', async () => {
    const running = await desktopHub();
    expect(() => startDesktopLan({ argv: ['--lan-port', 'hub'], env: {}, running, rendererDir: renderer(), log: silentLogger })).toThrow(ConfigError);
  });
});
