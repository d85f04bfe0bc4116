import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannels } from '../core/api/bridge';
import type { LinkState } from '../core/api/workstation';
import { DATABASE_FILE } from '../hub/start';
import { silentLogger } from '../hub/log';
import { startLanHub, type LanHub } from '../test/support/lanHub';
import { JoinError, joinOffice } from '../workstation/join';
import { OFFICE_DATABASE_FILE, decideStart } from '../workstation/startup';
import { saveSettings, type WorkstationSettings } from '../workstation/settings';
import type { FrameLike, InvokeEventLike, IpcMainPort, SenderLike } from './ipc';
import { createSenderCheck, UntrustedSenderError } from './ipc';
import { AGENT_BUNDLE, registerRejoinIpc } from './workstation';
import { Spool } from '../workstation/agent/spool';
import { loadSettings } from '../workstation/settings';
import { FIRST_RUN_ARG } from './shellArg';
import { firstRunUrl } from './origin';

const electron = vi.hoisted(() => {
  const windows: Array<{ options: Record<string, unknown>; loaded: string[] }> = [];
  class FakeBrowserWindow {
    readonly loaded: string[] = [];
    readonly webContents = { id: 1 };
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this);
    }
    on() {
      return this;
    }
    once() {
      return this;
    }
    show() {}
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
  }
  return { windows, FakeBrowserWindow };
});
vi.mock('electron', () => ({ BrowserWindow: electron.FakeBrowserWindow }));

const { openFirstRunWindow, registerFirstRunIpc, registerWorkstationIpc } = await import('./workstation');

class FakeSender extends EventEmitter implements SenderLike {
  readonly sent: unknown[][] = [];
  constructor(readonly id: number) {
    super();
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return false;
  }
}

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainPort = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
  const invoke = async (channel: string, event: InvokeEventLike, ...args: unknown[]) => handlers.get(channel)!(event, ...args);
  return { ipcMain, handlers, invoke };
}
const top = (url = 'app://daftaryar/join'): FrameLike => ({ url, parent: null });
const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'daftaryar-electron-ws-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let hub: LanHub;
beforeAll(async () => {
  hub = await startLanHub();
});
afterAll(async () => {
  await hub.close();
});

const request = (code: string) => ({ hubAddress: hub.address, code, kind: 'counter', name: 'باجهٔ ۳' });

