/**
 * Issuing: a number and its ticket in one transaction, counted as issued only once the printer took it;
 * a booking's check-in; the reprint of a ticket whose print failed.
 */
import { randomUUID } from 'node:crypto';
import { DomainError, type ErrorCode } from '../../core/errors';
import { normalizeNationalId } from '../../core/identity/nationalId';
import { formatTicketNumber } from '../../core/queue/ticketNumber';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { getOffice } from '../../db/office';
import * as q from '../../db/queue';
import { changed, nowIso, today, type Issued, type QueueDeps } from './context';
import { rollover } from './day';
import { printerErrorCodes, type TicketPrinterPort } from './printerPort';
import { estimate, isOpenNow, printer as queuePrinter, publicTicket } from './shapes';

export interface IssueInput {
  serviceId: number;
  priorityCategoryId?: number | undefined;
  booking?: { code: string; nationalId: string };
}

/** `workstation`: the kiosk's own printer, through its agent (hub/agent/deviceJobs.ts), in place of the queue's network printer */
export async function issue(deps: QueueDeps, input: IssueInput, workstation?: TicketPrinterPort | null): Promise<Issued> {
  rollover(deps);
  const { db } = deps;
  const service = q.getService(db, input.serviceId);
  if (!service || !service.active) throw new DomainError('UNKNOWN_SERVICE', 'no such active service');
  if (!isOpenNow(deps, service)) throw new DomainError('SERVICE_CLOSED', 'outside the service hours');
  let priorityLabel: string | undefined;
  if (input.priorityCategoryId !== undefined) {
    const cat = q.listPriorityCategories(db).find((c) => c.id === input.priorityCategoryId && c.active);
    if (!cat) throw new DomainError('INVALID_INPUT', 'unknown priority category', { fields: [{ path: 'priorityCategoryId', reason: 'invalid_format' }] });
    priorityLabel = cat.name;
  }
  const printer = workstation ?? queuePrinter(deps);
  const day = today(deps);
  const now = deps.now();

  const row = db
    .transaction((): q.TicketRow => {
      if (service.dailyCap !== null && q.issuedCount(db, day, service.id) >= service.dailyCap) {
        throw new DomainError('DAILY_CAP_REACHED', 'the service gave out its numbers for today');
      }
      if (input.booking && q.bookingsToday(db, day, input.booking.nationalId) >= 2) {
        throw new DomainError('BOOKING_LIMIT', 'at most two bookings per person per day');
      }
      const ticket: q.TicketRow = {
        id: randomUUID(),
        officeDay: day,
        issuedServiceId: service.id,
        prefix: service.prefix,
        number: q.nextTicketNumber(db, day, service.id),
        serviceId: service.id,
        priorityCategoryId: input.priorityCategoryId ?? null,
        bookingCode: input.booking?.code ?? null,
        status: printer ? 'printing' : 'waiting',
        queueKey: q.nextQueueKey(db, now.getTime()),
        issuedAt: now.toISOString(),
        counterId: null,
      };
      q.insertTicket(db, { ...ticket, bookingNationalId: input.booking?.nationalId ?? null });
      if (!printer) q.insertTicketEvent(db, { ticketId: ticket.id, kind: 'issued', at: ticket.issuedAt, serviceId: service.id, detail: { printed: false } });
      return ticket;
    })
    .immediate();

  if (!printer) {
    changed(deps);
    return issuedAnswer(deps, row, false);
  }
  return printAndQueue(deps, row, printer, priorityLabel, 'issued');
}

export async function checkInBooking(deps: QueueDeps, input: { code: string; nationalId: string; serviceId: number }): Promise<Issued> {
  const code = toLatinDigits(input.code).trim().toUpperCase();
  if (!/^[0-9A-Z]{6,16}$/.test(code)) throw new DomainError('INVALID_BOOKING_CODE', 'booking code format', { fields: [{ path: 'code', reason: 'invalid_format' }] });
  const nationalId = normalizeNationalId(input.nationalId);
  if (!nationalId) throw new DomainError('INVALID_NATIONAL_ID', 'national id check failed', { fields: [{ path: 'nationalId', reason: 'invalid_format' }] });
  // The association's booking system is outside the office; its check happens at the counter
  // (the national card must match the booking) and, when reachable, through its API later.
  return issue(deps, { serviceId: input.serviceId, booking: { code, nationalId } });
}

