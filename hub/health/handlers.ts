import { getOffice } from '../../db/office';
import type { HandlerGroup } from '../handlers/types';
import { CONTRACT_VERSION } from '../../core/api/version';

/** The hub's liveness: version, uptime, whether the office is set up. */
export const healthHandlers: HandlerGroup<'health'> = (hub) => ({
  health: () => ({
    status: 'ok',
    version: hub.version,
    contractVersion: CONTRACT_VERSION,
    startedAt: hub.startedAt.toISOString(),
    now: hub.now().toISOString(),
    setUp: getOffice(hub.db) !== undefined,
  }),
});
