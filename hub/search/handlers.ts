import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';
import { RequestSearch } from './requestSearch';

/** «جستجوی درخواست»: find, open with a purpose, issue a receipt again (the work: ./requestSearch.ts, ./query.ts). */
export const searchHandlers: HandlerGroup<'search'> = (hub) => {
  const search = new RequestSearch(hub, hub.reach);
  return {
    'search.requests': ({ query, counterId }, ctx) => search.search(query, staffOf(ctx), counterId),
    'search.open': (input, ctx) => search.open(ctx, staffOf(ctx), input),
    // on a workstation whose agent reported a printer, the receipt goes to that printer (hub/agent/deviceJobs.ts)
    'search.reprint': (input, ctx) => search.reprint(ctx, staffOf(ctx), input, hub.agents.deviceJobs.printerFor(ctx.lan)),
  };
};
