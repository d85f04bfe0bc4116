/**
 * The one narrow bridge an Electron preload exposes to the renderer as `window.daftaryar`
 * (contextBridge). It carries the same frames as the WebSocket; the renderer uses it when it is
 * present and the WebSocket otherwise. Nothing else of Electron or Node reaches the page.
 */
import type { ResultFrame } from './wire';
import type { Shell } from '../roles';

export interface DaftaryarBridge {
  /** which screen this window is (the main process decides, not the page) */
  readonly shell: Shell;
  /** send a call frame; resolves with the result frame (never rejects for hub errors) */
  call(frame: { t: 'call'; id: number; proc: string; input: unknown; session?: string }): Promise<ResultFrame>;
  /**
   * Subscribe to a hub event; `onEvent` receives payloads. Resolves with the hub's answer to
   * the subscription (an error frame when refused). The returned function unsubscribes.
   */
  subscribe(
    frame: { t: 'sub'; id: number; event: string; session?: string },
    onEvent: (payload: unknown) => void,
  ): { answer: Promise<ResultFrame>; unsubscribe: () => void };
}

/** IPC channel names, shared by preload and main so neither can drift. */
export const ipcChannels = {
  call: 'daftaryar:call',
  subscribe: 'daftaryar:subscribe',
  unsubscribe: 'daftaryar:unsubscribe',
  event: 'daftaryar:event',
} as const;
