import { MAX_FRAME_BYTES, readServerFrame, type CallFrame, type ResultFrame, type SubscribeFrame, type ClientSubscription } from '../../core/api/wire';
import { LINK_PROBE_ID, startLinkProbe, type LinkProbe, type ProbeTimers } from '../../core/api/linkProbe';
import type { ConnectionStatus, Transport } from './transport';

export interface WsTransportOptions {
  url: string;
  /** how long a call may wait for an answer, including time spent reconnecting (ms) */
  callTimeoutMs?: number;
  /** for tests: the WebSocket constructor */
  WebSocketImpl?: typeof WebSocket;
  /**
   * The frame a paired LAN device sends first on every connection (`auth.device`, id 0), before
   * anything queued — the hub serves a LAN connection only once it knows the device.
   */
  hello?: () => CallFrame | undefined;
  /** the hub's answer to `hello` */
  onHello?: (answer: ResultFrame) => void;
  /**
   * Liveness: while open, `health` is asked every `probeEveryMs`; no answer within `probeTimeoutMs`
   * (a cable pulled, the hub's PC off: nothing closes the socket) and the link counts as lost — the
   * screen says so and it reconnects. Defaults LINK_PROBE_EVERY_MS and LINK_PROBE_TIMEOUT_MS
   * (core/api/linkProbe.ts, shared with a workstation's Electron window).
   */
  probeEveryMs?: number;
  probeTimeoutMs?: number;
}

interface Pending {
  resolve: (frame: ResultFrame) => void;
  timer: ReturnType<typeof setTimeout>;
}

type Subscription = ClientSubscription;

const fail = (id: number, code: 'HUB_UNREACHABLE' | 'TIMEOUT' | 'MESSAGE_TOO_LARGE', message: string): ResultFrame => ({
  t: 'res',
  id,
  ok: false,
  error: { code, message },
});

/** The id of the hello frame; the client's own ids start at 1. */
const HELLO_ID = 0;
const timers: ProbeTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The contract over a WebSocket, for browsers and LAN screens. Reconnects by itself with
 * capped backoff and re-subscribes; a call made while the link is down waits for it up to
 * its timeout and then resolves with HUB_UNREACHABLE — it never hangs and never throws.
 */
