import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_VERSION } from '../core/api/version';
import { toPersianDigits } from '../core/text/digits';
import { connectPinned } from '../native/lan/hubClient';
import { pairingCode } from '../native/lan/pairingCode';
import { startLanHub, type LanHub } from '../test/support/lanHub';
import { JoinError, joinOffice } from './join';
import { loadSettings, settingsPath } from './settings';

// Joining for real: the hub's HTTPS server with the office certificate on 127.0.0.1, a code the
// manager issued through the contract, and a second office's hub for the wrong certificate.

let hub: LanHub;
let other: LanHub;
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  hub = await startLanHub();
  other = await startLanHub();
});
afterAll(async () => {
  await hub.close();
  await other.close();
});
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('joined, but should not have'); }, (e: unknown) => e as JoinError);

describe('joinOffice against a real hub over HTTPS', () => {
  it('joins with a real code typed in Persian digits, saves the settings 0600 and the credential works', async () => {
    const { code } = await hub.issueCode('counter');
    const dir = dataDir();
    const settings = await joinOffice({ hubUrl: toPersianDigits(hub.address), code: toPersianDigits(`${code.slice(0, 6)} ${code.slice(6)}`), kind: 'counter', name: ' باجهٔ ۲ ', dataDir: dir });
    expect(settings).toMatchObject({ kind: 'counter', name: 'باجهٔ ۲', hub: { url: `wss://127.0.0.1:${hub.port}/api/ws`, kind: 'counter' } });
    expect(loadSettings(dir)).toEqual(settings);
    if (process.platform !== 'win32') expect(statSync(settingsPath(dir)).mode & 0o777).toBe(0o600);
    // only the settings: no office data on a workstation
    expect(readFileSync(settingsPath(dir), 'utf8')).toContain(settings.hub.credential);
    const conn = await connectPinned(settings.hub);
    expect((await conn.call('setup.status', {})).ok).toBe(true);
    conn.close();
    // the hub lists it as a device of the office
    const { devices } = await hub.ok('device.list', {}, hub.managerSession);
    expect(devices.some((d) => d.id === settings.hub.deviceId && d.kind === 'counter')).toBe(true);
  });

  it('accepts https:// and wss:// addresses as pasted', async () => {
    const { code } = await hub.issueCode('board', 'تابلو');
    const settings = await joinOffice({ hubUrl: `https://127.0.0.1:${hub.port}/`, code, kind: 'board', name: 'تابلو', dataDir: dataDir() });
    expect(settings.hub.kind).toBe('board');
  });

  it('refuses a malformed code and address without reaching the hub', async () => {
    const dir = dataDir();
    expect((await failure(joinOffice({ hubUrl: hub.address, code: '12345', kind: 'counter', name: 'x', dataDir: dir }))).code).toBe('JOIN_MALFORMED_CODE');
    expect((await failure(joinOffice({ hubUrl: 'not an address', code: '123456123456', kind: 'counter', name: 'x', dataDir: dir }))).code).toBe('JOIN_BAD_ADDRESS');
    expect(loadSettings(dir)).toBeNull();
  });

  it('a code with the right check digits but a secret the manager never issued is refused by the hub', async () => {
    const { code, fingerprint } = await hub.issueCode('counter');
    const secret = `${(Number(code.slice(0, 6)) + 1) % 1_000_000}`.padStart(6, '0');
    const err = await failure(joinOffice({ hubUrl: hub.address, code: pairingCode(secret, fingerprint), kind: 'counter', name: 'x', dataDir: dataDir() }));
    expect(err.code).toBe('JOIN_CODE_REFUSED');
  });

  it('a code whose check digits do not match the certificate is refused before its secret is sent', async () => {
    const { code } = await hub.issueCode('counter');
    const wrongCheck = code.slice(0, 6) + `${(Number(code.slice(6)) + 1) % 1_000_000}`.padStart(6, '0');
    expect((await failure(joinOffice({ hubUrl: hub.address, code: wrongCheck, kind: 'counter', name: 'x', dataDir: dataDir() }))).code).toBe('JOIN_CERTIFICATE_MISMATCH');
  });

  it('a used code is refused', async () => {
    const { code } = await hub.issueCode('counter');
    await joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'a', dataDir: dataDir() });
    const dir = dataDir();
    expect((await failure(joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'b', dataDir: dir }))).code).toBe('JOIN_CODE_REFUSED');
    expect(loadSettings(dir)).toBeNull();
  });

  it('an expired code is refused', async () => {
    const { code, id } = await hub.issueCode('counter');
    const past = 10 * 60_000 + 1000; // the code's 10 minutes, and a second
    hub.advance(past);
    try {
      expect((await hub.ok('device.list', {}, hub.managerSession)).codes.some((c) => c.id === id)).toBe(false);
      expect((await failure(joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'x', dataDir: dataDir() }))).code).toBe('JOIN_CODE_REFUSED');
    } finally {
      hub.advance(-past);
    }
  });

  it("a code of this office shown to another office's hub (another certificate) is refused before the secret is sent", async () => {
    const { code } = await hub.issueCode('counter');
    const err = await failure(joinOffice({ hubUrl: other.address, code, kind: 'counter', name: 'x', dataDir: dataDir() }));
    expect(err.code).toBe('JOIN_CERTIFICATE_MISMATCH');
    // the secret never reached the other hub, and is still good for its own
    await expect(joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'x', dataDir: dataDir() })).resolves.toMatchObject({ kind: 'counter' });
  });

  it('nothing listening: unreachable', async () => {
    const err = await failure(joinOffice({ hubUrl: '127.0.0.1:1', code: '123456123456', kind: 'counter', name: 'x', dataDir: dataDir(), timeoutMs: 3000 }));
    expect(err.code).toBe('JOIN_UNREACHABLE');
  });

  it('another contract version: refused with both numbers before the code is spent', async () => {
    const { code } = await hub.issueCode('counter');
    const err = await failure(joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'x', dataDir: dataDir(), contractVersion: CONTRACT_VERSION + 1 }));
    expect(err.code).toBe('JOIN_VERSION_MISMATCH');
    expect(err.details).toEqual({ hubVersion: CONTRACT_VERSION, ourVersion: CONTRACT_VERSION + 1 });
    await expect(joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'x', dataDir: dataDir() })).resolves.toBeTruthy();
  });

  it('a code issued for another role is refused, naming it', async () => {
    const { code } = await hub.issueCode('kiosk', 'کیوسک');
    const dir = dataDir();
    const err = await failure(joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'x', dataDir: dir }));
    expect(err.code).toBe('JOIN_KIND_MISMATCH');
    expect(err.details.codeKind).toBe('kiosk');
    expect(loadSettings(dir)).toBeNull();
  });
});
