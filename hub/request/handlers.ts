import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';
import { staffOf } from '../handlers/guards';
import { DomainError } from '../../core/errors';

export const requestHandlers: HandlerGroup<'request'> = (hub: HubServices) => {
  const { requests } = hub;
  /** Run a change, announce it to the counter and the applicant's screen, answer with the request. */
  const changed = (requestId: string, change: () => void) => {
    change();
    requests.changed(requestId);
    return requests.view(requestId);
  };

  return {
    'request.open': (input, ctx) => {
      // رفع نقص answers a returned filing: it is opened from that filing (followUp.start), never bare
      if (input.service === 'remedy') throw new DomainError('FOLLOW_UP_NOT_RETURNED', 'a remedy request is opened from a returned filing (followUp.start)');
      const id = requests.open(input, staffOf(ctx));
      requests.changed(id);
      return requests.view(id);
    },
    'request.atCounter': ({ counterId }, ctx) => {
      hub.reach.assertCounter(staffOf(ctx), counterId);
      return requests.atCounter(counterId);
    },
    'request.get': ({ requestId }, ctx) => {
      hub.reach.assertRead(ctx, staffOf(ctx), requestId);
      return requests.view(requestId);
    },
    'request.openToday': ({ counterId }, ctx) => ({ requests: requests.openToday(staffOf(ctx), counterId) }),
    'request.resume': (input, ctx) => changed(input.requestId, () => requests.resume(input, staffOf(ctx))),
    'request.handOver': (input, ctx) => {
      const moved = requests.handOver(input, staffOf(ctx));
      // both counters' lists change
      const at = hub.now().toISOString();
      for (const counterId of new Set([moved.from, moved.to])) hub.events.emit('request.changed', { counterId, at });
      return { counterId: moved.to };
    },
    'request.verifyIdentity': (input, ctx) => changed(input.requestId, () => requests.verifyIdentity(input, staffOf(ctx))),
    'request.setDetails': (input, ctx) => changed(input.requestId, () => requests.setDetails(input, staffOf(ctx))),
    'request.fixFees': (input, ctx) => changed(input.requestId, () => requests.fixFees(input, staffOf(ctx))),
    'request.waivePayment': (input, ctx) => changed(input.requestId, () => requests.waive(input, staffOf(ctx))),
    'request.close': (input, ctx) => changed(input.requestId, () => requests.close(input, staffOf(ctx))),
    'request.setDeadline': (input, ctx) => changed(input.requestId, () => requests.setDeadline(input, staffOf(ctx))),
    'request.inquire': async (input, ctx) => {
      await hub.inquiries.forService(input, staffOf(ctx));
      return requests.view(input.requestId);
    },
    'request.deliver': (input, ctx) => changed(input.requestId, () => requests.deliver(input, staffOf(ctx))),
    'request.send': ({ requestId }, ctx) => ({ submissionId: hub.sync.send(requestId, staffOf(ctx)) }),
  };
};
