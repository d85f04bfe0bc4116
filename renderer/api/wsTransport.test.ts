import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_FRAME_BYTES, type CallFrame, type ResultFrame, type SubscribeFrame } from '../../core/api/wire';
import type { ConnectionStatus } from './transport';
import { wsTransport } from './wsTransport';

/**
 * A WebSocket the test drives by hand: it opens, receives and drops when told to, and records
 * what the transport sends. Sending on a socket that isn't open throws, as a browser's does.
 */
interface FakeSocket {
  readonly url: string;
  readyState: number;
  readonly sent: string[];
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(text: string): void;
  close(): void;
  /** test controls */
  open(): void;
  receive(frame: unknown): void;
  receiveRaw(data: unknown): void;
  drop(code?: number): void;
  frames(): Array<Record<string, unknown>>;
}

function fakeWebSocketClass() {
  const sockets: FakeSocket[] = [];
  class Fake implements FakeSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    readonly sent: string[] = [];
    onopen: ((ev: unknown) => void) | null = null;
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onclose: ((ev: { code: number }) => void) | null = null;
    onerror: ((ev: unknown) => void) | null = null;
    constructor(readonly url: string) {
      sockets.push(this);
    }
    send(text: string) {
      if (this.readyState !== Fake.OPEN) throw new Error('InvalidStateError: socket is not open');
      this.sent.push(text);
    }
    close() {
      if (this.readyState === Fake.CLOSED) return;
      this.drop(1000);
    }
    open() {
      this.readyState = Fake.OPEN;
      this.onopen?.({});
    }
    receive(frame: unknown) {
      this.receiveRaw(JSON.stringify(frame));
    }
    receiveRaw(data: unknown) {
      this.onmessage?.({ data });
    }
    drop(code = 1006) {
      this.readyState = Fake.CLOSED;
      this.onclose?.({ code });
    }
    frames() {
      return this.sent.map((t) => JSON.parse(t) as Record<string, unknown>);
    }
  }
  return { WebSocketImpl: Fake as unknown as typeof WebSocket, sockets };
}

const URL = 'ws://hub.test/api/ws';
const TIMEOUT_MS = 1000;

function setup() {
  const { WebSocketImpl, sockets } = fakeWebSocketClass();
  const transport = wsTransport({ url: URL, callTimeoutMs: TIMEOUT_MS, WebSocketImpl });
  const socket = (i: number): FakeSocket => {
    const s = sockets[i];
    if (!s) throw new Error(`no socket #${i} (have ${sockets.length})`);
    return s;
  };
  return { transport, sockets, socket };
}

const call = (id: number, proc = 'health', input: unknown = {}): CallFrame => ({ t: 'call', id, proc, input });
const sub = (id: number, event = 'clock'): SubscribeFrame => ({ t: 'sub', id, event });
const ok = (id: number, output: unknown): ResultFrame => ({ t: 'res', id, ok: true, output });

/** Whether a promise has settled by now (after letting microtasks run). */
async function settled<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  let state: { done: boolean; value?: T } = { done: false };
  void p.then((value) => (state = { done: true, value }));
  await Promise.resolve();
  await Promise.resolve();
  return state;
}