export function wsTransport(options: WsTransportOptions): Transport {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const pending = new Map<number, Pending>();
  const subscriptions = new Map<number, Subscription>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  let outbox: string[] = [];
  let socket: WebSocket | undefined;
  let status: ConnectionStatus = 'connecting';
  let attempt = 0;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let probe: LinkProbe | undefined;

  const stopProbe = () => {
    probe?.stop();
    probe = undefined;
  };
  const startProbe = (ws: WebSocket) => {
    stopProbe();
    probe = startLinkProbe({
      timers,
      everyMs: options.probeEveryMs,
      timeoutMs: options.probeTimeoutMs,
      send: (text) => {
        if (socket !== ws || ws.readyState !== Impl.OPEN) return false;
        ws.send(text);
        return true;
      },
      onSilent: () => {
        // silent: the socket will not close by itself before TCP gives up, minutes later
        if (socket !== ws) return;
        ws.onclose = null;
        ws.onmessage = null;
        try {
          ws.close();
        } catch {
          // closing a dead socket may throw in some engines; it is dropped either way
        }
        lost(ws, 1006);
      },
    });
  };

  const setStatus = (s: ConnectionStatus) => {
    if (s === status) return;
    status = s;
    for (const l of statusListeners) l(s);
  };

  const sendRaw = (text: string) => {
    if (socket && socket.readyState === Impl.OPEN) socket.send(text);
    else outbox.push(text);
  };

  const connect = () => {
    if (closed) return;
    setStatus('connecting');
    const ws = new Impl(options.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      const hello = options.hello?.();
      if (hello) ws.send(JSON.stringify({ ...hello, id: HELLO_ID }));
      // Subscriptions first, then the news that the link is back: a screen that asks again then for
      // what it shows (renderer/app/useHubData.ts) is answered after the hub listens for its changes.
      for (const sub of subscriptions.values()) ws.send(JSON.stringify(sub.frame));
      setStatus('open');
      startProbe(ws);
      const queued = outbox;
      outbox = [];
      for (const text of queued) ws.send(text);
    };
    ws.onmessage = (msg) => {
      if (typeof msg.data !== 'string') return;
      const frame = readServerFrame(msg.data);
      if (!frame) return;
      if (frame.t === 'evt') {
        for (const sub of subscriptions.values()) if (sub.frame.event === frame.event) sub.onEvent(frame.payload);
        return;
      }
      if (frame.id === null) return;
      if (frame.id === HELLO_ID) return options.onHello?.(frame);
      if (frame.id === LINK_PROBE_ID) return socket === ws ? probe?.answered() : undefined;
      const sub = subscriptions.get(frame.id);
      if (sub) {
        if (!sub.answered) {
          sub.answered = true;
          sub.resolveAnswer(frame);
        }
        if (!frame.ok) subscriptions.delete(frame.id);
        return;
      }
      const p = pending.get(frame.id);
      if (p) {
        clearTimeout(p.timer);
        pending.delete(frame.id);
        p.resolve(frame);
      }
    };
    ws.onclose = (ev) => lost(ws, ev.code);
    ws.onerror = () => {
      // onclose follows; nothing to do here
    };
  };

  const lost = (ws: WebSocket, code: number) => {
    if (socket !== ws) return;
    socket = undefined;
    stopProbe();
    // 1009: the hub refused a frame over its size limit; the calls in flight can't be answered.
    if (code === 1009) {
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.resolve(fail(id, 'MESSAGE_TOO_LARGE', 'frame too large'));
      }
      pending.clear();
    }
    if (closed) return setStatus('closed');
    setStatus('connecting');
    const delay = Math.min(5000, 250 * 2 ** attempt++) * (0.5 + Math.random() / 2);
    reconnectTimer = setTimeout(connect, delay);
  };

  connect();

  return {
    call(frame: CallFrame, callOptions?: { timeoutMs?: number | undefined }) {
      const text = JSON.stringify(frame);
      // The hub would refuse it without an id to match; say so at once instead of timing out.
      if (new TextEncoder().encode(text).byteLength > MAX_FRAME_BYTES) {
        return Promise.resolve(fail(frame.id, 'MESSAGE_TOO_LARGE', 'frame too large'));
      }
      return new Promise<ResultFrame>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(frame.id);
          // The caller is told it failed, so it must not reach the hub when the link returns.
          outbox = outbox.filter((queued) => queued !== text);
          resolve(status === 'open' ? fail(frame.id, 'TIMEOUT', 'no answer in time') : fail(frame.id, 'HUB_UNREACHABLE', 'hub unreachable'));
        }, callOptions?.timeoutMs ?? callTimeoutMs);
        pending.set(frame.id, { resolve, timer });
        sendRaw(text);
      });
    },
    subscribe(frame, onEvent) {
      let resolveAnswer!: (f: ResultFrame) => void;
      const answer = new Promise<ResultFrame>((r) => (resolveAnswer = r));
      subscriptions.set(frame.id, { frame, onEvent, answered: false, resolveAnswer });
      // while connecting, onopen sends every active subscription; queueing it too would send it twice
      if (socket && socket.readyState === Impl.OPEN) socket.send(JSON.stringify(frame));
      return {
        answer,
        unsubscribe() {
          if (!subscriptions.delete(frame.id)) return;
          if (![...subscriptions.values()].some((s) => s.frame.event === frame.event)) {
            sendRaw(JSON.stringify({ t: 'unsub', id: frame.id, event: frame.event }));
          }
        },
      };
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      stopProbe();
      socket?.close();
      setStatus('closed');
    },
  };
}