describe('the first-run window', () => {
  it('opens app://daftaryar/join with the first-run argument instead of a shell, sandboxed', () => {
    openFirstRunWindow({ preload: '/app/preload.cjs', devTools: false, log: silentLogger });
    const win = electron.windows.at(-1)!;
    const prefs = win.options.webPreferences as { additionalArguments: string[]; sandbox: boolean; contextIsolation: boolean; nodeIntegration: boolean };
    expect(prefs.additionalArguments).toEqual([FIRST_RUN_ARG]);
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.loaded).toEqual([firstRunUrl]);
  });

  it('joins through workstation/join with a real code, then hands over the saved settings once', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const dir = dataDir();
    const joined: WorkstationSettings[] = [];
    const becameHub = vi.fn();
    registerFirstRunIpc(ipcMain, createSenderCheck((id) => id === 1), { dataDir: dir, onJoined: (s) => joined.push(s), onBecomeHub: becameHub }, silentLogger);
    const event = { sender: new FakeSender(1), senderFrame: top() };

    // a refused code: the form says why, nothing is handed over
    expect(await invoke(ipcChannels.join, event, request('123456123456'))).toMatchObject({ ok: false });
    expect(await invoke(ipcChannels.join, event, { hubAddress: hub.address })).toEqual({ ok: false, code: 'JOIN_MALFORMED_CODE' });
    const { code } = await hub.issueCode('counter', 'باجهٔ ۳');
    expect(await invoke(ipcChannels.join, event, request(code))).toEqual({ ok: true, kind: 'counter', name: 'باجهٔ ۳', hubAddress: hub.address });
    await vi.waitFor(() => expect(joined).toHaveLength(1));
    expect(joined[0]!.hub.kind).toBe('counter');
    expect(decideStart({ dataDir: dir })).toEqual({ mode: 'workstation', settings: joined[0] });
    // after joining, becoming the hub is no longer on offer
    expect(await invoke(ipcChannels.becomeHub, event)).toBe(false);
    expect(becameHub).not.toHaveBeenCalled();
  });

  it('becomes the hub once; another page or a subframe is refused', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const becameHub = vi.fn();
    registerFirstRunIpc(ipcMain, createSenderCheck((id) => id === 1), { dataDir: dataDir(), onJoined: () => {}, onBecomeHub: becameHub }, silentLogger);
    await expect(invoke(ipcChannels.becomeHub, { sender: new FakeSender(2), senderFrame: top() })).rejects.toBeInstanceOf(UntrustedSenderError);
    await expect(invoke(ipcChannels.join, { sender: new FakeSender(1), senderFrame: top('https://evil.example/') }, request('1'))).rejects.toBeInstanceOf(UntrustedSenderError);
    expect(await invoke(ipcChannels.becomeHub, { sender: new FakeSender(1), senderFrame: top() })).toBe(true);
    await vi.waitFor(() => expect(becameHub).toHaveBeenCalledTimes(1));
    expect(await invoke(ipcChannels.becomeHub, { sender: new FakeSender(1), senderFrame: top() })).toBe(false);
  });

  it('«بازیابی از پشتیبان» over IPC: from the first-run window only; a refused restore leaves the choice open; once decided it is refused', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const becameHub = vi.fn();
    const dir = dataDir();
    registerFirstRunIpc(ipcMain, createSenderCheck((id) => id === 1), { dataDir: dir, onJoined: () => {}, onBecomeHub: becameHub }, silentLogger);
    const ours = { sender: new FakeSender(1), senderFrame: top() };
    const missing = { from: path.join(dir, 'no-backup-here'), keyFile: path.join(dir, 'no.key') };
    await expect(invoke(ipcChannels.listBackups, { sender: new FakeSender(2), senderFrame: top() }, missing)).rejects.toBeInstanceOf(UntrustedSenderError);
    await expect(invoke(ipcChannels.restore, { sender: new FakeSender(1), senderFrame: top('https://evil.example/') }, { ...missing, generation: 'g1' })).rejects.toBeInstanceOf(UntrustedSenderError);
    expect(await invoke(ipcChannels.listBackups, ours, missing)).toMatchObject({ ok: false, code: 'RESTORE_KEY_UNREADABLE' });
    expect(await invoke(ipcChannels.restore, ours, { ...missing, generation: 'g1' })).toMatchObject({ ok: false, code: 'RESTORE_KEY_UNREADABLE' });
    // still open: this PC may yet become the hub, after which no restore is taken
    expect(await invoke(ipcChannels.becomeHub, ours)).toBe(true);
    expect(await invoke(ipcChannels.restore, ours, { ...missing, generation: 'g1' })).toEqual({ ok: false, code: 'RESTORE_DECIDED' });
    await vi.waitFor(() => expect(becameHub).toHaveBeenCalledTimes(1));
  });
});

