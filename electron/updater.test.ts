/**
 * The workstation's updater glue with `electron` and `electron-updater` mocked: how it configures
 * electron-updater (the hub's feed, the device credential, the pinned certificate check), and when it
 * prompts and installs. The decisions themselves are tested headless in workstation/updates.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkstationSettings } from '../workstation/settings';
import { CHECK_EVERY_MS, QUIET_MS, START_DELAY_MS } from '../workstation/updates/updateOffer';
import { silentLogger } from '../hub/log';

type VerifyProc = (request: { certificate: { data: string; issuerCert?: { data: string } } }, callback: (verdict: number) => void) => void;

const fake = vi.hoisted(() => {
  const updater = Object.assign(new (require('node:events').EventEmitter as typeof EventEmitter)(), {
    feed: null as unknown,
    requestHeaders: null as Record<string, string> | null,
    autoDownload: false,
    autoInstallOnAppQuit: true,
    allowDowngrade: true,
    logger: null as unknown,
    verify: null as VerifyProc | null,
    checks: 0,
    installs: [] as unknown[][],
    setFeedURL(feed: unknown) {
      this.feed = feed;
    },
    checkForUpdates() {
      this.checks++;
      return Promise.resolve(null);
    },
    quitAndInstall(...args: unknown[]) {
      this.installs.push(args);
    },
    get netSession() {
      return { setCertificateVerifyProc: (proc: VerifyProc) => (updater.verify = proc) };
    },
  });
  const prompts: Array<{ message: string; detail: string; buttons: string[] }> = [];
  const answers: number[] = [];
  const dialog = {
    showMessageBox: (...args: unknown[]) => {
      const box = args.at(-1) as { message: string; detail: string; buttons: string[] };
      prompts.push(box);
      return Promise.resolve({ response: answers.shift() ?? 1 });
    },
  };
  return { updater, dialog, prompts, answers };
});

vi.mock('electron', () => ({ dialog: fake.dialog }));
vi.mock('electron-updater', () => ({ autoUpdater: fake.updater }));

const { startWorkstationUpdates } = await import('./updater');
const { pinnedCertificate } = await import('../workstation/updates/updateOffer');

const settings = {
  kind: 'counter',
  name: 'باجهٔ دوم',
  hub: { url: 'wss://192.168.1.10:4780/api/ws', deviceId: 7, credential: 'c'.repeat(43), kind: 'counter', fingerprint: 'f'.repeat(64), authorityPem: 'pem' },
} as unknown as WorkstationSettings;

let now = 0;
const start = () => startWorkstationUpdates({ settings, appVersion: '0.1.0', window: () => null, log: silentLogger, now: () => now });
const flush = () => new Promise((r) => setImmediate(r));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
  now = 10 * QUIET_MS;
  fake.updater.removeAllListeners();
  Object.assign(fake.updater, { feed: null, requestHeaders: null, verify: null, checks: 0, installs: [] });
  fake.prompts.length = 0;
  fake.answers.length = 0;
});
afterEach(() => vi.useRealTimers());

describe('the workstation updater (electron-updater, mocked)', () => {
  it('points electron-updater at the hub’s updates folder with this PC’s credential, downloads but never installs on its own', () => {
    const u = start();
    expect(fake.updater.feed).toEqual({ provider: 'generic', url: 'https://192.168.1.10:4780/api/updates/' });
    expect(fake.updater.requestHeaders).toEqual({ Authorization: `Device 7:${'c'.repeat(43)}` });
    expect(fake.updater.autoDownload).toBe(true);
    expect(fake.updater.autoInstallOnAppQuit).toBe(false);
    expect(fake.updater.allowDowngrade).toBe(false);
    u.stop();
  });

  it('pins the session’s certificate check to the office authority', () => {
    const u = start();
    const verdicts: number[] = [];
    // a chain that is not the office's (the real check is tested in workstation/updates with the hub's certificate)
    fake.updater.verify!({ certificate: { data: 'not a certificate', issuerCert: { data: 'nor this' } } }, (v) => verdicts.push(v));
    fake.updater.verify!({ certificate: { data: 'no issuer' } }, (v) => verdicts.push(v));
    expect(verdicts).toEqual([-2, -2]);
    expect(pinnedCertificate('not a certificate', 'nor this', 'f'.repeat(64))).toBe(false);
    u.stop();
  });

  it('checks a minute after start, then every four hours', async () => {
    const u = start();
    expect(fake.updater.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(START_DELAY_MS);
    expect(fake.updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS - START_DELAY_MS);
    expect(fake.updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS);
    expect(fake.updater.checks).toBe(3);
    u.stop();
  });

  it('asks «نصب به‌روزرسانی و راه‌اندازی دوباره» once a newer version is downloaded, and installs only on yes', async () => {
    const u = start();
    fake.answers.push(0);
    fake.updater.emit('update-downloaded', { version: '0.2.0' });
    await flush();
    expect(fake.prompts).toHaveLength(1);
    expect(fake.prompts[0]!.buttons).toEqual(['نصب به‌روزرسانی و راه‌اندازی دوباره', 'بعداً']);
    expect(fake.prompts[0]!.message).toContain('۰.۲.۰');
    expect(fake.updater.installs).toEqual([[false, true]]);
    u.stop();
  });

  it('never mid-service: waits for a quiet minute; «بعداً» installs nothing and does not ask again', async () => {
    const u = start();
    u.activity();
    fake.updater.emit('update-downloaded', { version: '0.2.0' });
    await flush();
    expect(fake.prompts).toHaveLength(0);
    now += QUIET_MS;
    await vi.advanceTimersByTimeAsync(60_000);
    await flush();
    expect(fake.prompts).toHaveLength(1);
    expect(fake.updater.installs).toEqual([]);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fake.prompts).toHaveLength(1);
    u.stop();
  });

  it('a hub that refuses this PC’s contract version: checks at once and asks at once, busy or not', async () => {
    const u = start();
    u.activity();
    u.linkState({ status: 'halted', reason: 'incompatible', hubVersion: 2, ourVersion: 1 });
    expect(fake.updater.checks).toBe(1);
    fake.updater.emit('update-downloaded', { version: '0.2.0' });
    await flush();
    expect(fake.prompts).toHaveLength(1);
    expect(fake.prompts[0]!.detail).toContain('نمی‌پذیرد');
    // other windows halting the same way change nothing more
    u.linkState({ status: 'halted', reason: 'incompatible', hubVersion: 2, ourVersion: 1 });
    expect(fake.updater.checks).toBe(1);
    u.stop();
  });

  it('offers nothing that is not newer than this app', async () => {
    const u = start();
    fake.updater.emit('update-downloaded', { version: '0.1.0' });
    await flush();
    expect(fake.prompts).toHaveLength(0);
    u.stop();
  });
});
