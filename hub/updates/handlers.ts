/** The `updates.*` procedures (core/api/updates.ts): what the hub offers its workstations, and what each runs. */
import { DomainError } from '../../core/errors';
import { appVersion, compareVersions } from '../../core/updates/feed';
import { recordAppVersion, workstationVersions } from '../../db/devices';
import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';

export const updatesHandlers: HandlerGroup<'updates'> = (hub: HubServices) => ({
  'updates.status': () => {
    const available = hub.updates.available();
    const newest = available.map((a) => a.version).sort(compareVersions).at(-1) ?? null;
    return {
      hubVersion: hub.version,
      available,
      workstations: workstationVersions(hub.db).map((w) => ({
        ...w,
        behind: newest !== null && (w.appVersion === null || !appVersion.safeParse(w.appVersion).success || compareVersions(w.appVersion, newest) < 0),
      })),
    };
  },
  'updates.import': async ({ folder }) => ({ available: await hub.updates.importFrom(folder) }),
  'updates.report': ({ appVersion }, ctx) => {
    const deviceId = ctx.lan?.deviceId ?? null;
    if (deviceId === null || (ctx.lan?.kind !== 'counter' && ctx.lan?.kind !== 'kiosk')) throw new DomainError('FORBIDDEN', 'only a paired counter or kiosk reports its version');
    recordAppVersion(hub.db, deviceId, appVersion, hub.now().toISOString());
    return { ok: true as const };
  },
});
