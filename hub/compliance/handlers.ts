import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';

/** «انطباق با آیین‌نامه» for the manager. */
export const complianceHandlers: HandlerGroup<'compliance'> = (hub: HubServices) => {
  const { compliance } = hub;
  return {
    'compliance.view': ({ from, to }) => compliance.view(from, to),
    // the audit entry is written with the answer (hub/audit/audited.ts)
    'compliance.pdf': ({ from, to }) => compliance.pdf(from, to),
  };
};