describe("a workstation's windows over IPC, on to the office hub", () => {
  it('forwards a window\'s frames to the hub as the paired device, checks them first, and tells the window when it is revoked', async () => {
    const dir = dataDir();
    const { code } = await hub.issueCode('counter');
    const settings = await joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'باجهٔ ۴', dataDir: dir });
    const { ipcMain, invoke } = fakeIpcMain();
    const close = registerWorkstationIpc(ipcMain, settings, createSenderCheck((id) => id === 5), silentLogger);
    try {
      const sender = new FakeSender(5);
      const event = { sender, senderFrame: top('app://daftaryar/counter') };
      expect(await invoke(ipcChannels.call, event, { t: 'call', id: 3, proc: 'setup.status', input: {} })).toMatchObject({ t: 'res', id: 3, ok: true, output: { connection: 'paired' } });
      expect(await invoke(ipcChannels.linkState, event)).toEqual({ status: 'open' });
      expect(await invoke(ipcChannels.call, event, { t: 'call', id: 4, proc: 'health', input: {}, extra: 1 })).toMatchObject({ ok: false, error: { code: 'MALFORMED_FRAME' } });
      await expect(invoke(ipcChannels.call, { sender: new FakeSender(6), senderFrame: top('app://daftaryar/counter') }, { t: 'call', id: 1, proc: 'health', input: {} })).rejects.toBeInstanceOf(UntrustedSenderError);

      await hub.ok('device.revoke', { deviceId: settings.hub.deviceId, reason: 'رایانه تعویض شد' }, hub.managerSession);
      const halted: LinkState = { status: 'halted', reason: 'revoked' };
      await vi.waitFor(() => expect(sender.sent).toContainEqual([ipcChannels.link, halted]));
      expect(await invoke(ipcChannels.linkState, event)).toEqual(halted);
      expect(await invoke(ipcChannels.call, event, { t: 'call', id: 9, proc: 'health', input: {} })).toMatchObject({ id: 9, ok: false, error: { code: 'DEVICE_REVOKED' } });
    } finally {
      close();
    }
  });
});

describe('what this PC is at start', () => {
  it("the hub's data makes it the hub; a named data folder too; settings a workstation; --hub with --code joins; else the first-run window", () => {
    expect(OFFICE_DATABASE_FILE).toBe(DATABASE_FILE);
    const dir = dataDir();
    expect(decideStart({ dataDir: dir })).toEqual({ mode: 'firstRun' });
    expect(decideStart({ dataDir: dir, hub: '192.168.1.10', code: '123456123456' })).toEqual({ mode: 'join', hubUrl: '192.168.1.10', code: '123456123456' });
    expect(decideStart({ dataDir: dir, dataDirChosen: true })).toEqual({ mode: 'hub' });
    writeFileSync(path.join(dir, DATABASE_FILE), '');
    expect(decideStart({ dataDir: dir })).toEqual({ mode: 'hub' });
    const other = dataDir();
    const settings: WorkstationSettings = {
      hub: { url: 'wss://192.168.1.10:4780/api/ws', deviceId: 7, credential: 'A'.repeat(43), kind: 'kiosk', fingerprint: 'ab'.repeat(32), authorityPem: 'pem' },
      name: 'کیوسک',
      kind: 'kiosk',
      joinedAt: '2026-12-06T08:00:00.000Z',
    };
    saveSettings(other, settings);
    expect(decideStart({ dataDir: other, hub: 'x', code: 'y' })).toEqual({ mode: 'workstation', settings });
  });

  it('a join from the command line that fails is a start error in one Persian sentence', async () => {
    const { describeStartupFailure } = await import('./startup');
    const failure = describeStartupFailure(new JoinError('JOIN_CODE_REFUSED', 'refused'));
    expect(failure.code).toBe(2);
    expect(failure.message).toContain('کد');
  });
});

