/**
 * The whole IPC path with only Electron's transport faked: the preload's bridge → (structured
 * clone, as IPC does) → registerIpc's handlers → a real hub on a real database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResultFrame } from '../core/api/wire';
import { silentLogger } from '../hub/log';
import { startHub, type RunningHub } from '../hub/start';
import { createSenderCheck, registerIpc, type FrameLike, type InvokeEventLike, type SenderLike } from './ipc';
import { createBridge, type IpcRendererPort } from './bridge';
import type { Shell } from '../core/roles';

let dir: string;
let running: RunningHub;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'daftaryar-bridge-'));
  running = startHub({ dataDir: dir, version: '9.8.7', log: silentLogger });
});
afterEach(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One window: its renderer end and main end joined the way Electron joins them. */
function connect(frame: FrameLike, window: { id: number; shell: Shell } = { id: 1, shell: 'counter' }) {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const rendererListeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const sender: SenderLike = {
    id: window.id,
    send: (channel, ...args) => {
      const cloned = structuredClone(args);
      queueMicrotask(() => rendererListeners.get(channel)?.({}, ...cloned));
    },
    isDestroyed: () => false,
    once: () => sender,
    on: () => sender,
  };
  const dispose = registerIpc(
    { handle: (channel, listener) => void handlers.set(channel, listener), removeHandler: (channel) => void handlers.delete(channel) },
    running.hub,
    createSenderCheck((id) => id === window.id),
    silentLogger,
    (id) => (id === window.id ? window.shell : undefined),
  );
  const ipcRenderer: IpcRendererPort = {
    invoke: async (channel, ...args) => structuredClone(await handlers.get(channel)!({ sender, senderFrame: frame }, ...structuredClone(args))),
    on: (channel, listener) => void rendererListeners.set(channel, listener),
  };
  return { bridge: createBridge(window.shell, ipcRenderer), dispose };
}

describe('the bridge over IPC to a real hub', () => {
  it('answers a call with the hub’s result frame', async () => {
    const { bridge } = connect({ url: 'app://daftaryar/counter', parent: null });
    const result = await bridge.call({ t: 'call', id: 1, proc: 'health', input: {} });
    expect(result).toMatchObject({ t: 'res', id: 1, ok: true, output: { status: 'ok', version: '9.8.7', setUp: false } });
  });

  it('passes the hub’s refusals through as error frames', async () => {
    const { bridge } = connect({ url: 'app://daftaryar/counter', parent: null });
    const result: ResultFrame = await bridge.call({ t: 'call', id: 2, proc: 'staff.list', input: {} });
    expect(result).toMatchObject({ id: 2, ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('delivers subscribed events until unsubscribed, then releases the hub’s listener', async () => {
    const { bridge } = connect({ url: 'app://daftaryar/counter', parent: null });
    const events = running.hub.services.events;
    const received: unknown[] = [];
    const sub = bridge.subscribe({ t: 'sub', id: 3, event: 'clock' }, (payload) => received.push(payload));
    await expect(sub.answer).resolves.toEqual({ t: 'res', id: 3, ok: true, output: { subscribed: 'clock' } });
    await vi.waitFor(() => expect(received).toHaveLength(1)); // the hub sends the time at once
    events.emit('clock', { now: '2025-03-20T12:00:00.000Z' });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received[1]).toEqual({ now: '2025-03-20T12:00:00.000Z' });

    expect(events.listenerCount('clock')).toBe(1);
    sub.unsubscribe();
    await vi.waitFor(() => expect(events.listenerCount('clock')).toBe(0));
    events.emit('clock', { now: '2025-03-20T12:00:10.000Z' });
    await new Promise((r) => setTimeout(r, 10));
    expect(received).toHaveLength(2);
  });

  it('the counter’s window cannot become the applicant’s screen, nor the applicant’s window log staff in', async () => {
    const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '1234', city: 'تهران' };
    const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };
    const counter = connect({ url: 'app://daftaryar/counter', parent: null }, { id: 1, shell: 'counter' });
    expect(await counter.bridge.call({ t: 'call', id: 1, proc: 'setup.createOffice', input: { office, manager } })).toMatchObject({ ok: true });
    expect(await counter.bridge.call({ t: 'call', id: 2, proc: 'auth.deviceLogin', input: { role: 'applicant', counterId: 1 } })).toMatchObject({ ok: false, error: { code: 'CONNECTION_OTHER_ROLE' } });
    counter.dispose();
    const screen = connect({ url: 'app://daftaryar/applicant', parent: null }, { id: 2, shell: 'applicant' });
    expect(await screen.bridge.call({ t: 'call', id: 3, proc: 'auth.login', input: { username: manager.username, password: manager.password } })).toMatchObject({ ok: false, error: { code: 'CONNECTION_OTHER_ROLE' } });
    expect(await screen.bridge.call({ t: 'call', id: 4, proc: 'auth.deviceLogin', input: { role: 'applicant', counterId: 1 } })).toMatchObject({ ok: true, output: { principal: { kind: 'device', role: 'applicant', counterId: 1 } } });
  });

  it('rejects every call from a page on another origin', async () => {
    const { bridge } = connect({ url: 'https://evil.example/', parent: null });
    await expect(bridge.call({ t: 'call', id: 4, proc: 'health', input: {} })).rejects.toThrow(/not one of Daftaryar's pages/);
  });
});
