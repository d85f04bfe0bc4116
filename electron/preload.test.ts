import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ipcChannels, type DaftaryarBridge, type FirstRunBridge } from '../core/api/bridge';
import { shells } from '../core/roles';
import { FIRST_RUN_ARG, shellArgument, shellFromArgv } from './shellArg';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  return {
    exposed,
    rendererListeners,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => void exposed.set(key, api)) },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ t: 'res', id: 1, ok: true, output: {} })),
      on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => void rendererListeners.set(channel, listener)),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

const originalArgv = process.argv;

/** Load the preload as Electron would, with `args` appended to the renderer's argv. */
async function loadPreload(...args: string[]): Promise<void> {
  process.argv = [...originalArgv, ...args];
  vi.resetModules();
  await import('./preload');
}

function exposedBridge(): DaftaryarBridge {
  return electron.exposed.get('daftaryar') as DaftaryarBridge;
}

beforeEach(() => {
  electron.exposed.clear();
  electron.rendererListeners.clear();
  vi.clearAllMocks();
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  process.argv = originalArgv;
  vi.restoreAllMocks();
});

describe('the preload', () => {
  it('exposes exactly one key, daftaryar, holding the bridge for the shell main chose', async () => {
    await loadPreload(shellArgument('kiosk'));
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...electron.exposed.keys()]).toEqual(['daftaryar']);
    const bridge = exposedBridge();
    expect(Object.keys(bridge).sort()).toEqual(['call', 'linkState', 'onLink', 'promote', 'rejoin', 'shell', 'standbyHere', 'subscribe']);
    expect(bridge.shell).toBe('kiosk');
  });

  it("passes the window's link state on: asked on its channel, changes delivered to every listener", async () => {
    await loadPreload(shellArgument('counter'));
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ status: 'open' });
    await expect(exposedBridge().linkState()).resolves.toEqual({ status: 'open' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannels.linkState);
    const seen: unknown[] = [];
    const off = exposedBridge().onLink((s) => seen.push(s));
    electron.rendererListeners.get(ipcChannels.link)!({}, { status: 'halted', reason: 'revoked' });
    off();
    electron.rendererListeners.get(ipcChannels.link)!({}, { status: 'open' });
    expect(seen).toEqual([{ status: 'halted', reason: 'revoked' }]);
  });

  it('asks to join again on its own channel, with the request as given', async () => {
    await loadPreload(shellArgument('counter'));
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, pagesSetAside: 0 });
    await expect(exposedBridge().rejoin({ code: '123456789012' })).resolves.toEqual({ ok: true, pagesSetAside: 0 });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannels.rejoin, { code: '123456789012' });
  });

  it('the first-run window gets the first-run bridge alone: join, becomeHub, listBackups and restore over their channels, no hub', async () => {
    await loadPreload(FIRST_RUN_ARG);
    expect([...electron.exposed.keys()]).toEqual(['daftaryarFirstRun']);
    const firstRun = electron.exposed.get('daftaryarFirstRun') as FirstRunBridge;
    expect(Object.keys(firstRun).sort()).toEqual(['becomeHub', 'join', 'listBackups', 'restore']);
    const backups = { from: '/media/usb/backup', keyFile: '/media/key/office.key' };
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, code: 'BACKUP_NONE' });
    await expect(firstRun.listBackups(backups)).resolves.toEqual({ ok: false, code: 'BACKUP_NONE' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannels.listBackups, backups);
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, code: 'BACKUP_WRONG_KEY' });
    await expect(firstRun.restore({ ...backups, generation: 'g1' })).resolves.toEqual({ ok: false, code: 'BACKUP_WRONG_KEY' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannels.restore, { ...backups, generation: 'g1' });
    const request = { hubAddress: '192.168.1.10', code: '123456123456', kind: 'counter' as const, name: 'باجهٔ ۲' };
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, code: 'JOIN_CODE_REFUSED' });
    await expect(firstRun.join(request)).resolves.toEqual({ ok: false, code: 'JOIN_CODE_REFUSED' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannels.join, request);
    await firstRun.becomeHub();
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannels.becomeHub);
  });

  it('sends calls with ipcRenderer.invoke on the call channel and resolves with the result frame', async () => {
    await loadPreload(shellArgument('counter'));
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ t: 'res', id: 9, ok: true, output: { status: 'ok' } });
    const frame = { t: 'call' as const, id: 9, proc: 'health', input: {} };
    await expect(exposedBridge().call(frame)).resolves.toEqual({ t: 'res', id: 9, ok: true, output: { status: 'ok' } });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannels.call, frame);
  });

  it('subscribes with an id of its own, routes events by that id, and unsubscribes once', async () => {
    await loadPreload(shellArgument('board'));
    const bridge = exposedBridge();
    const clockEvents: unknown[] = [];
    const otherEvents: unknown[] = [];
    electron.ipcRenderer.invoke.mockResolvedValue({ t: 'res', id: 1, ok: true, output: { subscribed: 'clock' } });
    const clock = bridge.subscribe({ t: 'sub', id: 1, event: 'clock' }, (p) => clockEvents.push(p));
    const other = bridge.subscribe({ t: 'sub', id: 2, event: 'clock' }, (p) => otherEvents.push(p));
    await clock.answer;
    await other.answer;

    const calls = electron.ipcRenderer.invoke.mock.calls as [string, string, unknown][];
    const [channel, clockId, frame] = calls[0]!;
    const otherId = calls[1]![1];
    expect(channel).toBe(ipcChannels.subscribe);
    expect(frame).toEqual({ t: 'sub', id: 1, event: 'clock' });
    expect(clockId).not.toBe(otherId);

    const deliver = electron.rendererListeners.get(ipcChannels.event)!;
    deliver({ sender: 'not for the page' }, clockId, { now: 'a' });
    deliver({}, otherId, { now: 'b' });
    deliver({}, 'unknown-id', { now: 'c' });
    expect(clockEvents).toEqual([{ now: 'a' }]);
    expect(otherEvents).toEqual([{ now: 'b' }]);

    clock.unsubscribe();
    clock.unsubscribe();
    expect(electron.ipcRenderer.invoke.mock.calls.filter(([c]) => c === ipcChannels.unsubscribe)).toEqual([[ipcChannels.unsubscribe, clockId]]);
    deliver({}, clockId, { now: 'd' });
    expect(clockEvents).toEqual([{ now: 'a' }]);
  });

  it('forgets a subscription the hub refused', async () => {
    await loadPreload(shellArgument('counter'));
    const events: unknown[] = [];
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ t: 'res', id: 1, ok: false, error: { code: 'UNAUTHENTICATED', message: 'no' } });
    const sub = exposedBridge().subscribe({ t: 'sub', id: 1, event: 'clock' }, (p) => events.push(p));
    await expect(sub.answer).resolves.toMatchObject({ ok: false });
    const subId = electron.ipcRenderer.invoke.mock.calls[0]![1];
    electron.rendererListeners.get(ipcChannels.event)!({}, subId, { now: 'late' });
    expect(events).toEqual([]);
  });

  it('keeps delivering to other subscribers when one event handler throws', async () => {
    await loadPreload(shellArgument('counter'));
    const bridge = exposedBridge();
    const seen: unknown[] = [];
    bridge.subscribe({ t: 'sub', id: 1, event: 'clock' }, () => {
      throw new Error('page bug');
    });
    bridge.subscribe({ t: 'sub', id: 2, event: 'clock' }, (p) => seen.push(p));
    const [first, second] = electron.ipcRenderer.invoke.mock.calls.map((c) => c[1]);
    const deliver = electron.rendererListeners.get(ipcChannels.event)!;
    expect(() => deliver({}, first, 1)).not.toThrow();
    deliver({}, second, 2);
    expect(seen).toEqual([2]);
  });

  it('exposes nothing when main named no shell, an unknown one, or two', async () => {
    for (const args of [[], ['--daftaryar-shell=admin'], [shellArgument('counter'), shellArgument('kiosk')]]) {
      electron.exposed.clear();
      await loadPreload(...args);
      expect(electron.exposed.size, args.join(' ')).toBe(0);
    }
    expect(electron.contextBridge.exposeInMainWorld).not.toHaveBeenCalled();
  });

  it('bundles to a script that requires nothing but electron (a sandboxed preload can require nothing else)', async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL('./preload.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.text;
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });
});

describe('the shell argument', () => {
  it('round-trips every shell', () => {
    for (const shell of shells) expect(shellFromArgv(['/usr/lib/electron', '--type=renderer', shellArgument(shell)])).toBe(shell);
  });

  it('is null when missing, unknown or ambiguous', () => {
    expect(shellFromArgv([])).toBeNull();
    expect(shellFromArgv(['--daftaryar-shell='])).toBeNull();
    expect(shellFromArgv(['--daftaryar-shell=__proto__'])).toBeNull();
    expect(shellFromArgv([shellArgument('board'), shellArgument('board')])).toBeNull();
  });
});
