import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';

/** The office tariff tables on record (the request service prices with them, hub/request/). */
export const tariffHandlers: HandlerGroup<'tariff'> = (hub) => {
  const { requests } = hub;
  return {
    'tariff.tables': () => ({ tables: requests.tables() }),
    'tariff.addTable': (input, ctx) => ({ tables: requests.addTable(input, staffOf(ctx)) }),
  };
};
