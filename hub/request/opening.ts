/** A request opened for the ticket the caller's counter serves, and its legal deadline (checked at opening, corrected until it is queued). */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../core/errors';
import type { ServiceCode } from '../../core/fees/services';
import { officeDay } from '../../core/format/jalaliDay';
import { checkDeadline } from '../../core/request/legalDeadline';
import { initialRequestState, isFinalStatus } from '../../core/request/stateMachine';
import * as q from '../../db/queue';
import * as r from '../../db/requests';
import { record } from '../audit/auditLog';
import type { HubBase } from '../base';
import type { Staff } from './caller';
import { loadForChange } from './load';

export function openRequest(hub: HubBase, input: { counterId: number; service: ServiceCode; legalDeadline?: string | undefined }, staff: Staff): string {
  const { db } = hub;
  const counter = q.getCounter(db, input.counterId);
  if (!counter || !counter.active) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
  if (counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_NOT_OPEN', 'the counter is not open by the caller');
  const ticket = q.ticketAtCounter(db, counter.id);
  if (!ticket) throw new DomainError('COUNTER_IDLE', 'the counter is not serving a ticket');
  const now = hub.now();
  const day = officeDay(now);
  const legalDeadline = input.legalDeadline === undefined ? null : deadline(input.legalDeadline, day);
  const year = Number(day.slice(0, 4));
  const id = randomUUID();
  db.transaction(() => {
    r.insertRequest(db, {
      id,
      year,
      number: r.nextRequestNumber(db, year),
      ticketId: ticket.id,
      counterId: counter.id,
      service: input.service,
      legalDeadline,
      state: initialRequestState(),
      officeDay: day,
      createdAt: now.toISOString(),
      createdBy: staff.userId,
    });
    r.insertRequestEvent(db, { requestId: id, type: 'opened', payload: { ticketId: ticket.id, counterId: counter.id, service: input.service }, at: now.toISOString(), staffId: staff.userId });
  }).immediate();
  return id;
}

/** A deadline as typed, stored form; refused when it is no real day or already past (today is allowed). */
function deadline(typed: string, today: string): string {
  const checked = checkDeadline(typed, today);
  if (checked.ok) return checked.deadline;
  if (checked.problem === 'passed') throw new DomainError('DEADLINE_PASSED', `the deadline is before today (${today})`, { fields: [{ path: 'legalDeadline', reason: 'deadline_passed' }] });
  throw new DomainError('INVALID_DEADLINE', 'not a Jalali day', { fields: [{ path: 'legalDeadline', reason: 'invalid_format' }] });
}

/**
 * Corrects (or clears) the legal deadline of a request not yet queued for sending: once in the
 * outbox the deadline decides its place in the send order and what the authority receives, so it
 * stays. Audited with the old and the new day. A day already past is refused as at opening.
 */
export function setDeadline(hub: HubBase, input: { requestId: string; legalDeadline: string | null }, staff: Staff): void {
  const req = loadForChange(hub.db, input.requestId, staff);
  const status = req.state.status;
  if (isFinalStatus(status)) throw new DomainError('REQUEST_CLOSED', 'the request is closed');
  if (status === 'readyToSend' || status === 'submitted') throw new DomainError('DEADLINE_LOCKED', 'the request is in the outbox or sent');
  const to = input.legalDeadline === null ? null : deadline(input.legalDeadline, officeDay(hub.now()));
  const from = req.legalDeadline;
  if (to === from) return;
  hub.db
    .transaction(() => {
      r.setRequestDeadline(hub.db, req.id, to);
      record(hub.db, hub.now(), { actor: `staff:${staff.userId}`, action: 'deadlineChanged', subject: `request:${req.id}`, detail: { from, to } });
    })
    .immediate();
}
