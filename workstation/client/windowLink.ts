/**
 * One window of a workstation, linked to the office hub (docs/OFFICE-SETUP.md). The window's
 * renderer speaks the contract's frames over the IPC bridge as on the hub's own PC; here those frames
 * go on over wss:// to the hub, on a connection of the window's own (a connection carries one kind
 * of caller: docs/SECURITY.md), which trusts the pinned office authority alone and proves this PC
 * with its device credential (`auth.device`) before anything else is served.
 *
 * At every connect the hub is first asked its contract version: another one than this build's stops
 * the link with both numbers — the window shows that instead of a half-working screen. A revoked
 * device (the hub closes with 4403, or refuses `auth.device`) stops it too: no reconnecting in a
 * loop. Any other loss is retried with capped, jittered backoff; re-subscriptions go before the
 * link is reported open. After a few failed attempts in a row the link asks `findHub` whether the
 * office moved (a promoted standby: docs/STANDBY.md § Workstations follow) and goes on there. While open, the hub is asked `health` every 5 s and 4 s of silence counts as
 * a loss (a pulled cable closes nothing until TCP gives up): the browser's probe, core/api/linkProbe.ts.
 * Calls keep the renderer's semantics: they always resolve — with the
 * answer, HUB_UNREACHABLE (the link is down, or went down with the call unanswered) or TIMEOUT —
 * and never hang.
 */
import WebSocket from 'ws';
import { LINK_PROBE_ID, startLinkProbe, type LinkProbe } from '../../core/api/linkProbe';
import { CONTRACT_VERSION } from '../../core/api/version';
import { MAX_FRAME_BYTES, readServerFrame, type CallFrame, type ResultFrame, type SubscribeFrame, type ClientSubscription } from '../../core/api/wire';
import type { ErrorCode } from '../../core/errors';
import type { LinkState } from '../../core/api/workstation';
import { pinnedTlsOptions, type PairedHub } from '../../native/lan/hubClient';
import { contractVersionOf } from '../hubHealth';

/** the hub closes a revoked device's connections with this code (hub/web/server.ts) */
export const REVOKED_CLOSE_CODE = 4403;

export interface WindowLinkOptions {
  hub: PairedHub;
  /** this build's contract version; another in tests of a mismatch */
  contractVersion?: number;
  /** how long a call may wait for its answer, reconnecting included */
  callTimeoutMs?: number;
  /** how long a connection may take to open and prove itself */
  connectTimeoutMs?: number;
  backoff?: { firstMs: number; maxMs: number };
  /** liveness (core/api/linkProbe.ts): `health` this long after the last answer; defaults LINK_PROBE_EVERY_MS */
  probeEveryMs?: number;
  /** no answer this long after a probe: the link is lost; default LINK_PROBE_TIMEOUT_MS */
  probeTimeoutMs?: number;
  /** this app's version, reported to the hub (`updates.report`) at every connect once the device is proved (docs/UPDATES.md) */
  appVersion?: string;
  /** told of every connect attempt's failure, for the log */
  onProblem?: (problem: string) => void;
  /**
   * After FIND_HUB_AFTER failed attempts in a row, before the next one: another hub to link to (a
   * promoted standby, workstation/follow.ts `hubToFollow`), or null to keep trying this one.
   */
  findHub?: (current: PairedHub) => Promise<PairedHub | null>;
  /** told when the link moved to another hub */
  onMoved?: (hub: PairedHub) => void;
}

/** failed connects in a row before the link asks `findHub` (a hub restarting is back within these) */
export const FIND_HUB_AFTER = 3;

export interface WindowLink {
  call(frame: CallFrame, options?: { timeoutMs?: number }): Promise<ResultFrame>;
  subscribe(frame: SubscribeFrame, onEvent: (payload: unknown) => void): { answer: Promise<ResultFrame>; unsubscribe: () => void };
  state(): LinkState;
  onState(listener: (state: LinkState) => void): () => void;
  /** the window is gone: close for good */
  close(): void;
}

interface Pending {
  callerId: number;
  text: string;
  sent: boolean;
  resolve: (frame: ResultFrame) => void;
  timer: ReturnType<typeof setTimeout>;
}

type Subscription = ClientSubscription;

const fail = (id: number | null, code: ErrorCode, message: string): ResultFrame => ({ t: 'res', id, ok: false, error: { code, message } });