beforeEach(() => {
  vi.useFakeTimers();
  // no jitter: every reconnect waits exactly half of its backoff step
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('wsTransport', () => {
  it('connects to the given URL once, at creation', () => {
    const { sockets } = setup();
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe(URL);
  });

  it('queues calls made while connecting and sends them, in order, when the socket opens', () => {
    const { transport, socket } = setup();
    void transport.call(call(1, 'setup.status'));
    void transport.call(call(2, 'office.info'));
    expect(socket(0).sent).toEqual([]);

    socket(0).open();

    expect(socket(0).frames()).toEqual([call(1, 'setup.status'), call(2, 'office.info')]);
  });

  it('sends a call at once when the socket is already open', () => {
    const { transport, socket } = setup();
    socket(0).open();
    void transport.call(call(7, 'auth.whoami'));
    expect(socket(0).frames()).toEqual([call(7, 'auth.whoami')]);
  });

  it('resolves each call with the result frame that carries its id', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    const first = transport.call(call(1));
    const second = transport.call(call(2));

    socket(0).receive(ok(2, { which: 'second' }));
    socket(0).receive(ok(1, { which: 'first' }));

    await expect(first).resolves.toEqual(ok(1, { which: 'first' }));
    await expect(second).resolves.toEqual(ok(2, { which: 'second' }));
  });

  it('resolves with the error frame, not a rejection, when the hub answers with an error', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    const answer = transport.call(call(3, 'auth.login'));
    const refusal: ResultFrame = { t: 'res', id: 3, ok: false, error: { code: 'INVALID_CREDENTIALS', message: 'bad' } };
    socket(0).receive(refusal);
    await expect(answer).resolves.toEqual(refusal);
  });

  it('resolves an unanswered call with HUB_UNREACHABLE when the socket never opens', async () => {
    const { transport } = setup();
    const answer = transport.call(call(1));

    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    expect((await settled(answer)).done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    await expect(answer).resolves.toMatchObject({ t: 'res', id: 1, ok: false, error: { code: 'HUB_UNREACHABLE' } });
  });

  it('resolves an unanswered call with TIMEOUT when the socket is open but the hub stays silent', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    const answer = transport.call(call(1));

    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);

    await expect(answer).resolves.toMatchObject({ id: 1, ok: false, error: { code: 'TIMEOUT' } });
  });

  it('waits longer for a call that asks to (a card payment at a terminal)', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    const answer = transport.call(call(1, 'payment.terminal'), { timeoutMs: TIMEOUT_MS * 10 });
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS * 5);
    expect((await settled(answer)).done).toBe(false);
    socket(0).receive(ok(1, { paid: true }));
    await expect(answer).resolves.toMatchObject({ id: 1, ok: true });
  });

  it('ignores an answer that arrives after its call has timed out', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    const answer = transport.call(call(1));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);

    expect(() => socket(0).receive(ok(1, { late: true }))).not.toThrow();
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('does not send a call the caller was already told had failed when the link comes back later', async () => {
    const { transport, socket } = setup();
    const givenUp = transport.call(call(1, 'setup.createOffice'));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    await expect(givenUp).resolves.toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE' } });

    void transport.call(call(2, 'setup.status'));
    socket(0).open();

    expect(socket(0).frames()).toEqual([call(2, 'setup.status')]);
  });

  it('reconnects after a close, waiting longer after each failed attempt', async () => {
    const { sockets, socket } = setup();
    socket(0).open();
    socket(0).drop();

    // Math.random() = 0 → half of 250, 500, 1000 … ms
    await vi.advanceTimersByTimeAsync(124);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);

    socket(1).drop(); // the second attempt fails without opening
    await vi.advanceTimersByTimeAsync(249);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
    expect(socket(2).url).toBe(URL);
  });

  it('starts the backoff over once a reconnect succeeds', async () => {
    const { sockets, socket } = setup();
    socket(0).drop();
    await vi.advanceTimersByTimeAsync(125);
    socket(1).drop();
    await vi.advanceTimersByTimeAsync(250);
    socket(2).open();
    socket(2).drop();

    await vi.advanceTimersByTimeAsync(125);
    expect(sockets).toHaveLength(4);
  });

  it('never waits more than five seconds between attempts', async () => {
    vi.mocked(Math.random).mockReturnValue(0.999_999);
    const { sockets, socket } = setup();
    for (let i = 0; i < 12; i++) {
      socket(i).drop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(sockets).toHaveLength(i + 2);
    }
  });

  it('re-sends the active subscriptions, and only those, on the new socket after a reconnect', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    transport.subscribe(sub(1, 'clock'), () => {});
    const other = transport.subscribe(sub(2, 'queue.changed'), () => {});
    other.unsubscribe();

    socket(0).drop();
    await vi.advanceTimersByTimeAsync(125);
    socket(1).open();

    expect(socket(1).frames()).toEqual([sub(1, 'clock')]);
  });

  it('re-subscribes before it says the link is back, so what a screen asks then misses no event after it', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    transport.subscribe(sub(1, 'applicantScreen.changed'), () => {});
    // a screen asks again for what it shows as soon as the link is back (renderer/app/useHubData.ts)
    transport.onStatus((s) => s === 'open' && void transport.call(call(7, 'applicantScreen.view', { counterId: 1 })));

    socket(0).drop();
    await vi.advanceTimersByTimeAsync(125);
    socket(1).open();

    expect(socket(1).frames()).toEqual([sub(1, 'applicantScreen.changed'), call(7, 'applicantScreen.view', { counterId: 1 })]);
  });

  it('does not re-send a call that was in flight on the socket that closed', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    void transport.call(call(1, 'auth.logout'));
    socket(0).drop();
    await vi.advanceTimersByTimeAsync(125);
    socket(1).open();
    expect(socket(1).frames()).toEqual([]);
  });

  it('resolves the answer of a subscription with the hub’s reply to it', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    const { answer } = transport.subscribe(sub(4), () => {});
    socket(0).receive(ok(4, { subscribed: 'clock' }));
    await expect(answer).resolves.toEqual(ok(4, { subscribed: 'clock' }));
  });

  it('delivers an event to every local subscriber of that event and to no other', () => {
    const { transport, socket } = setup();
    socket(0).open();
    const clockA = vi.fn();
    const clockB = vi.fn();
    const other = vi.fn();
    transport.subscribe(sub(1, 'clock'), clockA);
    transport.subscribe(sub(2, 'clock'), clockB);
    transport.subscribe(sub(3, 'queue.changed'), other);

    socket(0).receive({ t: 'evt', event: 'clock', payload: { now: '2025-01-01T00:00:00.000Z' } });

    expect(clockA).toHaveBeenCalledExactlyOnceWith({ now: '2025-01-01T00:00:00.000Z' });
    expect(clockB).toHaveBeenCalledExactlyOnceWith({ now: '2025-01-01T00:00:00.000Z' });
    expect(other).not.toHaveBeenCalled();
  });

  it('stops delivering events to a subscriber after it unsubscribes', () => {
    const { transport, socket } = setup();
    socket(0).open();
    const stays = vi.fn();
    const leaves = vi.fn();
    transport.subscribe(sub(1), stays);
    transport.subscribe(sub(2), leaves).unsubscribe();

    socket(0).receive({ t: 'evt', event: 'clock', payload: {} });

    expect(stays).toHaveBeenCalledOnce();
    expect(leaves).not.toHaveBeenCalled();
  });

  it('forgets a subscription the hub refused', () => {
    const { transport, socket } = setup();
    socket(0).open();
    const listener = vi.fn();
    transport.subscribe(sub(5), listener);
    socket(0).receive({ t: 'res', id: 5, ok: false, error: { code: 'FORBIDDEN', message: 'no' } });
    socket(0).receive({ t: 'evt', event: 'clock', payload: {} });
    expect(listener).not.toHaveBeenCalled();
  });

  it('sends unsub only when the last local subscriber of an event leaves', () => {
    const { transport, socket } = setup();
    socket(0).open();
    const first = transport.subscribe(sub(1, 'clock'), () => {});
    const second = transport.subscribe(sub(2, 'clock'), () => {});
    const unsubs = () => socket(0).frames().filter((f) => f.t === 'unsub');

    first.unsubscribe();
    expect(unsubs()).toEqual([]);

    second.unsubscribe();
    expect(unsubs()).toEqual([{ t: 'unsub', id: 2, event: 'clock' }]);

    second.unsubscribe(); // a second call is a no-op
    first.unsubscribe();
    expect(unsubs()).toHaveLength(1);
  });

  it('resolves the calls in flight with MESSAGE_TOO_LARGE when the hub closes with 1009', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    const a = transport.call(call(1, 'setup.createOffice'));
    const b = transport.call(call(2, 'health'));

    socket(0).drop(1009);

    // at once, not after the call timeout
    expect(await settled(a)).toMatchObject({ done: true, value: { id: 1, ok: false, error: { code: 'MESSAGE_TOO_LARGE' } } });
    expect(await settled(b)).toMatchObject({ done: true, value: { id: 2, ok: false, error: { code: 'MESSAGE_TOO_LARGE' } } });
  });

  it('leaves calls in flight waiting for their timeout when the socket closes for another reason', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    const answer = transport.call(call(1));
    socket(0).drop(1006);

    expect((await settled(answer)).done).toBe(false);
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE' } });
  });

  it.each([
    ['text that is not JSON', '{"t":"res",'],
    ['JSON null', 'null'],
    ['a JSON array', '[1,2,3]'],
    ['a frame of an unknown type', JSON.stringify({ t: 'hello', id: 1 })],
    ['a result with a string id', JSON.stringify({ t: 'res', id: '1', ok: true, output: {} })],
    ['a result without ok', JSON.stringify({ t: 'res', id: 1, output: {} })],
    ['an error result with an unknown code', JSON.stringify({ t: 'res', id: 1, ok: false, error: { code: 'NOPE', message: 'x' } })],
    ['an event without a name', JSON.stringify({ t: 'evt', payload: {} })],
    ['a binary frame', new ArrayBuffer(8)],
  ])('ignores a malformed server frame (%s) without throwing', async (_what, data) => {
    const { transport, socket } = setup();
    socket(0).open();
    const listener = vi.fn();
    transport.subscribe(sub(9), listener);
    const answer = transport.call(call(1));

    expect(() => socket(0).receiveRaw(data)).not.toThrow();
    expect((await settled(answer)).done).toBe(false);
    expect(listener).not.toHaveBeenCalled();

    socket(0).receive(ok(1, 'still works'));
    await expect(answer).resolves.toEqual(ok(1, 'still works'));
  });

  it('ignores results for ids it does not know and error results without an id', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    const answer = transport.call(call(1));
    expect(() => {
      socket(0).receive(ok(99, {}));
      socket(0).receive({ t: 'res', id: null, ok: false, error: { code: 'MALFORMED_FRAME', message: 'x' } });
    }).not.toThrow();
    expect((await settled(answer)).done).toBe(false);
  });

  it('reports connecting, then open, then connecting again when the link drops', () => {
    const { transport, socket } = setup();
    const seen: ConnectionStatus[] = [transport.status()];
    transport.onStatus((s) => seen.push(s));

    socket(0).open();
    socket(0).drop();

    expect(seen).toEqual(['connecting', 'open', 'connecting']);
    expect(transport.status()).toBe('connecting');
  });

  it('stops telling a status listener once it has unsubscribed', () => {
    const { transport, socket } = setup();
    const listener = vi.fn();
    const off = transport.onStatus(listener);
    off();
    socket(0).open();
    expect(listener).not.toHaveBeenCalled();
  });

  it('is closed for good after close(): no reconnect, status closed', async () => {
    const { transport, sockets, socket } = setup();
    const seen: ConnectionStatus[] = [];
    transport.onStatus((s) => seen.push(s));
    socket(0).open();

    transport.close();
    await vi.advanceTimersByTimeAsync(60_000);

    expect(transport.status()).toBe('closed');
    expect(seen.at(-1)).toBe('closed');
    expect(seen).not.toContain('connecting');
    expect(sockets).toHaveLength(1);
  });

  it('cancels a pending reconnect when closed while waiting to retry', async () => {
    const { transport, sockets, socket } = setup();
    socket(0).drop();
    transport.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(transport.status()).toBe('closed');
  });
});

