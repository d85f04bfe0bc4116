/**
 * The main-process end of the bridge: IPC frames in, hub results and events out. Every
 * message is checked first — it must come from the top frame of one of our windows showing
 * our own origin — because any page a webContents ever shows could otherwise reach the hub.
 * Takes ipcMain and the hub as parameters so tests drive it with plain fakes.
 */
import { ipcChannels } from '../core/api/bridge';
import type { ResultFrame } from '../core/api/wire';
import type { Hub } from '../hub/hub';
import type { TransportInfo } from '../hub/rpc/dispatch';
import { createLogger, type Logger } from '../hub/log';
import { newConnection } from '../hub/auth/connection';
import { connectionKindOfShell, type Shell } from '../core/roles';
import { isAppUrl, originForLog } from './origin';
import type { LinkState } from '../core/api/workstation';

export type HubPort = Pick<Hub, 'call' | 'subscribe'>;

/** What we read of a WebFrameMain. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** What we use of a WebContents. */
export interface SenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
  on(event: 'did-start-navigation', listener: (details: { isMainFrame: boolean; isSameDocument: boolean }) => void): unknown;
  on(event: 'render-process-gone', listener: () => void): unknown;
}

/** What we use of an IpcMainInvokeEvent. */
export interface InvokeEventLike {
  readonly sender: SenderLike;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type SenderCheck = (event: InvokeEventLike) => boolean;

/**
 * Trust a message only from the top frame of one of our windows (`isOurWindow` is asked with
 * the webContents id) whose document is on `app://daftaryar`. A null frame (navigated away or
 * destroyed), a subframe or any other origin is refused.
 */
export function createSenderCheck(isOurWindow: (webContentsId: number) => boolean): SenderCheck {
  return (event) => {
    try {
      const frame = event.senderFrame;
      return frame !== null && frame.parent === null && isAppUrl(frame.url) && isOurWindow(event.sender.id);
    } catch {
      // Reading a disposed frame throws in Electron; such a sender is not trusted.
      return false;
    }
  };
}

const SUBSCRIPTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`${channel}: refused, the sender is not one of Daftaryar's pages`);
    this.name = 'UntrustedSenderError';
  }
}

/**
 * Refuses a message that is not from one of our pages (`isTrustedSender`): logged with the sender's
 * origin only (a page's path or query may carry data, and frames may carry a session), then thrown.
 * Every handler of ours calls it first.
 */
export function senderGuard(isTrustedSender: SenderCheck, log: Pick<Logger, 'warn'>): (channel: string, event: InvokeEventLike) => void {
  return (channel, event) => {
    if (isTrustedSender(event)) return;
    let from = '(no frame)';
    try {
      if (event.senderFrame) from = originForLog(event.senderFrame.url);
    } catch {
      /* a disposed frame has no URL to report */
    }
    log.warn('ipc refused: untrusted sender', { channel, from, subframe: event.senderFrame ? event.senderFrame.parent !== null : null });
    throw new UntrustedSenderError(channel);
  };
}

/**
 * Where one window's frames go: the hub in this process, or — on a workstation — that window's
 * link to the office hub (workstation/client/). `answer` may come later for the remote one.
 */
export interface WindowPort {
  call(frame: unknown): Promise<ResultFrame>;
  subscribe(frame: unknown, onEvent: (payload: unknown) => void): { answer: ResultFrame | Promise<ResultFrame>; unsubscribe: () => void };
  linkState(): LinkState;
  /** told of each change of the link (never called on the hub's own PC) */
  onLink(listener: (state: LinkState) => void): () => void;
}

export interface WindowPorts {
  /** the port of this window, made on its first message and kept for the window's life, reloads included */
  portOf(webContentsId: number): WindowPort;
  /** the window is gone */
  forget(webContentsId: number): void;
}

/**
 * Register the bridge's handlers with the hub in this process. Subscriptions are kept per
 * webContents and dropped when it is destroyed, its renderer dies, or its main frame loads a new
 * document (a reload brings a fresh preload that subscribes again). Returns a function that
 * removes everything.
 *
 * Each window is a connection of its own to the hub, carrying one kind of caller for its life
 * (hub/auth/connection.ts); `screenOf` names the screen a window was opened for, which it carries
 * from the start: the applicant's window holds the applicant's screen only, the counter's window
 * staff only — so neither can claim the other's role.
 */
