/**
 * The first-run page in web mode (workstation/firstRunServer.ts serves it at /join): the same
 * screen as Electron's first-run window, its requests over HTTP to the Node side that pairs.
 */
import type { FirstRunBridge } from '../../core/api/bridge';
import { backupListAnswer, firstRunHttp, joinAnswer, restoreAnswer, type BackupListAnswer, type JoinAnswer, type RestoreAnswer } from '../../core/api/workstation';

export const FIRST_RUN_PATH = firstRunHttp.page.slice(1);

export function httpFirstRun(fetchImpl: typeof fetch = (...args) => fetch(...args)): FirstRunBridge {
  return {
    async join(request): Promise<JoinAnswer> {
      const res = await fetchImpl(firstRunHttp.join, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      return joinAnswer.parse(await res.json());
    },
    async becomeHub(): Promise<void> {
      const res = await fetchImpl(firstRunHttp.becomeHub, { method: 'POST' });
      if (!res.ok) throw new Error(`become-hub: ${res.status}`);
    },
    async listBackups(request): Promise<BackupListAnswer> {
      const res = await fetchImpl(firstRunHttp.backups, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      return backupListAnswer.parse(await res.json());
    },
    async restore(request): Promise<RestoreAnswer> {
      const res = await fetchImpl(firstRunHttp.restore, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      return restoreAnswer.parse(await res.json());
    },
  };
}
