import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { wsClient, type WsClient } from '../../test/support/wsClient';
import { manager, office } from '../../test/support/hub';
import { startWebMode, type WebMode } from '../webMode';
import { WS_PATH } from './server';

// Finding: with --require-pairing a brand-new office could not be set up from any browser — setup was
// refused before pairing, and pairing needs a manager. Now the hub prints a one-time setup code on
// its own console, and the first-run screen asks for it on a connection that is not trusted.

const toPersian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);

let web: WebMode | undefined;
const clients: WsClient[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await web?.close();
  web = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** `npm start -- --web --require-pairing` on a fresh data folder; what the console shows is kept. */
async function freshHub(options: { requirePairing: boolean }) {
  const rendererDir = tempDir('daftaryar-renderer-');
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>دفتریار</title>');
  const console: string[] = [];
  web = await startWebMode({
    dataDir: tempDir('daftaryar-first-run-'),
    version: 'test',
    host: '127.0.0.1',
    port: 0,
    rendererDir,
    log: silentLogger,
    requirePairing: options.requirePairing,
    onSetupCode: (code) => console.push(code),
  });
  const connect = async () => {
    const client = await wsClient(`${web!.origin.replace(/^http/, 'ws')}${WS_PATH}`);
    clients.push(client);
    return client;
  };
  return { console, connect };
}

describe('first-run setup when every browser must pair (--require-pairing)', () => {
  it('works from a browser with the one-time code from the hub’s console, which pairs that browser for the manager', async () => {
    const hub = await freshHub({ requirePairing: true });
    expect(hub.console).toHaveLength(1);
    const code = hub.console[0]!;
    expect(code).toMatch(/^\d{12}$/);

    const browser = await hub.connect();
    expect(await browser.ok('setup.status', {})).toEqual({ setUp: false, connection: 'unpaired', setupCode: true });
    // without the code, or with a wrong one: refused, nothing created
    expect(await browser.call('setup.createOffice', { office, manager })).toMatchObject({ ok: false, error: { code: 'INVALID_SETUP_CODE', fields: [{ path: 'setupCode', reason: 'required' }] } });
    const wrong = String((Number(code.slice(0, 6)) + 1) % 1_000_000).padStart(6, '0') + code.slice(6);
    expect(await browser.call('setup.createOffice', { office, manager, setupCode: wrong })).toMatchObject({ ok: false, error: { code: 'INVALID_SETUP_CODE', fields: [{ path: 'setupCode', reason: 'invalid_setup_code' }] } });
    expect((await browser.ok('setup.status', {})).setUp).toBe(false);

    // the code as the console shows it, typed in Persian digits with spaces
    const typed = toPersian(`${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}`);
    const created = await browser.ok('setup.createOffice', { office, manager, setupCode: typed });
    expect(created).toMatchObject({ officeCode: '1234', managerUsername: 'maryam', device: { kind: 'counter' } });
    const device = created.device!;

    // this browser is now a paired counter: the manager logs in here and pairs the other PCs
    const { session } = await browser.ok('auth.login', { username: manager.username, password: manager.password });
    browser.setSession(session);
    expect(codeOf(await browser.call('device.issueCode', { kind: 'board', name: 'تابلو' }))).toBe('ok');
    expect((await browser.ok('device.list', {})).devices).toMatchObject([{ id: device.deviceId, kind: 'counter', pairedBy: 'مریم احمدی' }]);
    const audit = await browser.ok('audit.list', { limit: 20 });
    expect(audit.entries.find((e) => e.action === 'devicePaired')).toMatchObject({ detail: { via: 'setup' } });

    // and stays paired on the next connection, by its credential
    const again = await hub.connect();
    expect(codeOf(await again.call('auth.device', { deviceId: device.deviceId, credential: device.credential }))).toBe('ok');
    expect(await again.ok('setup.status', {})).toEqual({ setUp: true, connection: 'paired', setupCode: false });

    // the code was for one setup only
    const other = await hub.connect();
    expect(codeOf(await other.call('setup.createOffice', { office, manager, setupCode: code }))).toBe('ALREADY_SET_UP');
    expect(codeOf(await other.call('auth.login', { username: manager.username, password: manager.password }))).toBe('DEVICE_NOT_PAIRED');
  });

  it('after 5 wrong codes prints a new one on the console: the old one is void, a guesser learns nothing', async () => {
    const hub = await freshHub({ requirePairing: true });
    const first = hub.console[0]!;
    const guesser = await hub.connect();
    for (let i = 0; i < 5; i++) {
      const res = await guesser.call('setup.createOffice', { office, manager, setupCode: String(100_000_000_000 + i) });
      expect(codeOf(res)).toBe('INVALID_SETUP_CODE');
    }
    expect(hub.console).toHaveLength(2);
    expect(hub.console[1]).not.toBe(first);
    const browser = await hub.connect();
    expect(codeOf(await browser.call('setup.createOffice', { office, manager, setupCode: first }))).toBe('INVALID_SETUP_CODE');
    expect(codeOf(await browser.call('setup.createOffice', { office, manager, setupCode: hub.console[1]! }))).toBe('ok');
  });

  it('needs no code where the browser on the hub’s own PC is trusted (no --require-pairing), and prints none', async () => {
    const hub = await freshHub({ requirePairing: false });
    expect(hub.console).toEqual([]);
    const browser = await hub.connect();
    expect(await browser.ok('setup.status', {})).toEqual({ setUp: false, connection: 'local', setupCode: false });
    expect(await browser.ok('setup.createOffice', { office, manager })).toEqual({ officeCode: '1234', managerUsername: 'maryam' });
  });
});
