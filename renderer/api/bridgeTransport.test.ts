import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DaftaryarBridge } from '../../core/api/bridge';
import type { ResultFrame } from '../../core/api/wire';
import { bridgeTransport, findBridge } from './bridgeTransport';

function fakeBridge(): DaftaryarBridge & { call: ReturnType<typeof vi.fn>; subscribe: ReturnType<typeof vi.fn> } {
  const answer: ResultFrame = { t: 'res', id: 1, ok: true, output: { setUp: true } };
  return {
    shell: 'board',
    linkState: () => Promise.resolve({ status: 'open' }),
    onLink: () => () => {},
    rejoin: () => Promise.resolve({ ok: false, code: 'JOIN_CODE_REFUSED' }),
    standbyHere: () => Promise.resolve(null),
    promote: () => Promise.resolve({ ok: false, code: 'PROMOTE_NO_COPY' }),
    call: vi.fn(() => Promise.resolve(answer)),
    subscribe: vi.fn(() => ({ answer: Promise.resolve(answer), unsubscribe: vi.fn() })),
  };
}

describe('bridgeTransport', () => {
  afterEach(() => {
    delete (globalThis as { daftaryar?: unknown }).daftaryar;
  });

  it('finds the preload’s bridge on window.daftaryar, and nothing in a plain browser', () => {
    expect(findBridge()).toBeUndefined();
    const bridge = fakeBridge();
    (globalThis as { daftaryar?: unknown }).daftaryar = bridge;
    expect(findBridge()).toBe(bridge);
  });

  it('passes call frames to the bridge and returns its answer', async () => {
    const bridge = fakeBridge();
    const transport = bridgeTransport(bridge);
    const frame = { t: 'call', id: 1, proc: 'setup.status', input: {}, session: 's' } as const;
    await expect(transport.call(frame)).resolves.toMatchObject({ ok: true, output: { setUp: true } });
    expect(bridge.call).toHaveBeenCalledWith(frame);
  });

  it('passes subscriptions to the bridge with their listener', () => {
    const bridge = fakeBridge();
    const listener = vi.fn();
    bridgeTransport(bridge).subscribe({ t: 'sub', id: 2, event: 'clock' }, listener);
    expect(bridge.subscribe).toHaveBeenCalledWith({ t: 'sub', id: 2, event: 'clock' }, listener);
  });

  it("on a workstation, follows the window's link: reconnecting shows as connecting, a stopped link as closed with its reason; junk is ignored", async () => {
    let push!: (state: unknown) => void;
    const bridge = { ...fakeBridge(), linkState: () => Promise.resolve({ status: 'connecting' } as const), onLink: (l: (s: never) => void) => ((push = l as (state: unknown) => void), () => {}) };
    const transport = bridgeTransport(bridge);
    const statuses: string[] = [];
    transport.onStatus((s) => statuses.push(s));
    await vi.waitFor(() => expect(transport.status()).toBe('connecting'));
    push({ status: 'open' });
    push({ status: 'nonsense' });
    push({ status: 'halted', reason: 'incompatible', hubVersion: 2, ourVersion: 1 });
    expect(statuses).toEqual(['connecting', 'open', 'closed']);
    expect(transport.link.state()).toEqual({ status: 'halted', reason: 'incompatible', hubVersion: 2, ourVersion: 1 });
  });

  it('is always open: IPC does not drop while the window lives', () => {
    const transport = bridgeTransport(fakeBridge());
    const listener = vi.fn();
    const off = transport.onStatus(listener);
    expect(transport.status()).toBe('open');
    expect(() => {
      off();
      transport.close();
    }).not.toThrow();
    expect(listener).not.toHaveBeenCalled();
  });
});
