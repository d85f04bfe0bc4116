/**
 * The first-run page in web mode (workstation/firstRunServer.ts serves it at /join): the same
 * screen as Electron's first-run window, its two requests over HTTP to the Node side that pairs.
 */
import type { FirstRunBridge } from '../../core/api/bridge';
import { joinAnswer, type JoinAnswer } from '../../core/api/workstation';

export const FIRST_RUN_PATH = 'join';
export const JOIN_ENDPOINT = '/api/first-run/join';
export const BECOME_HUB_ENDPOINT = '/api/first-run/become-hub';

export function httpFirstRun(fetchImpl: typeof fetch = (...args) => fetch(...args)): FirstRunBridge {
  return {
    async join(request): Promise<JoinAnswer> {
      const res = await fetchImpl(JOIN_ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      return joinAnswer.parse(await res.json());
    },
    async becomeHub(): Promise<void> {
      const res = await fetchImpl(BECOME_HUB_ENDPOINT, { method: 'POST' });
      if (!res.ok) throw new Error(`become-hub: ${res.status}`);
    },
  };
}