describe('wsTransport liveness', () => {
  const PROBE_ID = Number.MAX_SAFE_INTEGER;
  const probes = (s: FakeSocket) => s.frames().filter((f) => f.proc === 'health' && f.id === PROBE_ID);

  it('asks health every 5 s while open and stays open while the hub answers', async () => {
    const { transport, socket, sockets } = setup();
    socket(0).open();
    expect(probes(socket(0))).toHaveLength(0);
    for (let i = 1; i <= 3; i++) {
      await vi.advanceTimersByTimeAsync(5000);
      expect(probes(socket(0))).toHaveLength(i);
      await vi.advanceTimersByTimeAsync(100);
      socket(0).receive(ok(PROBE_ID, { status: 'ok' }));
    }
    await vi.advanceTimersByTimeAsync(4500);
    expect(transport.status()).toBe('open');
    expect(sockets).toHaveLength(1);
  });

  it('counts a silent link as lost (a cable pulled: no close ever comes): says so, drops the socket and connects again', async () => {
    const { transport, socket, sockets } = setup();
    const seen: ConnectionStatus[] = [];
    transport.onStatus((s) => seen.push(s));
    socket(0).open();
    await vi.advanceTimersByTimeAsync(5000);
    expect(probes(socket(0))).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3900);
    expect(transport.status()).toBe('open');
    await vi.advanceTimersByTimeAsync(200);
    expect(transport.status()).toBe('connecting');
    expect(seen).toEqual(['open', 'connecting']);
    // the silent socket was closed and is forgotten: a late answer or close from it changes nothing
    expect(socket(0).readyState).toBe(3);
    await vi.advanceTimersByTimeAsync(125);
    expect(sockets).toHaveLength(2);
    socket(1).open();
    expect(transport.status()).toBe('open');
    socket(0).receive(ok(PROBE_ID, { status: 'ok' }));
    expect(sockets).toHaveLength(2);
    // the new socket is probed in its turn
    await vi.advanceTimersByTimeAsync(5000);
    expect(probes(socket(1))).toHaveLength(1);
  });

  it('probes nothing once closed', async () => {
    const { transport, socket } = setup();
    socket(0).open();
    transport.close();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(probes(socket(0))).toHaveLength(0);
  });
});

describe('wsTransport frame size', () => {
  it('answers a call larger than the hub accepts with MESSAGE_TOO_LARGE at once, sending nothing', async () => {
    const sent: string[] = [];
    class Quiet {
      static OPEN = 1;
      readyState = 0;
      onopen: (() => void) | null = null;
      onmessage = null;
      onclose = null;
      onerror = null;
      send(t: string) {
        sent.push(t);
      }
      close() {}
    }
    const t = wsTransport({ url: 'ws://x', WebSocketImpl: Quiet as unknown as typeof WebSocket });
    const res = await t.call({ t: 'call', id: 9, proc: 'health', input: { pad: 'x'.repeat(MAX_FRAME_BYTES) } });
    expect(res).toMatchObject({ id: 9, ok: false, error: { code: 'MESSAGE_TOO_LARGE' } });
    expect(sent).toEqual([]);
    t.close();
  });
});
