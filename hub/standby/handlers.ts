import type { HandlerGroup } from '../handlers/types';
import { staffIdOf } from '../handlers/guards';
import type { HubServices } from '../services';

/** The standby hub (docs/STANDBY.md): the work is in standbyService.ts. */
export const standbyHandlers: HandlerGroup<'standby'> = (hub: HubServices) => ({
  'standby.status': () => hub.standby.status(),
  'standby.name': ({ deviceId }, ctx) => hub.standby.name(deviceId, staffIdOf(ctx)),
  'standby.where': () => hub.standby.where(),
});
