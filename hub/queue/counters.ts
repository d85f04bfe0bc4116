/** A counter opened and closed by the clerk who sits at it, and the checks every counter action starts with. */
import { DomainError } from '../../core/errors';
import * as q from '../../db/queue';
import { changed, type QueueDeps, type Staff } from './context';

export function requireCounter(deps: QueueDeps, counterId: number): q.CounterRow {
  const counter = q.getCounter(deps.db, counterId);
  if (!counter || !counter.active) throw new DomainError('UNKNOWN_COUNTER', 'no such active counter');
  return counter;
}

/** The counter must be open by the caller: a clerk acts only at the counter they sit at. */
export function requireOwnCounter(deps: QueueDeps, counterId: number, staff: Staff): q.CounterRow {
  const counter = requireCounter(deps, counterId);
  if (counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_NOT_OPEN', 'open this counter first');
  return counter;
}

/** The counter's current ticket, in one of the `allowed` states. */
export function currentTicket(deps: QueueDeps, counterId: number, allowed: readonly q.TicketStatus[]): q.TicketRow {
  const t = q.ticketAtCounter(deps.db, counterId);
  if (!t) throw new DomainError('COUNTER_IDLE', 'the counter has no ticket');
  if (!allowed.includes(t.status)) throw new DomainError('TICKET_NOT_WAITING', `the ticket is ${t.status}`);
  return t;
}

/** A clerk sits at one counter at a time: opening another closes theirs, unless a ticket is still there. */
export function open(deps: QueueDeps, counterId: number, staff: Staff): void {
  const { db } = deps;
  db.transaction(() => {
    const counter = requireCounter(deps, counterId);
    if (counter.openStaffId !== null && counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_TAKEN', 'another clerk has this counter open');
    for (const other of q.listCounters(db)) {
      if (other.id === counterId || other.openStaffId !== staff.userId) continue;
      if (q.ticketAtCounter(db, other.id)) throw new DomainError('COUNTER_BUSY', 'finish the ticket at your other counter first');
      q.setCounterOpenBy(db, other.id, null);
    }
    q.setCounterOpenBy(db, counterId, staff.userId);
  }).immediate();
  changed(deps);
}

export function close(deps: QueueDeps, counterId: number, staff: Staff): void {
  deps.db
    .transaction(() => {
      requireOwnCounter(deps, counterId, staff);
      if (q.ticketAtCounter(deps.db, counterId)) throw new DomainError('COUNTER_BUSY', 'finish, park or transfer the current ticket first');
      q.setCounterOpenBy(deps.db, counterId, null);
    })
    .immediate();
  changed(deps);
}
