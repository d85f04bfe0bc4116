import { getOffice } from '../../db/office';
import type { HandlerGroup } from '../handlers/types';

/** The hub's liveness: version, uptime, whether the office is set up. */
export const healthHandlers: HandlerGroup<'health'> = (hub) => ({
  health: () => ({
    status: 'ok',
    version: hub.version,
    startedAt: hub.startedAt.toISOString(),
    now: hub.now().toISOString(),
    setUp: getOffice(hub.db) !== undefined,
  }),
});