/** `workstation`: the caller's own printer, through its agent (hub/agent/deviceJobs.ts), in place of the queue's network printer */
export async function reprint(deps: QueueDeps, ticketId: string, workstation?: TicketPrinterPort | null): Promise<Issued> {
  const row = q.getTicket(deps.db, ticketId);
  if (!row || row.officeDay !== today(deps)) throw new DomainError('UNKNOWN_TICKET', 'no such ticket today');
  if (row.status !== 'print_failed') throw new DomainError('TICKET_NOT_WAITING', 'only a ticket whose print failed can be reprinted');
  const printer = workstation ?? queuePrinter(deps);
  if (!printer) throw new DomainError('PRINTER_NOT_CONFIGURED', 'no ticket printer configured');
  if (!q.moveTicket(deps.db, row.id, ['print_failed'], 'printing')) throw new DomainError('TICKET_NOT_WAITING', 'ticket changed meanwhile');
  const category = row.priorityCategoryId === null ? undefined : q.listPriorityCategories(deps.db).find((c) => c.id === row.priorityCategoryId)?.name;
  return printAndQueue(deps, { ...row, status: 'printing' }, printer, category, 'reprinted');
}

async function printAndQueue(deps: QueueDeps, row: q.TicketRow, printer: TicketPrinterPort, priorityLabel: string | undefined, kind: 'issued' | 'reprinted'): Promise<Issued> {
  const { db } = deps;
  const service = q.getService(db, row.serviceId)!;
  const ahead = q.countAhead(db, row.serviceId, row.queueKey);
  const estimatedWaitMinutes = estimate(deps, row.serviceId, ahead);
  const display = formatTicketNumber(row.prefix, row.number);
  try {
    // The number must be on disk before it is on paper: the allocation commits with this turn's
    // batch (rpc/groupCommit), so wait for the turn to end; a batch that failed leaves no row.
    await null;
    if (q.getTicket(db, row.id)?.status !== 'printing') throw Object.assign(new Error('allocation not committed'), { code: 'PRINTER_ERROR' });
    await printer.print({
      // stored text keeps Latin digits (normalised for search); paper shows Persian ones
      officeName: toPersianDigits(getOffice(db)?.name ?? ''),
      serviceName: toPersianDigits(service.name),
      number: display,
      issuedAt: row.issuedAt,
      peopleAhead: ahead,
      estimatedWaitMinutes,
      ticketId: row.id,
      priorityLabel,
    });
  } catch (err) {
    const code = printerCode(err);
    db.transaction(() => {
      q.moveTicket(db, row.id, ['printing'], 'print_failed');
      q.insertTicketEvent(db, { ticketId: row.id, kind: 'print_failed', at: nowIso(deps), serviceId: row.serviceId, reasonCode: code });
    })();
    deps.log.warn('ticket print failed', { ticket: display, code });
    changed(deps);
    throw new DomainError(code, 'the ticket printer did not take the ticket', { ref: row.id });
  }
  const at = nowIso(deps);
  db.transaction(() => {
    q.moveTicket(db, row.id, ['printing'], 'waiting');
    if (kind === 'reprinted') q.insertTicketEvent(db, { ticketId: row.id, kind: 'reprinted', at, serviceId: row.serviceId });
    // the number counts as issued once: at its first successful print
    if (!q.wasIssued(db, row.id)) q.insertTicketEvent(db, { ticketId: row.id, kind: 'issued', at, serviceId: row.serviceId, detail: { printed: true } });
  })();
  changed(deps);
  return { ...issuedAnswer(deps, { ...row, status: 'waiting' }, true), peopleAhead: ahead, estimatedWaitMinutes };
}

function issuedAnswer(deps: QueueDeps, row: q.TicketRow, printed: boolean): Issued {
  const ahead = q.countAhead(deps.db, row.serviceId, row.queueKey);
  return { ticket: publicTicket(deps, row), peopleAhead: ahead, estimatedWaitMinutes: estimate(deps, row.serviceId, ahead), printed };
}

function printerCode(err: unknown): ErrorCode {
  const code = (err as { code?: unknown } | null)?.code;
  // a kiosk's own printer whose agent went away (hub/agent/deviceJobs.ts)
  if (code === 'WORKSTATION_PRINTER_OFFLINE') return code;
  return typeof code === 'string' && (printerErrorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'PRINTER_ERROR';
}
