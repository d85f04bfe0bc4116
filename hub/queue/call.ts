/**
 * Calling a ticket to a counter, as one atomic claim: the next by the rules (core/queue/callOrder — never
 * the clerk's choice), a parked one back, one out of turn with its reason; a recall; the announcement.
 */
import type { PublicTicket } from '../../core/api/queue';
import { DomainError } from '../../core/errors';
import { afterCall, chooseNext, type WaitingTicket } from '../../core/queue/callOrder';
import * as q from '../../db/queue';
import { changed, nowIso, today, type QueueDeps, type Staff } from './context';
import { currentTicket, requireOwnCounter } from './counters';
import { rollover } from './day';
import { publicTicket } from './shapes';

/** The one atomic claim: decide by the rules and move exactly that ticket, or fail. */
export function callNext(deps: QueueDeps, counterId: number, staff: Staff): PublicTicket {
  rollover(deps);
  const row = deps.db
    .transaction(() => {
      const counter = requireOwnCounter(deps, counterId, staff);
      if (q.ticketAtCounter(deps.db, counterId)) throw new DomainError('COUNTER_BUSY', 'the counter is already calling or serving a ticket');
      const decision = decide(deps, counter);
      if (!decision) throw new DomainError('QUEUE_EMPTY', 'nobody is waiting for this counter’s services');
      return claim(deps, counter, decision.row, staff, { rule: decision.rule });
    })
    .immediate();
  return announce(deps, row, counterId, false);
}

function decide(deps: QueueDeps, counter: q.CounterRow): { row: q.TicketRow; rule: string } | null {
  const services = q.counterServiceIds(deps.db, counter.id);
  const rows = q.waitingCandidates(deps.db, services);
  const settings = q.getQueueSettings(deps.db);
  const waiting: WaitingTicket[] = rows.map((r) => ({ id: r.id, serviceId: r.serviceId, priority: r.priorityCategoryId !== null, queueKey: r.queueKey, issuedAtMs: Date.parse(r.issuedAt) }));
  const decision = chooseNext(waiting, new Set(services), { normalsSincePriority: counter.normalsSincePriority }, settings, deps.now().getTime());
  return decision ? { row: rows.find((r) => r.id === decision.ticket.id)!, rule: decision.rule } : null;
}

type ClaimExtra = { rule?: string; outOfTurn?: { reason: string; note: string }; fromParked?: boolean };

function claim(deps: QueueDeps, counter: q.CounterRow, row: q.TicketRow, staff: Staff, extra: ClaimExtra): q.TicketRow {
  const from: q.TicketStatus[] = extra.fromParked ? ['parked'] : ['waiting'];
  if (!q.moveTicket(deps.db, row.id, from, 'called', { counterId: counter.id })) throw new DomainError('TICKET_NOT_WAITING', 'the ticket was taken meanwhile');
  if (!extra.fromParked) q.setNormalsSincePriority(deps.db, counter.id, afterCall(counter, { priority: row.priorityCategoryId !== null }).normalsSincePriority);
  q.insertTicketEvent(deps.db, {
    ticketId: row.id,
    kind: 'called',
    at: nowIso(deps),
    serviceId: row.serviceId,
    counterId: counter.id,
    staffId: staff.userId,
    outOfTurn: extra.outOfTurn !== undefined,
    reasonCode: extra.outOfTurn?.reason ?? null,
    reasonText: extra.outOfTurn?.note ?? null,
    detail: extra.rule ? { rule: extra.rule } : extra.fromParked ? { fromParked: true } : null,
  });
  return { ...row, status: 'called', counterId: counter.id };
}

export function recall(deps: QueueDeps, counterId: number, staff: Staff): PublicTicket {
  const row = deps.db
    .transaction(() => {
      requireOwnCounter(deps, counterId, staff);
      const t = currentTicket(deps, counterId, ['called']);
      q.insertTicketEvent(deps.db, { ticketId: t.id, kind: 'recalled', at: nowIso(deps), serviceId: t.serviceId, counterId, staffId: staff.userId });
      return t;
    })
    .immediate();
  return announce(deps, row, counterId, true);
}

export function callParked(deps: QueueDeps, counterId: number, ticketId: string, staff: Staff): PublicTicket {
  const row = deps.db
    .transaction(() => {
      const counter = requireOwnCounter(deps, counterId, staff);
      if (q.ticketAtCounter(deps.db, counterId)) throw new DomainError('COUNTER_BUSY', 'the counter is busy');
      const t = q.getTicket(deps.db, ticketId);
      if (!t || t.status !== 'parked' || t.counterId !== counterId) throw new DomainError('UNKNOWN_TICKET', 'no such ticket parked here');
      return claim(deps, counter, t, staff, { fromParked: true });
    })
    .immediate();
  return announce(deps, row, counterId, false);
}

export function callOutOfTurn(deps: QueueDeps, counterId: number, staff: Staff, ticketId: string, reason: string, note: string): PublicTicket {
  const row = deps.db
    .transaction(() => {
      const counter = requireOwnCounter(deps, counterId, staff);
      if (q.ticketAtCounter(deps.db, counterId)) throw new DomainError('COUNTER_BUSY', 'the counter is busy');
      const t = q.getTicket(deps.db, ticketId);
      if (!t || t.officeDay !== today(deps)) throw new DomainError('UNKNOWN_TICKET', 'no such ticket today');
      if (t.status !== 'waiting') throw new DomainError('TICKET_NOT_WAITING', 'the ticket is not waiting');
      if (!q.counterServiceIds(deps.db, counterId).includes(t.serviceId)) throw new DomainError('SERVICE_NOT_AT_COUNTER', 'this counter does not serve that ticket’s service');
      // Calling the very ticket the rules would call is not out of turn.
      const next = decide(deps, counter);
      if (next?.row.id === t.id) return claim(deps, counter, t, staff, { rule: next.rule });
      return claim(deps, counter, t, staff, { outOfTurn: { reason, note } });
    })
    .immediate();
  deps.log.info('out-of-turn call', { counterId, reason });
  return announce(deps, row, counterId, false);
}

function announce(deps: QueueDeps, row: q.TicketRow, counterId: number, recall: boolean): PublicTicket {
  const ticket = publicTicket(deps, row);
  const counter = q.getCounter(deps.db, counterId)!;
  deps.events.emit('queue.called', {
    ticketId: ticket.id,
    display: ticket.display,
    prefix: ticket.prefix,
    number: ticket.number,
    counterNumber: counter.number,
    recall,
    at: nowIso(deps),
  });
  changed(deps, counterId);
  return ticket;
}
