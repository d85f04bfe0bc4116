/**
 * Requests left open (their ticket finished, set aside or closed): today's list, resuming one at the
 * caller's counter, handing one over to another counter (docs/COUNTER.md).
 */
import type { OpenRequestItem, RequestView } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import { flowOf, type ServiceCode } from '../../core/fees/services';
import { applicantName, maskedApplicantName, type Applicant } from '../../core/identity/applicant';
import { officeDay } from '../../core/format/jalaliDay';
import { initialRequestState } from '../../core/request/stateMachine';
import { currentStep } from '../../core/request/stepper';
import * as q from '../../db/queue';
import * as r from '../../db/requests';
import { record } from '../audit/auditLog';
import type { HubBase } from '../base';
import type { Staff } from './caller';
import { loadForChange, loadRequest } from './load';
import { requestView } from './view';

/** The requests of the ticket the counter serves now, oldest first. */
export function atCounter(hub: HubBase, counterId: number): { ticketId: string | null; requests: RequestView[] } {
  if (!q.getCounter(hub.db, counterId)) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
  const ticket = q.ticketAtCounter(hub.db, counterId);
  if (!ticket) return { ticketId: null, requests: [] };
  return { ticketId: ticket.id, requests: r.requestIdsOfTicket(hub.db, ticket.id).map((id) => requestView(hub.db, id)) };
}

/**
 * Today's requests left unfinished (their ticket finished, set aside or closed), for the counter to
 * resume or hand over. Names are whole only for the caller's own counter's requests (and never for
 * a manager's overview): a clerk at another desk does not read a stranger's file.
 */
export function openToday(hub: HubBase, staff: Staff, counterId: number | undefined): OpenRequestItem[] {
  const mine = counterId !== undefined && staff.role !== 'manager' && q.getCounter(hub.db, counterId)?.openStaffId === staff.userId ? counterId : null;
  return r.openRequestsOfDay(hub.db, officeDay(hub.now())).map((row) => {
    const data = row.applicant === null ? null : (JSON.parse(row.applicant) as Applicant);
    const whole = row.counterId === mine;
    const state = { ...initialRequestState(), status: row.status };
    return {
      id: row.id,
      year: row.year,
      number: row.number,
      service: row.service as ServiceCode,
      status: row.status,
      currentStep: currentStep(state, flowOf(row.service).steps),
      counterId: row.counterId,
      counterNumber: row.counterNumber,
      applicantName: data === null ? null : whole ? applicantName(data) : maskedApplicantName(data),
      nameMasked: data !== null && !whole,
      legalDeadline: row.legalDeadline,
      openedAt: row.createdAt,
    };
  });
}

/** An unfinished request that no desk has now: what may be resumed or handed over. */
function loadOpen(hub: HubBase, requestId: string): r.RequestRow {
  const req = loadRequest(hub.db, requestId);
  if (!(r.unfinishedStatuses as readonly string[]).includes(req.state.status)) throw new DomainError('REQUEST_NOT_OPEN', `the request is ${req.state.status}`);
  const ticket = q.getTicket(hub.db, req.ticketId);
  if (ticket && (ticket.status === 'called' || ticket.status === 'serving')) throw new DomainError('REQUEST_AT_DESK', 'the request is on a counter’s desk now');
  return req;
}

/**
 * Resumes an open request at the caller's counter, on the ticket it serves now (the applicant came
 * back; or the request was handed over here). Only the request's own counter (a handed-over one is
 * the new counter's) or a manager may take it.
 */
export function resume(hub: HubBase, input: { requestId: string; counterId: number }, staff: Staff): void {
  const counter = q.getCounter(hub.db, input.counterId);
  if (!counter || !counter.active) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
  if (counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_NOT_OPEN', 'the counter is not open by the caller');
  const req = loadOpen(hub, input.requestId);
  if (staff.role !== 'manager' && req.counterId !== counter.id) throw new DomainError('REQUEST_OTHER_COUNTER', 'the request is another counter’s: it must be handed over first');
  const ticket = q.ticketAtCounter(hub.db, counter.id);
  if (!ticket) throw new DomainError('COUNTER_IDLE', 'the counter is not serving a ticket');
  hub.db
    .transaction(() => {
      r.moveRequest(hub.db, req.id, { counterId: counter.id, ticketId: ticket.id });
      record(hub.db, hub.now(), { actor: `staff:${staff.userId}`, action: 'requestResumed', subject: `request:${req.id}`, detail: { counterId: counter.id, fromCounterId: req.counterId, ticketId: ticket.id, fromTicketId: req.ticketId } });
    })
    .immediate();
}

/** Hands an open request over to another counter; its clerk resumes it there. Audited with both counters. */
export function handOver(hub: HubBase, input: { requestId: string; toCounterId: number }, staff: Staff): { from: number; to: number } {
  loadForChange(hub.db, input.requestId, staff);
  const req = loadOpen(hub, input.requestId);
  const to = q.getCounter(hub.db, input.toCounterId);
  if (!to || !to.active) throw new DomainError('UNKNOWN_COUNTER', 'no such counter', { fields: [{ path: 'toCounterId', reason: 'invalid_format' }] });
  if (to.id === req.counterId) return { from: req.counterId, to: to.id };
  hub.db
    .transaction(() => {
      r.moveRequest(hub.db, req.id, { counterId: to.id });
      record(hub.db, hub.now(), { actor: `staff:${staff.userId}`, action: 'requestHandedOver', subject: `request:${req.id}`, detail: { fromCounterId: req.counterId, toCounterId: to.id } });
    })
    .immediate();
  return { from: req.counterId, to: to.id };
}
