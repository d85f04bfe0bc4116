import { staffOf } from '../handlers/guards';
import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';

/** The office's statistics for the manager and the central (ماده ۳۵ ب); the contract limits them to the manager. */
export const statisticsHandlers: HandlerGroup<'statistics'> = (hub: HubServices) => {
  const { statistics } = hub;
  return {
    'statistics.package': ({ from, to }) => statistics.package(from, to),
    // the audit entry is written with the answer (hub/audit/audited.ts)
    'statistics.export': ({ from, to, format }) => statistics.export(from, to, format),
    'statistics.requests': () => ({ requests: statistics.requests() }),
    'statistics.send': async ({ requestId }, ctx) => ({ request: await statistics.send(requestId, staffOf(ctx)) }),
  };
};
