import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { ipcChannels } from '../core/api/bridge';
import type { ResultFrame } from '../core/api/wire';
import type { Logger } from '../hub/log';
import type { Shell } from '../core/roles';
import type { TransportInfo } from '../hub/rpc/dispatch';
import { createSenderCheck, registerIpc, UntrustedSenderError, type FrameLike, type HubPort, type InvokeEventLike, type IpcMainPort, type SenderLike } from './ipc';

class FakeSender extends EventEmitter implements SenderLike {
  readonly sent: unknown[][] = [];
  destroyed = false;
  constructor(readonly id: number) {
    super();
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainPort = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  /** what ipcRenderer.invoke would resolve or reject with */
  const invoke = async (channel: string, event: InvokeEventLike, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  };
  return { ipcMain, handlers, invoke };
}

const topFrame = (url = 'app://daftaryar/counter'): FrameLike => ({ url, parent: null });
const subFrame = (url = 'app://daftaryar/counter'): FrameLike => ({ url, parent: topFrame() });

function fakeHub() {
  const unsubscribed: string[] = [];
  const deliveries = new Map<string, (event: string, payload: unknown) => void>();
  const hub = {
    call: vi.fn(async (frame: unknown): Promise<ResultFrame> => ({ t: 'res', id: (frame as { id: number }).id, ok: true, output: { echoed: frame } })),
    subscribe: vi.fn((frame: unknown, _transport: unknown, deliver: (event: string, payload: unknown) => void) => {
      const { id, event } = frame as { id: number; event: string };
      if (event !== 'clock') return { answer: { t: 'res', id, ok: false, error: { code: 'UNKNOWN_EVENT', message: 'unknown event' } } as ResultFrame, unsubscribe: () => {} };
      const key = `${id}`;
      deliveries.set(key, deliver);
      return { answer: { t: 'res', id, ok: true, output: { subscribed: event } } as ResultFrame, unsubscribe: () => void unsubscribed.push(key) };
    }),
  } satisfies HubPort;
  return { hub, unsubscribed, deliveries };
}

function recordingLog() {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, ...(fields ? { fields } : {}) });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

function setup(ours: number[] = [1], screens: Record<number, Shell> = {}) {
  const ipc = fakeIpcMain();
  const h = fakeHub();
  const { log, lines } = recordingLog();
  const dispose = registerIpc(ipc.ipcMain, h.hub, createSenderCheck((id) => ours.includes(id)), log, (id) => screens[id]);
  return { ...ipc, ...h, log, lines, dispose };
}

describe('the IPC sender check', () => {
  const check = createSenderCheck((id) => id === 1);
  const sender = new FakeSender(1);

  it('accepts the top frame of one of our windows on app://daftaryar', () => {
    expect(check({ sender, senderFrame: topFrame() })).toBe(true);
    expect(check({ sender, senderFrame: topFrame('app://daftaryar/assets/x.js?v=1') })).toBe(true);
  });

  it('rejects another origin, even in our own window', () => {
    for (const url of ['https://evil.example/counter', 'app://evil/counter', 'app://daftaryar.evil/counter', 'app://daftaryar:99/counter', 'app://x@daftaryar/counter', 'file:///counter', 'http://127.0.0.1:4780/counter', 'about:blank', '']) {
      expect(check({ sender, senderFrame: topFrame(url) }), url).toBe(false);
    }
  });

  it('rejects a subframe, even one on our origin', () => {
    expect(check({ sender, senderFrame: subFrame() })).toBe(false);
  });

  it('rejects a missing frame (navigated away or destroyed)', () => {
    expect(check({ sender, senderFrame: null })).toBe(false);
  });

  it('rejects a frame Electron has already disposed', () => {
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    expect(check({ sender, senderFrame: disposed })).toBe(false);
  });

  it('rejects a webContents that is not one of our windows', () => {
    expect(check({ sender: new FakeSender(2), senderFrame: topFrame() })).toBe(false);
  });
});

