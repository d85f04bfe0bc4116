/**
 * The standby on the desktop, Electron's transport faked: the bundled copy keeper as a process of its
 * own against a real hub, and the windows' promotion requests through IPC (docs/STANDBY.md § On the
 * desktop).
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipcChannels } from '../core/api/bridge';
import { currentCopy, keepCopy } from '../hub/standby/copyKeeper';
import { promotedAlready, promotedHubDir } from '../hub/standby/promote';
import { silentLogger } from '../hub/log';
import { manager } from '../test/support/hub';
import type { LanHub } from '../test/support/lanHub';
import { standbyTestBed } from '../test/support/standbyOffice';
import { joinOffice } from '../workstation/join';
import { decideStart, PROMOTED_HUB_DIR, PROMOTED_RECORD_FILE } from '../workstation/startup';
import { PROMOTED_FILE } from '../hub/standby/promote';
import type { WorkstationSettings } from '../workstation/settings';
import { createSenderCheck, UntrustedSenderError, type FrameLike, type InvokeEventLike, type IpcMainPort, type SenderLike } from './ipc';
import { registerPromoteIpc, STANDBY_KEEPER_BUNDLE, startDesktopStandbyKeeper } from './standby';

class FakeSender extends EventEmitter implements SenderLike {
  constructor(readonly id: number) {
    super();
  }
  send(): void {}
  isDestroyed(): boolean {
    return false;
  }
}
const frame: FrameLike = { url: 'app://daftaryar/counter', parent: null };

const { tmp, office } = standbyTestBed('electron-standby');

/** A counter PC joined with a real code, named the standby. */
async function namedStandby(): Promise<{ hub: LanHub; dir: string; settings: WorkstationSettings }> {
  const { hub } = await office();
  const dir = tmp('ws');
  const { code } = await hub.issueCode('counter', 'باجهٔ ۲');
  const settings = await joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'باجهٔ ۲', dataDir: dir });
  await hub.ok('standby.name', { deviceId: settings.hub.deviceId }, hub.managerSession);
  return { hub, dir, settings };
}

it('the promoted folder the desktop starts from is the one promotion writes', () => {
  expect(promotedHubDir('/x')).toBe(path.join('/x', PROMOTED_HUB_DIR));
  expect(PROMOTED_RECORD_FILE).toBe(PROMOTED_FILE);
});

describe('the copy keeper of a desktop counter PC', () => {
  const bundleDir = path.resolve('dist/electron');
  it.skipIf(!existsSync(path.join(bundleDir, STANDBY_KEEPER_BUNDLE)))('runs the bundled keeper as a process of its own, keeps a copy of the office, its lines in the app log', async () => {
    const o = await namedStandby();
    const logged: Array<[string, string]> = [];
    const log = { debug() {}, info: (m: string) => logged.push(['info', m]), warn: (m: string) => logged.push(['warn', m]), error: (m: string) => logged.push(['error', m]) };
    const keeper = startDesktopStandbyKeeper({ execPath: process.execPath, bundleDir, dataDir: o.dir, lanPort: 4999, env: process.env, log });
    try {
      // the round's line comes once the hub confirmed the copy (the copy is in place a moment before)
      await vi.waitFor(() => expect(logged.map((l) => l[1])).toContain('standby copy keeper: copy kept'), { timeout: 30_000, interval: 100 });
      expect(currentCopy(o.dir)).not.toBeNull();
      expect(logged.map((l) => l[1])).toContain('standby copy keeper: this PC keeps a copy of the office (the standby hub)');
      // the hub learned where this PC would serve
      const status = await o.hub.ok('standby.status', {}, o.hub.managerSession);
      expect(status.standby?.address).toMatch(/:4999$/);
    } finally {
      await keeper.stop();
    }
    expect(await keeper.ended).toBe(0);
  }, 60_000);
});

