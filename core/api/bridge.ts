/**
 * The one narrow bridge an Electron preload exposes to the renderer as `window.daftaryar`
 * (contextBridge). It carries the same frames as the WebSocket; the renderer uses it when it is
 * present and the WebSocket otherwise. Nothing else of Electron or Node reaches the page.
 */
import type { ResultFrame } from './wire';
import type { Shell } from '../roles';
import type { BackupListAnswer, BackupListRequest, JoinAnswer, JoinRequest, LinkState, PromoteAnswer, PromoteRequest, RejoinAnswer, RejoinRequest, RestoreAnswer, RestoreRequest, StandbyHere } from './workstation';

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
  /** this window's link to the hub: always open on the hub's own PC; on a workstation it may be down, or stopped for good (docs/OFFICE-SETUP.md) */
  linkState(): Promise<LinkState>;
  onLink(listener: (state: LinkState) => void): () => void;
  /** a workstation removed from the office joins it again with the manager's new code; the app then starts anew (on the hub's own PC: refused) */
  rejoin(request: RejoinRequest): Promise<RejoinAnswer>;
  /** the copy this PC keeps as the standby hub (null: none; on the hub's own PC always null) */
  standbyHere(): Promise<StandbyHere>;
  /** the hub PC is dead: the manager makes this PC the office's hub from that copy; the app then starts anew as the hub */
  promote(request: PromoteRequest): Promise<PromoteAnswer>;
}

/**
 * What the first-run window of a PC that is not set up yet gets as `window.daftaryarFirstRun`:
 * become the office's hub, or join one (the main process pairs; docs/OFFICE-SETUP.md).
 */
export interface FirstRunBridge {
  join(request: JoinRequest): Promise<JoinAnswer>;
  becomeHub(): Promise<void>;
  /** «بازیابی از پشتیبان»: the generations of a backup folder, verified with the office key file */
  listBackups(request: BackupListRequest): Promise<BackupListAnswer>;
  /** restores one into this PC's data folder; once ok, this PC starts as the office's hub */
  restore(request: RestoreRequest): Promise<RestoreAnswer>;
}

/** IPC channel names, shared by preload and main so neither can drift. */
export const ipcChannels = {
  call: 'daftaryar:call',
  subscribe: 'daftaryar:subscribe',
  unsubscribe: 'daftaryar:unsubscribe',
  event: 'daftaryar:event',
  linkState: 'daftaryar:link-state',
  link: 'daftaryar:link',
  join: 'daftaryar:join',
  becomeHub: 'daftaryar:become-hub',
  listBackups: 'daftaryar:list-backups',
  restore: 'daftaryar:restore',
  rejoin: 'daftaryar:rejoin',
  standbyHere: 'daftaryar:standby-here',
  promote: 'daftaryar:promote',
} as const;
