import type { DaftaryarBridge } from '../../core/api/bridge';
import type { Transport } from './transport';

/** The Electron preload's bridge, when this page runs in the desktop app. */
export function findBridge(): DaftaryarBridge | undefined {
  return (globalThis as { daftaryar?: DaftaryarBridge }).daftaryar;
}

/** IPC never disconnects while the window lives, so the status is always open. */
export function bridgeTransport(bridge: DaftaryarBridge): Transport {
  return {
    call: (frame) => bridge.call(frame),
    subscribe: (frame, onEvent) => bridge.subscribe(frame, onEvent),
    status: () => 'open',
    onStatus: () => () => {},
    close: () => {},
  };
}
