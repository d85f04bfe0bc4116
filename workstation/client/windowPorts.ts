/**
 * The windows of a workstation, each with its own link to the office hub (windowLink.ts): what the
 * Electron main process hands its IPC bridge (electron/ipc.ts `registerBridge`) on a workstation.
 * Frames from a page are checked here, at the boundary, before they go on to the hub.
 */
import { callFrame, subscribeFrame, type ResultFrame } from '../../core/api/wire';
import type { LinkState } from '../../core/api/workstation';
import type { WorkstationSettings } from '../settings';
import { openWindowLink, type WindowLink, type WindowLinkOptions } from './windowLink';

export interface RemoteWindowPort {
  call(frame: unknown): Promise<ResultFrame>;
  subscribe(frame: unknown, onEvent: (payload: unknown) => void): { answer: Promise<ResultFrame>; unsubscribe: () => void };
  linkState(): LinkState;
  onLink(listener: (state: LinkState) => void): () => void;
}

const malformed = (frame: unknown): ResultFrame => {
  const id = (frame as { id?: unknown } | null)?.id;
  return { t: 'res', id: typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null, ok: false, error: { code: 'MALFORMED_FRAME', message: 'not a frame of the contract' } };
};

export interface WorkstationPortsOptions extends Omit<WindowLinkOptions, 'hub'> {
  /** a page called the hub or subscribed (someone is working: an update waits for a quiet moment, workstation/updates) */
  onActivity?: () => void;
  /** any window's link changed state (a halt for another contract version offers the update at once) */
  onLinkState?: (state: LinkState) => void;
}

export function workstationPorts(settings: WorkstationSettings, options: WorkstationPortsOptions = {}) {
  const { onActivity, onLinkState, ...linkOptions } = options;
  const links = new Map<number, WindowLink>();
  const linkOf = (id: number): WindowLink => {
    let link = links.get(id);
    if (!link) {
      links.set(id, (link = openWindowLink({ ...linkOptions, hub: settings.hub })));
      if (onLinkState) link.onState(onLinkState);
    }
    return link;
  };
  return {
    portOf(id: number): RemoteWindowPort {
      const link = linkOf(id);
      return {
        call(frame) {
          onActivity?.();
          const parsed = callFrame.safeParse(frame);
          return parsed.success ? link.call(parsed.data) : Promise.resolve(malformed(frame));
        },
        subscribe(frame, onEvent) {
          onActivity?.();
          const parsed = subscribeFrame.safeParse(frame);
          return parsed.success ? link.subscribe(parsed.data, onEvent) : { answer: Promise.resolve(malformed(frame)), unsubscribe: () => {} };
        },
        linkState: () => link.state(),
        onLink: (listener) => link.onState(listener),
      };
    },
    forget(id: number): void {
      links.get(id)?.close();
      links.delete(id);
    },
    /** how many windows hold a link now (for tests and the log) */
    size: () => links.size,
    closeAll(): void {
      for (const link of links.values()) link.close();
      links.clear();
    },
  };
}
export type WorkstationPorts = ReturnType<typeof workstationPorts>;