export function registerIpc(
  ipcMain: IpcMainPort,
  hub: HubPort,
  isTrustedSender: SenderCheck,
  log: Logger = createLogger(),
  screenOf: (webContentsId: number) => Shell | undefined = () => undefined,
): () => void {
  /** webContents id → its connection to the hub (kept for the window's life, reloads included) */
  const ports = new Map<number, WindowPort>();
  const open: LinkState = { status: 'open' };
  return registerBridge(
    ipcMain,
    {
      portOf(id) {
        let port = ports.get(id);
        if (!port) {
          const shell = screenOf(id);
          const transport: TransportInfo = { kind: 'ipc', connection: newConnection(shell ? { shell, kind: connectionKindOfShell(shell) } : undefined) };
          port = {
            call: (frame) => hub.call(frame, transport),
            subscribe: (frame, onEvent) => hub.subscribe(frame, transport, (_event, payload) => onEvent(payload)),
            linkState: () => open,
            onLink: () => () => {},
          };
          ports.set(id, port);
        }
        return port;
      },
      forget: (id) => void ports.delete(id),
    },
    isTrustedSender,
    log,
  );
}

/** The bridge's handlers over any ports: the hub in this process (registerIpc) or a workstation's links to the office hub. */
export function registerBridge(ipcMain: IpcMainPort, ports: WindowPorts, isTrustedSender: SenderCheck, log: Logger = createLogger()): () => void {
  /** webContents id → subscription id → unsubscribe */
  const subscriptions = new Map<number, Map<string, () => void>>();
  /** webContents id → stop telling it of its link */
  const linkWatches = new Map<number, () => void>();
  const watched = new Set<number>();

  const dropAll = (webContentsId: number) => {
    const subs = subscriptions.get(webContentsId);
    if (!subs) return;
    subscriptions.delete(webContentsId);
    for (const off of subs.values()) off();
  };

  const watch = (sender: SenderLike): void => {
    const id = sender.id;
    if (watched.has(id)) return;
    watched.add(id);
    sender.once('destroyed', () => {
      dropAll(id);
      linkWatches.get(id)?.();
      linkWatches.delete(id);
      ports.forget(id);
      watched.delete(id);
    });
    sender.on('render-process-gone', () => dropAll(id));
    sender.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) dropAll(id);
    });
  };

  const portOf = (sender: SenderLike): WindowPort => {
    watch(sender);
    const port = ports.portOf(sender.id);
    if (!linkWatches.has(sender.id)) {
      linkWatches.set(
        sender.id,
        port.onLink((state) => {
          if (sender.isDestroyed()) return;
          try {
            sender.send(ipcChannels.link, state);
          } catch (err) {
            log.error('ipc: could not tell a window of its link', { error: err });
          }
        }),
      );
    }
    return port;
  };

  const subscriptionsOf = (sender: SenderLike): Map<string, () => void> => {
    const id = sender.id;
    watch(sender);
    let subs = subscriptions.get(id);
    if (!subs) subscriptions.set(id, (subs = new Map()));
    return subs;
  };

  const guard = senderGuard(isTrustedSender, log);

  ipcMain.handle(ipcChannels.call, (event, frame) => {
    guard(ipcChannels.call, event);
    return portOf(event.sender).call(frame);
  });

  ipcMain.handle(ipcChannels.subscribe, async (event, subId, frame): Promise<ResultFrame> => {
    guard(ipcChannels.subscribe, event);
    if (typeof subId !== 'string' || !SUBSCRIPTION_ID.test(subId)) {
      return { t: 'res', id: null, ok: false, error: { code: 'MALFORMED_FRAME', message: 'bad subscription id' } };
    }
    const sender = event.sender;
    const subs = subscriptionsOf(sender);
    subs.get(subId)?.();
    subs.delete(subId);
    const { answer, unsubscribe } = portOf(sender).subscribe(frame, (payload) => {
      if (sender.isDestroyed()) return;
      try {
        sender.send(ipcChannels.event, subId, payload);
      } catch (err) {
        log.error('ipc: could not deliver an event', { error: err });
      }
    });
    subs.set(subId, unsubscribe);
    const res = await answer;
    if (!res.ok && subs.get(subId) === unsubscribe) subs.delete(subId);
    return res;
  });

  ipcMain.handle(ipcChannels.unsubscribe, (event, subId) => {
    guard(ipcChannels.unsubscribe, event);
    if (typeof subId !== 'string') return false;
    const subs = subscriptions.get(event.sender.id);
    const off = subs?.get(subId);
    if (!off) return false;
    subs!.delete(subId);
    off();
    return true;
  });

  ipcMain.handle(ipcChannels.linkState, (event): LinkState => {
    guard(ipcChannels.linkState, event);
    return portOf(event.sender).linkState();
  });

  return () => {
    for (const channel of [ipcChannels.call, ipcChannels.subscribe, ipcChannels.unsubscribe, ipcChannels.linkState]) ipcMain.removeHandler(channel);
    for (const id of [...subscriptions.keys()]) dropAll(id);
    for (const off of linkWatches.values()) off();
    linkWatches.clear();
  };
}
