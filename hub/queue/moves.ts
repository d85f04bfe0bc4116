/** The counter's current ticket moved on: started, finished, a no-show, parked, or transferred to another service's line. */
import type { PublicTicket } from '../../core/api/queue';
import { DomainError } from '../../core/errors';
import * as q from '../../db/queue';
import { changed, nowIso, type QueueDeps, type Staff } from './context';
import { currentTicket, requireOwnCounter } from './counters';
import { publicTicket } from './shapes';

/** A simple move of the counter's current ticket, with its event. */
function move(deps: QueueDeps, counterId: number, staff: Staff, from: q.TicketStatus[], to: q.TicketStatus, kind: q.TicketEventKind): PublicTicket {
  const row = deps.db
    .transaction(() => {
      requireOwnCounter(deps, counterId, staff);
      const t = currentTicket(deps, counterId, from);
      if (!q.moveTicket(deps.db, t.id, from, to)) throw new DomainError('TICKET_NOT_WAITING', 'the ticket changed meanwhile');
      q.insertTicketEvent(deps.db, { ticketId: t.id, kind, at: nowIso(deps), serviceId: t.serviceId, counterId, staffId: staff.userId });
      return { ...t, status: to };
    })
    .immediate();
  changed(deps, counterId);
  return publicTicket(deps, row);
}

export const start = (deps: QueueDeps, counterId: number, staff: Staff): PublicTicket => move(deps, counterId, staff, ['called'], 'serving', 'started');

export const finish = (deps: QueueDeps, counterId: number, staff: Staff): PublicTicket => move(deps, counterId, staff, ['serving'], 'done', 'finished');

export const park = (deps: QueueDeps, counterId: number, staff: Staff): PublicTicket => move(deps, counterId, staff, ['called', 'serving'], 'parked', 'parked');

/**
 * «غایب»: a person missed after one call loses their turn for good, so the clerk confirms it — or
 * the number has been recalled the set number of times (queue settings, default 2).
 */
export function noShow(deps: QueueDeps, counterId: number, staff: Staff, confirmed: boolean): PublicTicket {
  if (!confirmed) {
    const t = q.ticketAtCounter(deps.db, counterId);
    if (t && t.status === 'called' && q.recallCount(deps.db, t.id) < q.getQueueSettings(deps.db).noShowAfterRecalls) {
      throw new DomainError('NO_SHOW_NEEDS_CONFIRMATION', 'confirm the no-show or recall the number first');
    }
  }
  return move(deps, counterId, staff, ['called'], 'no_show', 'no_show');
}

/** Back to a service's line: at its front (just ahead of the first waiting) or its back (as if arriving now). */
export function transfer(deps: QueueDeps, counterId: number, staff: Staff, serviceId: number, position: 'front' | 'back'): PublicTicket {
  const { db } = deps;
  const row = db
    .transaction(() => {
      requireOwnCounter(deps, counterId, staff);
      const target = q.getService(db, serviceId);
      if (!target || !target.active) throw new DomainError('UNKNOWN_SERVICE', 'no such active service');
      const t = currentTicket(deps, counterId, ['called', 'serving']);
      const now = deps.now().getTime();
      const first = q.firstQueueKey(db, serviceId);
      // front: just ahead of the first in that line; back: behind everyone, as if arriving now
      const queueKey = position === 'front' ? Math.min(first ?? now, now) - 1 : q.nextQueueKey(db, now);
      if (!q.moveTicket(db, t.id, ['called', 'serving'], 'waiting', { counterId: null, serviceId, queueKey })) throw new DomainError('TICKET_NOT_WAITING', 'the ticket changed meanwhile');
      q.insertTicketEvent(db, {
        ticketId: t.id,
        kind: 'transferred',
        at: nowIso(deps),
        serviceId,
        counterId,
        staffId: staff.userId,
        detail: { fromServiceId: t.serviceId, toServiceId: serviceId, position },
      });
      return { ...t, status: 'waiting' as const, serviceId, queueKey, counterId: null };
    })
    .immediate();
  changed(deps, counterId);
  return publicTicket(deps, row);
}