describe('registerIpc', () => {
  it('forwards a call frame to the hub as an ipc transport and answers with its result frame', async () => {
    const t = setup();
    const frame = { t: 'call', id: 7, proc: 'health', input: {} };
    const result = await t.invoke(ipcChannels.call, { sender: new FakeSender(1), senderFrame: topFrame() }, frame);
    expect(result).toEqual({ t: 'res', id: 7, ok: true, output: { echoed: frame } });
    expect(t.hub.call).toHaveBeenCalledWith(frame, expect.objectContaining({ kind: 'ipc' }));
  });

  it('gives each window a connection of its own, kept across calls, subscriptions and reloads, gone with the window', async () => {
    const t = setup([1, 2], { 1: 'counter', 2: 'applicant' });
    const counter = new FakeSender(1);
    const screen = new FakeSender(2);
    const transportOf = (i: number) => (t.hub.call.mock.calls[i] as unknown[])[1] as TransportInfo;
    const frame = { t: 'call', id: 1, proc: 'health', input: {} };
    await t.invoke(ipcChannels.call, { sender: counter, senderFrame: topFrame() }, frame);
    await t.invoke(ipcChannels.call, { sender: screen, senderFrame: topFrame('app://daftaryar/applicant') }, frame);
    counter.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    await t.invoke(ipcChannels.call, { sender: counter, senderFrame: topFrame() }, frame);
    await t.invoke(ipcChannels.subscribe, { sender: counter, senderFrame: topFrame() }, 'p-1', { t: 'sub', id: 3, event: 'clock' });
    expect(transportOf(0).connection).toBe(transportOf(2).connection);
    expect(t.hub.subscribe.mock.calls[0]![1]).toBe(transportOf(0));
    expect(transportOf(1).connection).not.toBe(transportOf(0).connection);
    // the window opened for a screen carries that screen's kind of caller from the start
    expect(transportOf(0).connection).toMatchObject({ holds: 'staff', heldBy: 'window:counter' });
    expect(transportOf(1).connection).toMatchObject({ holds: 'applicant', heldBy: 'window:applicant' });
    screen.destroy();
    await t.invoke(ipcChannels.call, { sender: new FakeSender(2), senderFrame: topFrame('app://daftaryar/applicant') }, frame);
    expect(transportOf(3).connection).not.toBe(transportOf(1).connection);
  });

  it('refuses a foreign sender with an error, logs it without the frame, and never reaches the hub', async () => {
    const t = setup();
    const frame = { t: 'call', id: 1, proc: 'auth.whoami', input: {}, session: 'secret-session-token' };
    await expect(t.invoke(ipcChannels.call, { sender: new FakeSender(1), senderFrame: topFrame('https://evil.example/steal?x=1') }, frame)).rejects.toBeInstanceOf(UntrustedSenderError);
    expect(t.hub.call).not.toHaveBeenCalled();
    expect(t.lines).toHaveLength(1);
    expect(t.lines[0]).toMatchObject({ level: 'warn', fields: { channel: ipcChannels.call, from: 'https://evil.example' } });
    expect(JSON.stringify(t.lines)).not.toContain('secret-session-token');
    expect(JSON.stringify(t.lines)).not.toContain('steal');
  });

  it('refuses subscribe and unsubscribe from a subframe or a missing frame too', async () => {
    const t = setup();
    const sender = new FakeSender(1);
    await expect(t.invoke(ipcChannels.subscribe, { sender, senderFrame: subFrame() }, 'a-1', { t: 'sub', id: 1, event: 'clock' })).rejects.toThrow(/not one of Daftaryar's pages/);
    await expect(t.invoke(ipcChannels.unsubscribe, { sender, senderFrame: null }, 'a-1')).rejects.toBeInstanceOf(UntrustedSenderError);
    expect(t.hub.subscribe).not.toHaveBeenCalled();
  });

  it('delivers a subscription’s events to the sender under its subscription id', async () => {
    const t = setup();
    const sender = new FakeSender(1);
    const answer = await t.invoke(ipcChannels.subscribe, { sender, senderFrame: topFrame() }, 'p-1', { t: 'sub', id: 3, event: 'clock' });
    expect(answer).toEqual({ t: 'res', id: 3, ok: true, output: { subscribed: 'clock' } });
    expect(t.hub.subscribe).toHaveBeenCalledWith({ t: 'sub', id: 3, event: 'clock' }, expect.objectContaining({ kind: 'ipc' }), expect.any(Function));
    t.deliveries.get('3')!('clock', { now: '2025-01-01T00:00:00.000Z' });
    expect(sender.sent).toEqual([[ipcChannels.event, 'p-1', { now: '2025-01-01T00:00:00.000Z' }]]);
  });

  it('unsubscribes on request, once', async () => {
    const t = setup();
    const event = { sender: new FakeSender(1), senderFrame: topFrame() };
    await t.invoke(ipcChannels.subscribe, event, 'p-1', { t: 'sub', id: 3, event: 'clock' });
    expect(await t.invoke(ipcChannels.unsubscribe, event, 'p-1')).toBe(true);
    expect(await t.invoke(ipcChannels.unsubscribe, event, 'p-1')).toBe(false);
    expect(t.unsubscribed).toEqual(['3']);
  });

  it('does not keep a subscription the hub refused', async () => {
    const t = setup();
    const event = { sender: new FakeSender(1), senderFrame: topFrame() };
    const answer = (await t.invoke(ipcChannels.subscribe, event, 'p-1', { t: 'sub', id: 4, event: 'nope' })) as ResultFrame;
    expect(answer.ok).toBe(false);
    expect(await t.invoke(ipcChannels.unsubscribe, event, 'p-1')).toBe(false);
  });

  it('answers a malformed subscription id with MALFORMED_FRAME', async () => {
    const t = setup();
    const event = { sender: new FakeSender(1), senderFrame: topFrame() };
    for (const subId of [42, '', 'x'.repeat(65), 'a b', null]) {
      const answer = (await t.invoke(ipcChannels.subscribe, event, subId, { t: 'sub', id: 1, event: 'clock' })) as ResultFrame;
      expect(answer).toMatchObject({ ok: false, error: { code: 'MALFORMED_FRAME' } });
    }
    expect(t.hub.subscribe).not.toHaveBeenCalled();
  });

  it('replaces a subscription that reuses an id instead of leaking it', async () => {
    const t = setup();
    const event = { sender: new FakeSender(1), senderFrame: topFrame() };
    await t.invoke(ipcChannels.subscribe, event, 'p-1', { t: 'sub', id: 1, event: 'clock' });
    await t.invoke(ipcChannels.subscribe, event, 'p-1', { t: 'sub', id: 2, event: 'clock' });
    expect(t.unsubscribed).toEqual(['1']);
  });

  it('drops every subscription of a webContents when it is destroyed, and sends nothing to it after', async () => {
    const t = setup([1, 2]);
    const one = new FakeSender(1);
    const two = new FakeSender(2);
    await t.invoke(ipcChannels.subscribe, { sender: one, senderFrame: topFrame() }, 'a-1', { t: 'sub', id: 1, event: 'clock' });
    await t.invoke(ipcChannels.subscribe, { sender: one, senderFrame: topFrame() }, 'a-2', { t: 'sub', id: 2, event: 'clock' });
    await t.invoke(ipcChannels.subscribe, { sender: two, senderFrame: topFrame() }, 'b-1', { t: 'sub', id: 3, event: 'clock' });
    one.destroy();
    expect(t.unsubscribed.sort()).toEqual(['1', '2']);
    t.deliveries.get('1')!('clock', {});
    expect(one.sent).toEqual([]);
    expect(one.listenerCount('destroyed')).toBe(0);
  });

  it('drops a page’s subscriptions when its main frame loads a new document, not on in-page navigation', async () => {
    const t = setup();
    const sender = new FakeSender(1);
    const event = { sender, senderFrame: topFrame() };
    await t.invoke(ipcChannels.subscribe, event, 'a-1', { t: 'sub', id: 1, event: 'clock' });
    sender.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    sender.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    expect(t.unsubscribed).toEqual([]);
    sender.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(t.unsubscribed).toEqual(['1']);
    // The reloaded page subscribes again without piling up listeners on the webContents.
    await t.invoke(ipcChannels.subscribe, event, 'b-1', { t: 'sub', id: 2, event: 'clock' });
    expect(sender.listenerCount('did-start-navigation')).toBe(1);
  });

  it('drops a page’s subscriptions when its renderer process dies', async () => {
    const t = setup();
    const sender = new FakeSender(1);
    await t.invoke(ipcChannels.subscribe, { sender, senderFrame: topFrame() }, 'a-1', { t: 'sub', id: 1, event: 'clock' });
    sender.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(t.unsubscribed).toEqual(['1']);
  });

  it('removes its handlers and subscriptions when disposed', async () => {
    const t = setup();
    await t.invoke(ipcChannels.subscribe, { sender: new FakeSender(1), senderFrame: topFrame() }, 'a-1', { t: 'sub', id: 1, event: 'clock' });
    t.dispose();
    expect([...t.handlers.keys()]).toEqual([]);
    expect(t.unsubscribed).toEqual(['1']);
  });
});
