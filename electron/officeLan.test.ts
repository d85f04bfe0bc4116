import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../hub/config/config';
import { newConnection } from '../hub/auth/connection';
import { silentLogger } from '../hub/log';
import { connectPinned } from '../native/lan/hubClient';
import { manager } from '../test/support/hub';
import { desktopKit } from '../test/support/desktopHub';
import { joinOffice } from '../workstation/join';

// the glue runs in Electron's main process but needs none of Electron: nothing of it is offered here
vi.mock('electron', () => ({}));
const { startDesktopLan } = await import('./officeLan');

const { cleanup, folder, officeHub, renderer } = desktopKit();

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('startDesktopLan: the desktop hub serves the office LAN', () => {
  it('by default, on every interface at --lan-port: a workstation joins it over HTTPS with workstation/join.ts and is served', async () => {
    const running = await officeHub();
    const port = await freePort();
    const lan = startDesktopLan({ argv: ['/opt/daftaryar/daftaryar', '--role', 'counter', '--lan-port', String(port)], env: {}, running, rendererDir: renderer(), log: silentLogger });
    cleanup(() => lan.close());
    const served = await lan.serving;
    expect(served?.port).toBe(port);
    expect(served?.server.server.address()).toMatchObject({ address: '0.0.0.0', port });

    const issued = await running.hub.call({ t: 'call', id: 1, proc: 'device.issueCode', input: { kind: 'counter', name: 'باجهٔ ۲' }, session: running.session }, { kind: 'local', connection: newConnection() });
    if (!issued.ok) throw new Error(issued.error.code);
    const settings = await joinOffice({ hubUrl: `127.0.0.1:${port}`, code: (issued.output as { code: string }).code, kind: 'counter', name: 'باجهٔ ۲', dataDir: folder('daftaryar-ws-') });
    expect(settings.hub.url).toBe(`wss://127.0.0.1:${port}/api/ws`);
    const conn = await connectPinned(settings.hub);
    cleanup(() => conn.close());
    expect(await conn.call('auth.login', { username: manager.username, password: manager.password })).toMatchObject({ ok: true });
  });

  it('--no-lan: nothing listens', async () => {
    const running = await officeHub();
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
    const running = await officeHub();
    expect(() => startDesktopLan({ argv: ['--lan-port', 'hub'], env: {}, running, rendererDir: renderer(), log: silentLogger })).toThrow(ConfigError);
  });
});