export function openWindowLink(options: WindowLinkOptions): WindowLink {
  const ourVersion = options.contractVersion ?? CONTRACT_VERSION;
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const backoff = options.backoff ?? { firstMs: 250, maxMs: 5_000 };
  const listeners = new Set<(state: LinkState) => void>();
  /** wire id → call */
  const pending = new Map<number, Pending>();
  /** wire id → subscription */
  const subscriptions = new Map<number, Subscription>();
  /** wire ids of the handshake's own calls → what to do with the answer */
  const handshake = new Map<number, (frame: ResultFrame) => void>();
  let nextId = 1;
  let state: LinkState = { status: 'connecting' };
  let hub: PairedHub = options.hub;
  let socket: WebSocket | undefined;
  let attempt = 0;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let probe: LinkProbe | undefined;
  const stopProbe = () => {
    probe?.stop();
    probe = undefined;
  };

  const setState = (next: LinkState) => {
    if (JSON.stringify(next) === JSON.stringify(state)) return;
    state = next;
    for (const l of listeners) l(next);
  };
  const isOpen = () => state.status === 'open' && socket?.readyState === WebSocket.OPEN;

  /** what a call gets once the link has stopped for good */
  const haltedAnswer = (callerId: number): ResultFrame =>
    state.status === 'halted' && state.reason === 'revoked'
      ? fail(callerId, 'DEVICE_REVOKED', 'this workstation was removed from the office')
      : state.status === 'halted' && state.reason === 'forgotten'
        ? fail(callerId, 'DEVICE_NOT_PAIRED', 'the hub does not know this workstation')
        : fail(callerId, 'HUB_UNREACHABLE', 'the hub speaks another contract version');

  const settle = (wireId: number, frame: ResultFrame) => {
    const p = pending.get(wireId);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(wireId);
    p.resolve(frame);
  };

  /** No more reconnecting; the socket, if any, dropped without a word more. */
  const stop = () => {
    closed = true;
    clearTimeout(reconnectTimer);
    stopProbe();
    const ws = socket;
    socket = undefined;
    ws?.removeAllListeners();
    ws?.on('error', () => {});
    ws?.close();
  };

  const halt = (next: LinkState & { status: 'halted' }) => {
    stop();
    setState(next);
    for (const [wireId, p] of pending) settle(wireId, haltedAnswer(p.callerId));
    for (const sub of subscriptions.values()) if (!sub.answered) sub.resolveAnswer(haltedAnswer(sub.frame.id));
    subscriptions.clear();
  };

  const handshakeCall = (ws: WebSocket, proc: string, input: unknown): Promise<ResultFrame> =>
    new Promise((resolve) => {
      const id = nextId++;
      handshake.set(id, resolve);
      ws.send(JSON.stringify({ t: 'call', id, proc, input }));
    });

  const lost = (ws: WebSocket, problem: string) => {
    if (socket !== ws) return;
    socket = undefined;
    stopProbe();
    ws.removeAllListeners();
    ws.on('error', () => {});
    ws.terminate();
    handshake.clear();
    options.onProblem?.(problem);
    // sent and unanswered: the hub may or may not have run it; the caller is told, never left waiting
    for (const [wireId, p] of pending) if (p.sent) settle(wireId, fail(p.callerId, 'HUB_UNREACHABLE', 'the connection to the hub was lost'));
    if (closed) return;
    setState({ status: 'connecting' });
    const delay = Math.min(backoff.maxMs, backoff.firstMs * 2 ** attempt++) * (0.5 + Math.random() / 2);
    reconnectTimer = setTimeout(() => void reconnect(), delay);
  };

  /** The next attempt; after a few failed ones, on the hub `findHub` names if it names one. */
  const reconnect = async () => {
    if (closed) return;
    if (attempt >= FIND_HUB_AFTER && options.findHub) {
      const moved = await options.findHub(hub).catch(() => null);
      if (closed) return;
      if (moved && moved.url !== hub.url) {
        hub = moved;
        attempt = 0;
        options.onMoved?.(moved);
      }
    }
    connect();
  };

  const opened = (ws: WebSocket) => {
    attempt = 0;
    // subscriptions first, then the news that the link is back (as renderer/api/wsTransport.ts)
    for (const [wireId, sub] of subscriptions) ws.send(JSON.stringify({ ...sub.frame, id: wireId }));
    setState({ status: 'open' });
    stopProbe();
    probe = startLinkProbe({
      timers: { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
      everyMs: options.probeEveryMs,
      timeoutMs: options.probeTimeoutMs,
      send: (text) => {
        if (socket !== ws || ws.readyState !== WebSocket.OPEN) return false;
        ws.send(text);
        return true;
      },
      // silent: the socket will not close by itself before TCP gives up, minutes later
      onSilent: () => lost(ws, 'the hub did not answer health in time'),
    });
    for (const p of pending.values()) {
      if (p.sent) continue;
      p.sent = true;
      ws.send(p.text);
    }
  };

  const onFrame = (raw: WebSocket.RawData) => {
    const frame = readServerFrame(String(raw));
    if (!frame) return;
    if (frame.t === 'evt') {
      for (const sub of subscriptions.values()) if (sub.frame.event === frame.event) sub.onEvent(frame.payload);
      return;
    }
    if (frame.id === null) return;
    if (frame.id === LINK_PROBE_ID) return probe?.answered();
    const step = handshake.get(frame.id);
    if (step) {
      handshake.delete(frame.id);
      return step(frame);
    }
    const sub = subscriptions.get(frame.id);
    if (sub) {
      if (!sub.answered) {
        sub.answered = true;
        sub.resolveAnswer({ ...frame, id: sub.frame.id });
      }
      if (!frame.ok) subscriptions.delete(frame.id);
      return;
    }
    const p = pending.get(frame.id);
    if (p) settle(frame.id, { ...frame, id: p.callerId });
  };

  function connect(): void {
    if (closed) return;
    setState({ status: 'connecting' });
    const ws = new WebSocket(hub.url, { ...pinnedTlsOptions(hub), maxPayload: 2 * MAX_FRAME_BYTES });
    socket = ws;
    const deadline = setTimeout(() => lost(ws, 'the hub did not answer in time'), connectTimeoutMs);
    ws.on('message', onFrame);
    ws.on('error', (err) => lost(ws, `cannot reach the hub: ${err.message}`));
    ws.on('close', (code) => {
      clearTimeout(deadline);
      if (socket !== ws) return;
      if (code === REVOKED_CLOSE_CODE) return halt({ status: 'halted', reason: 'revoked' });
      lost(ws, `the hub closed the connection (${code})`);
    });
    ws.on('open', () => {
      void (async () => {
        const health = await handshakeCall(ws, 'health', {});
        if (socket !== ws) return;
        const hubVersion = health.ok ? contractVersionOf(health.output) : undefined;
        if (hubVersion === undefined) return lost(ws, 'the hub did not answer health');
        if (hubVersion !== ourVersion) return halt({ status: 'halted', reason: 'incompatible', hubVersion, ourVersion });
        const hello = await handshakeCall(ws, 'auth.device', { deviceId: hub.deviceId, credential: hub.credential });
        if (socket !== ws) return;
        if (!hello.ok) {
          if (hello.error.code === 'DEVICE_REVOKED') return halt({ status: 'halted', reason: 'revoked' });
          if (hello.error.code === 'DEVICE_NOT_PAIRED') return halt({ status: 'halted', reason: 'forgotten' });
          return lost(ws, `the hub refused this device (${hello.error.code})`);
        }
        clearTimeout(deadline);
        // not awaited: a hub from before updates.report answers UNKNOWN_PROCEDURE, and nothing waits on it
        if (options.appVersion !== undefined) void handshakeCall(ws, 'updates.report', { appVersion: options.appVersion });
        opened(ws);
      })();
    });
  }

  connect();

  return {
    call(frame, callOptions) {
      if (state.status === 'halted') return Promise.resolve(haltedAnswer(frame.id));
      const wireId = nextId++;
      const text = JSON.stringify({ ...frame, id: wireId });
      if (Buffer.byteLength(text) > MAX_FRAME_BYTES) return Promise.resolve(fail(frame.id, 'MESSAGE_TOO_LARGE', 'frame too large'));
      return new Promise<ResultFrame>((resolve) => {
        const timer = setTimeout(() => {
          settle(wireId, isOpen() ? fail(frame.id, 'TIMEOUT', 'no answer in time') : fail(frame.id, 'HUB_UNREACHABLE', 'hub unreachable'));
        }, callOptions?.timeoutMs ?? callTimeoutMs);
        const p: Pending = { callerId: frame.id, text, sent: false, resolve, timer };
        pending.set(wireId, p);
        if (isOpen()) {
          p.sent = true;
          socket!.send(text);
        }
      });
    },
    subscribe(frame, onEvent) {
      if (state.status === 'halted') return { answer: Promise.resolve(haltedAnswer(frame.id)), unsubscribe: () => {} };
      const wireId = nextId++;
      let resolveAnswer!: (f: ResultFrame) => void;
      const answer = new Promise<ResultFrame>((r) => (resolveAnswer = r));
      subscriptions.set(wireId, { frame, onEvent, answered: false, resolveAnswer });
      // while connecting, the handshake sends every subscription; sending it here too would send it twice
      if (isOpen()) socket!.send(JSON.stringify({ ...frame, id: wireId }));
      return {
        answer,
        unsubscribe() {
          if (!subscriptions.delete(wireId)) return;
          if (![...subscriptions.values()].some((s) => s.frame.event === frame.event) && isOpen()) {
            socket!.send(JSON.stringify({ t: 'unsub', id: wireId, event: frame.event }));
          }
        },
      };
    },
    state: () => state,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed && !socket) return;
      stop();
      for (const [wireId, p] of pending) settle(wireId, fail(p.callerId, 'HUB_UNREACHABLE', 'the window closed'));
      subscriptions.clear();
    },
  };
}
