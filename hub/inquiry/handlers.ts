import type { HubServices } from '../services';
import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';

export const inquiryHandlers: HandlerGroup<'inquiry'> = (hub: HubServices) => {
  const { inquiries } = hub;
  return {
    'inquiry.run': (input, ctx) => inquiries.run(input, staffOf(ctx)),
    'inquiry.list': ({ requestId }, ctx) => ({ inquiries: inquiries.list(requestId, staffOf(ctx)) }),
  };
};