describe('promotion from the standby’s window', () => {
  /** The promotion's IPC of window 3 on the standby `o`, Electron's transport faked; what it did, in `steps`. */
  function promoteIpc(o: { dir: string; settings: WorkstationSettings }, hubAnswers: () => Promise<boolean>) {
    const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
    const ipcMain: IpcMainPort = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
    const steps: string[] = [];
    const off = registerPromoteIpc(ipcMain, createSenderCheck((id) => id === 3), {
      dataDir: o.dir,
      settings: o.settings,
      lanPort: 4999,
      pauseKeeper: async () => void steps.push('keeper paused'),
      resumeKeeper: () => steps.push('keeper resumed'),
      onPromoted: () => steps.push('relaunch'),
      hubAnswers,
      failureDelayMs: 0,
    }, silentLogger);
    return { steps, handlers, off, invoke: async (channel: string, event: InvokeEventLike, ...args: unknown[]) => handlers.get(channel)!(event, ...args) };
  }

  it('from our windows only: the copy is shown, the manager’s password checked, the keeper paused just before, and the app starts anew as the hub', async () => {
    const o = await namedStandby();
    await keepCopy({ dataDir: o.dir, hub: o.settings.hub, servePort: 4999 });
    let hubUp = true;
    const { steps, invoke, handlers, off } = promoteIpc(o, async () => hubUp);
    const event = { sender: new FakeSender(3), senderFrame: frame };
    try {
      await expect(invoke(ipcChannels.promote, { sender: new FakeSender(4), senderFrame: frame }, { username: manager.username, password: manager.password })).rejects.toBeInstanceOf(UntrustedSenderError);
      await expect(invoke(ipcChannels.standbyHere, { sender: new FakeSender(4), senderFrame: frame })).rejects.toBeInstanceOf(UntrustedSenderError);
      expect(await invoke(ipcChannels.standbyHere, event)).toMatchObject({ copyTakenAt: currentCopy(o.dir)!.record.takenAt });
      // hostile or wrong: refused, the keeper untouched
      expect(await invoke(ipcChannels.promote, event, { username: manager.username, password: manager.password, extra: 1 })).toEqual({ ok: false, code: 'PROMOTE_CREDENTIALS' });
      expect(await invoke(ipcChannels.promote, event, 'x'.repeat(10_000))).toEqual({ ok: false, code: 'PROMOTE_CREDENTIALS' });
      expect(await invoke(ipcChannels.promote, event, { username: manager.username, password: 'not-it' })).toEqual({ ok: false, code: 'PROMOTE_CREDENTIALS' });
      expect(await invoke(ipcChannels.promote, event, { username: manager.username, password: manager.password })).toEqual({ ok: false, code: 'PROMOTE_HUB_ALIVE' });
      expect(steps).toEqual([]);
      hubUp = false;
      expect(await invoke(ipcChannels.promote, event, { username: manager.username, password: manager.password })).toMatchObject({ ok: true });
      expect(steps).toEqual(['keeper paused']);
      await vi.waitFor(() => expect(steps.at(-1)).toBe('relaunch'), { timeout: 5000 });
      expect(promotedAlready(promotedHubDir(o.dir))).not.toBeNull();
      expect(await invoke(ipcChannels.standbyHere, event)).toBeNull();
      expect(await invoke(ipcChannels.promote, event, { username: manager.username, password: manager.password })).toEqual({ ok: false, code: 'PROMOTE_BUSY' });
      // started again, the app is the office's hub from the promoted folder
      expect(decideStart({ dataDir: o.dir })).toEqual({ mode: 'promotedHub', hubDir: promotedHubDir(o.dir) });
    } finally {
      off();
    }
    expect(handlers.size).toBe(0);
  }, 30_000);

  it('a promotion that fails after the keeper paused starts the keeper again', async () => {
    const o = await namedStandby();
    await keepCopy({ dataDir: o.dir, hub: o.settings.hub, servePort: 4999 });
    // the hub folder cannot be made: a file stands where it goes
    writeFileSync(promotedHubDir(o.dir), 'in the way');
    const { steps, invoke } = promoteIpc(o, async () => false);
    expect(await invoke(ipcChannels.promote, { sender: new FakeSender(3), senderFrame: frame }, { username: manager.username, password: manager.password })).toEqual({ ok: false, code: 'PROMOTE_FAILED' });
    expect(steps).toEqual(['keeper paused', 'keeper resumed']);
    expect(decideStart({ dataDir: o.dir })).toMatchObject({ mode: 'workstation' });
  }, 30_000);
});