describe('the device agent of a desktop workstation', () => {
  const bundleDir = path.resolve('dist/electron');
  it.skipIf(!existsSync(path.join(bundleDir, AGENT_BUNDLE)))('runs the bundled agent as a process of its own, arenas bounded, its lines in the app log; revoked, it is not started again', async () => {
    const { startDesktopAgent } = await import('./workstation');
    const dir = dataDir();
    const { code } = await hub.issueCode('counter');
    const settings = await joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'باجهٔ ۵', dataDir: dir });
    const logged: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const log = { debug() {}, info: (m: string, f?: Record<string, unknown>) => logged.push(['info', m, f]), warn: (m: string, f?: Record<string, unknown>) => logged.push(['warn', m, f]), error: (m: string, f?: Record<string, unknown>) => logged.push(['error', m, f]) };
    // Electron runs the bundle as Node (ELECTRON_RUN_AS_NODE); node runs it here
    const agent = startDesktopAgent({ execPath: process.execPath, bundleDir, dataDir: dir, argv: ['/opt/daftaryar', '--no-sandbox', '--no-escl-discovery', '--no-dwt'], env: { ...process.env, SANE_CONFIG_DIR: dir }, log });
    try {
      await vi.waitFor(() => expect(logged.map((l) => l[1])).toContain('device agent: connected to the hub'), { timeout: 30_000, interval: 100 });
      const started = logged.find((l) => l[1] === 'device agent started')!;
      const environ = readFileSync(`/proc/${String(started[2]!.pid)}/environ`, 'latin1').split('\0');
      expect(environ).toContain('MALLOC_ARENA_MAX=2');
      expect(environ).toContain('ELECTRON_RUN_AS_NODE=1');
      await hub.ok('device.revoke', { deviceId: settings.hub.deviceId, reason: 'رایانه تعویض شد' }, hub.managerSession);
      expect(await agent.ended).toBe(3);
      expect(logged.find((l) => l[1] === 'device agent ended')?.[2]).toMatchObject({ code: 3, startingAgainInMs: null });
      expect(logged.some((l) => l[0] === 'error' && l[1] === 'device agent: the hub refused this workstation')).toBe(true);
    } finally {
      await agent.stop();
    }
  }, 60_000);
});

describe('joining again from the desktop app after a removal', () => {
  it('takes the new code from our windows only, stops the agent first, sets unconfirmed pages aside, then starts the app anew', async () => {
    const dir = dataDir();
    const { code } = await hub.issueCode('counter');
    const before = await joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'باجهٔ ۶', dataDir: dir });
    await Spool.open(dir).putPage('11111111-2222-4333-8444-555555555555', 0, { data: Buffer.from('page'), mime: 'image/png', dpi: 300 });
    await hub.ok('device.revoke', { deviceId: before.hub.deviceId, reason: 'آزمایش' }, hub.managerSession);
    const { ipcMain, invoke } = fakeIpcMain();
    const steps: string[] = [];
    const off = registerRejoinIpc(ipcMain, createSenderCheck((id) => id === 5), { dataDir: dir, beforeRejoin: async () => void steps.push('agent stopped'), onRejoined: () => steps.push('relaunch') }, silentLogger);
    try {
      const event = { sender: new FakeSender(5), senderFrame: top('app://daftaryar/counter') };
      await expect(invoke(ipcChannels.rejoin, { sender: new FakeSender(6), senderFrame: top('app://daftaryar/counter') }, { code: '123456789012' })).rejects.toBeInstanceOf(UntrustedSenderError);
      expect(await invoke(ipcChannels.rejoin, event, { code: 7 })).toEqual({ ok: false, code: 'JOIN_MALFORMED_CODE' });
      expect(await invoke(ipcChannels.rejoin, event, { code: '000000000000' })).toMatchObject({ ok: false });
      // nothing changed by a failed try
      expect(loadSettings(dir)?.hub.deviceId).toBe(before.hub.deviceId);
      const fresh = await hub.issueCode('counter');
      expect(await invoke(ipcChannels.rejoin, event, { code: fresh.code })).toEqual({ ok: true, pagesSetAside: 1 });
      const after = loadSettings(dir)!;
      expect(after.hub.deviceId).not.toBe(before.hub.deviceId);
      expect(after.name).toBe('باجهٔ ۶');
      await vi.waitFor(() => expect(steps.at(-1)).toBe('relaunch'), { timeout: 5000 });
      expect(steps.filter((s) => s === 'agent stopped').length).toBe(3);
      // once joined, no second one
      expect(await invoke(ipcChannels.rejoin, event, { code: fresh.code })).toEqual({ ok: false, code: 'JOIN_BUSY' });
    } finally {
      off();
    }
  }, 30_000);
});
