import { DomainError } from '../../core/errors';
import { InquiryService } from '../requests/inquiries';
import { RequestService, type Staff } from '../requests/requestService';
import type { CallContext, HubServices } from '../services';
import type { HandlerGroup } from '.';

function staffOf(ctx: CallContext): Staff {
  if (ctx.principal?.kind !== 'user') throw new DomainError('FORBIDDEN', 'staff only');
  return { userId: ctx.principal.userId, role: ctx.principal.role };
}

export const inquiryHandlers: HandlerGroup<'inquiry.run' | 'inquiry.list'> = (hub: HubServices) => {
  const inquiries = new InquiryService(hub, new RequestService(hub));
  return {
    'inquiry.run': (input, ctx) => inquiries.run(input, staffOf(ctx)),
    'inquiry.list': ({ requestId }, ctx) => ({ inquiries: inquiries.list(requestId, staffOf(ctx)) }),
  };
};
