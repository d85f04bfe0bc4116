/** The queue's day: what is left of earlier days is closed, and prints a crash interrupted are failures. */
import * as q from '../../db/queue';
import { changed, nowIso, today, type QueueDeps } from './context';

/** Close what is left of earlier days; cheap when there is nothing (an indexed look-up). */
export function rollover(deps: QueueDeps): number {
  const { closed, counterIds } = deps.db.transaction(() => q.closeEarlierDays(deps.db, today(deps), nowIso(deps))).immediate();
  if (closed > 0) {
    deps.log.info('queue day closed', { tickets: closed });
    changed(deps, ...counterIds);
  }
  return closed;
}

/** Tickets left `printing` by a crash were never confirmed: they become print failures to reprint. */
export function recoverInterruptedPrints(deps: QueueDeps): void {
  const stuck = q.ticketsByStatus(deps.db, today(deps), ['printing']);
  deps.db.transaction(() => {
    for (const t of stuck) {
      q.moveTicket(deps.db, t.id, ['printing'], 'print_failed');
      q.insertTicketEvent(deps.db, { ticketId: t.id, kind: 'print_failed', at: nowIso(deps), serviceId: t.serviceId, reasonCode: 'INTERRUPTED' });
    }
  })();
}
