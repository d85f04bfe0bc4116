import type { DaftaryarBridge, FirstRunBridge } from '../../core/api/bridge';
import { linkState, type LinkState } from '../../core/api/workstation';
import type { ConnectionStatus, Transport } from './transport';

/** The Electron preload's bridge, when this page runs in the desktop app. */
export function findBridge(): DaftaryarBridge | undefined {
  return (globalThis as { daftaryar?: DaftaryarBridge }).daftaryar;
}

/** The first-run window's bridge (a desktop app on a PC that is neither the hub nor joined yet). */
export function findFirstRunBridge(): FirstRunBridge | undefined {
  return (globalThis as { daftaryarFirstRun?: FirstRunBridge }).daftaryarFirstRun;
}

/** A window's link to the hub, as the screens watch it: on a workstation it can stop for good (halted). */
export interface LinkWatch {
  state(): LinkState;
  onState(listener: (state: LinkState) => void): () => void;
}

const statusOf = (state: LinkState): ConnectionStatus => (state.status === 'halted' ? 'closed' : state.status);

/**
 * On the hub's own PC, IPC never disconnects while the window lives: the link is always open. On a
 * workstation the main process forwards the frames to the office hub and says how that link is —
 * the connection banner shows it while it reconnects; a stopped link gets its own full screen.
 */
export function bridgeTransport(bridge: DaftaryarBridge): Transport & { link: LinkWatch } {
  let state: LinkState = { status: 'open' };
  const listeners = new Set<(state: LinkState) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const set = (raw: unknown) => {
    // from the main process: checked like any other boundary
    const parsed = linkState.safeParse(raw);
    if (!parsed.success) return;
    const before = statusOf(state);
    state = parsed.data;
    for (const l of listeners) l(state);
    if (statusOf(state) !== before) for (const l of statusListeners) l(statusOf(state));
  };
  bridge.onLink(set);
  bridge.linkState().then(set, () => {});
  return {
    call: (frame) => bridge.call(frame),
    subscribe: (frame, onEvent) => bridge.subscribe(frame, onEvent),
    status: () => statusOf(state),
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close: () => {},
    link: {
      state: () => state,
      onState(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}
