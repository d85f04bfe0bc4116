/**
 * The renderer's end of the bridge (core/api/bridge.ts) over Electron IPC. Kept apart from
 * preload.ts, which only exposes it, so it is tested without Electron. Bundled into the
 * sandboxed preload: no Node modules, no npm packages.
 */
import { ipcChannels, type DaftaryarBridge, type FirstRunBridge } from '../core/api/bridge';
import type { BackupListAnswer, BackupListRequest, JoinAnswer, JoinRequest, LinkState, PromoteAnswer, RejoinAnswer, RestoreAnswer, RestoreRequest, StandbyHere } from '../core/api/workstation';
import type { ResultFrame } from '../core/api/wire';
import type { Shell } from '../core/roles';

/** The part of ipcRenderer the bridge uses; a fake in tests. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(shell: Shell, ipc: IpcRendererPort): DaftaryarBridge {
  const listeners = new Map<string, (payload: unknown) => void>();
  const linkListeners = new Set<(state: LinkState) => void>();
  // Random per page, so ids from a page that was reloaded never match this page's ids.
  const pageId = Math.random().toString(36).slice(2, 10);
  let nextId = 0;

  // One listener for all subscriptions; the page never sees the IPC event object (it holds the sender).
  ipc.on(ipcChannels.event, (_event, subId, payload) => {
    const deliver = typeof subId === 'string' ? listeners.get(subId) : undefined;
    if (!deliver) return;
    try {
      deliver(payload);
    } catch (err) {
      console.error('daftaryar: an event handler failed', err);
    }
  });

  // (the renderer validates the state: renderer/api/bridgeTransport.ts)
  ipc.on(ipcChannels.link, (_event, state) => {
    for (const l of linkListeners) l(state as LinkState);
  });

  return {
    shell,
    linkState: () => ipc.invoke(ipcChannels.linkState) as Promise<LinkState>,
    onLink(listener) {
      linkListeners.add(listener);
      return () => void linkListeners.delete(listener);
    },
    call(frame) {
      return ipc.invoke(ipcChannels.call, frame) as Promise<ResultFrame>;
    },
    rejoin: (request) => ipc.invoke(ipcChannels.rejoin, request) as Promise<RejoinAnswer>,
    standbyHere: () => ipc.invoke(ipcChannels.standbyHere) as Promise<StandbyHere>,
    promote: (request) => ipc.invoke(ipcChannels.promote, request) as Promise<PromoteAnswer>,
    subscribe(frame, onEvent) {
      const subId = `${pageId}-${++nextId}`;
      listeners.set(subId, onEvent);
      const answer = (ipc.invoke(ipcChannels.subscribe, subId, frame) as Promise<ResultFrame>).then(
        (res) => {
          if (!res.ok) listeners.delete(subId);
          return res;
        },
        (err: unknown) => {
          listeners.delete(subId);
          throw err;
        },
      );
      let done = false;
      return {
        answer,
        unsubscribe() {
          if (done) return;
          done = true;
          listeners.delete(subId);
          // Fire and forget: a window that is closing may not get an answer.
          ipc.invoke(ipcChannels.unsubscribe, subId).catch(() => {});
        },
      };
    },
  };
}

/** The first-run window's bridge: what it may ask of the main process, and nothing else. */
export function createFirstRunBridge(ipc: Pick<IpcRendererPort, 'invoke'>): FirstRunBridge {
  return {
    join: (request: JoinRequest) => ipc.invoke(ipcChannels.join, request) as Promise<JoinAnswer>,
    becomeHub: async () => {
      await ipc.invoke(ipcChannels.becomeHub);
    },
    listBackups: (request: BackupListRequest) => ipc.invoke(ipcChannels.listBackups, request) as Promise<BackupListAnswer>,
    restore: (request: RestoreRequest) => ipc.invoke(ipcChannels.restore, request) as Promise<RestoreAnswer>,
  };
}
