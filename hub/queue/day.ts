/** The queue's day: what is left of earlier days is closed, and prints a crash interrupted are failures. */
import * as q from '../../db/queue';
import { changed, nowIso, today, type QueueDeps } from './context';

/**
 * Close what is left of earlier days. Every call and every ticket comes through here, so once a look
 * found nothing left before today the hub remembers that for the rest of the day: no ticket is ever
 * made with an earlier day, and the look itself scans every earlier day's tickets in the index (five
 * years of them in an old office). A look that closed something is not remembered — its transaction
 * may yet roll back with the batch it ran in — so the next one looks again.
 */
export function rollover(deps: QueueDeps): number {
  const day = today(deps);
  if (deps.state.nothingBefore === day) return 0;
  const { closed, counterIds } = deps.db.transaction(() => q.closeEarlierDays(deps.db, day, nowIso(deps))).immediate();
  if (closed === 0) deps.state.nothingBefore = day;
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
