/**
 * The queue's behaviour on top of db/queue: issuing (a number and its ticket in one transaction,
 * counted as issued only once the printer took it), the counter's actions as atomic claims, and
 * the day's rollover. Call order comes from core/queue/callOrder — never from the clerk.
 */
import { randomUUID } from 'node:crypto';
import type { PrinterConfig, PublicTicket } from '../../core/api/queue';
import { DomainError, type ErrorCode } from '../../core/errors';
import { formatTime } from '../../core/format/jalali';
import { normalizeNationalId } from '../../core/identity/nationalId';
import { afterCall, chooseNext, type WaitingTicket } from '../../core/queue/callOrder';
import { officeDay } from '../../core/format/jalaliDay';
import { estimateWaitMinutes, formatTicketNumber } from '../../core/queue/ticketNumber';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { getOffice } from '../../db/office';
import * as q from '../../db/queue';
import type { HubBase } from '../base';
import { printerErrorCodes, type TicketPrinterFactory, type TicketPrinterPort } from './printerPort';

export interface Issued {
  ticket: PublicTicket;
  peopleAhead: number;
  estimatedWaitMinutes: number | null;
  printed: boolean;
}

type Staff = { userId: number };

export class QueueService {
  constructor(
    private readonly hub: HubBase,
    private readonly printerFactory: TicketPrinterFactory,
  ) {}

  private get db() {
    return this.hub.db;
  }

  private nowIso(): string {
    return this.hub.now().toISOString();
  }

  today(): string {
    return officeDay(this.hub.now());
  }

  /** Close what is left of earlier days; cheap when there is nothing (an indexed look-up). */
  rollover(): number {
    const { closed, counterIds } = this.db.transaction(() => q.closeEarlierDays(this.db, this.today(), this.nowIso())).immediate();
    if (closed > 0) {
      this.hub.log.info('queue day closed', { tickets: closed });
      this.changed(...counterIds);
    }
    return closed;
  }

  /** Tickets left `printing` by a crash were never confirmed: they become print failures to reprint. */
  recoverInterruptedPrints(): void {
    const stuck = q.ticketsByStatus(this.db, this.today(), ['printing']);
    this.db.transaction(() => {
      for (const t of stuck) {
        q.moveTicket(this.db, t.id, ['printing'], 'print_failed');
        q.insertTicketEvent(this.db, { ticketId: t.id, kind: 'print_failed', at: this.nowIso(), serviceId: t.serviceId, reasonCode: 'INTERRUPTED' });
      }
    })();
  }

  // ---------- public shapes ----------

  publicTicket(row: q.TicketRow, services = this.serviceMap()): PublicTicket {
    const s = services.get(row.serviceId);
    return {
      id: row.id,
      display: formatTicketNumber(row.prefix, row.number),
      prefix: row.prefix,
      number: row.number,
      serviceId: row.serviceId,
      serviceName: s?.name ?? '',
      priority: row.priorityCategoryId !== null,
      status: row.status,
      issuedAt: row.issuedAt,
    };
  }

  serviceMap(): Map<number, q.ServiceRow> {
    return new Map(q.listServices(this.db).map((s) => [s.id, s]));
  }

  printerConfig(): PrinterConfig {
    return JSON.parse(q.getQueueSettings(this.db).printer) as PrinterConfig;
  }

  private printer(): TicketPrinterPort | null {
    const config = this.printerConfig();
    return config.kind === 'none' ? null : this.printerFactory(config);
  }

  isOpenNow(service: q.ServiceRow): boolean {
    const hhmm = toLatinDigits(formatTime(this.hub.now(), false));
    return service.opensAt <= hhmm && hhmm < service.closesAt;
  }

  openCountersFor(serviceId: number): number {
    return q.openCountersServing(this.db, serviceId);
  }

  /** The day's mean service time, recomputed at most every 30 s: a kiosk asks on every ticket. */
  private averageCache: { at: number; day: string; value: number | null } | null = null;

  private averageServiceMs(): number | null {
    const now = this.hub.now().getTime();
    const day = this.today();
    if (!this.averageCache || this.averageCache.day !== day || now - this.averageCache.at > 30_000) {
      this.averageCache = { at: now, day, value: q.averageServiceMs(this.db, day) };
    }
    return this.averageCache.value;
  }

  estimate(serviceId: number, ahead: number): number | null {
    const avgMs = this.averageServiceMs();
    const avgMinutes = avgMs === null ? q.getQueueSettings(this.db).defaultServiceMinutes : avgMs / 60_000;
    return estimateWaitMinutes(ahead, avgMinutes, this.openCountersFor(serviceId));
  }

  // ---------- issuing ----------

  /** `workstation`: the kiosk's own printer, through its agent (hub/agent/deviceJobs.ts), in place of the queue's network printer */
  async issue(input: { serviceId: number; priorityCategoryId?: number | undefined; booking?: { code: string; nationalId: string } }, workstation?: TicketPrinterPort | null): Promise<Issued> {
    this.rollover();
    const service = q.getService(this.db, input.serviceId);
    if (!service || !service.active) throw new DomainError('UNKNOWN_SERVICE', 'no such active service');
    if (!this.isOpenNow(service)) throw new DomainError('SERVICE_CLOSED', 'outside the service hours');
    let priorityLabel: string | undefined;
    if (input.priorityCategoryId !== undefined) {
      const cat = q.listPriorityCategories(this.db).find((c) => c.id === input.priorityCategoryId && c.active);
      if (!cat) throw new DomainError('INVALID_INPUT', 'unknown priority category', { fields: [{ path: 'priorityCategoryId', reason: 'invalid_format' }] });
      priorityLabel = cat.name;
    }
    const printer = workstation ?? this.printer();
    const day = this.today();
    const now = this.hub.now();

    const row = this.db
      .transaction((): q.TicketRow => {
        if (service.dailyCap !== null && q.issuedCount(this.db, day, service.id) >= service.dailyCap) {
          throw new DomainError('DAILY_CAP_REACHED', 'the service gave out its numbers for today');
        }
        if (input.booking && q.bookingsToday(this.db, day, input.booking.nationalId) >= 2) {
          throw new DomainError('BOOKING_LIMIT', 'at most two bookings per person per day');
        }
        const ticket: q.TicketRow = {
          id: randomUUID(),
          officeDay: day,
          issuedServiceId: service.id,
          prefix: service.prefix,
          number: q.nextTicketNumber(this.db, day, service.id),
          serviceId: service.id,
          priorityCategoryId: input.priorityCategoryId ?? null,
          bookingCode: input.booking?.code ?? null,
          status: printer ? 'printing' : 'waiting',
          queueKey: q.nextQueueKey(this.db, now.getTime()),
          issuedAt: now.toISOString(),
          counterId: null,
        };
        q.insertTicket(this.db, { ...ticket, bookingNationalId: input.booking?.nationalId ?? null });
        if (!printer) q.insertTicketEvent(this.db, { ticketId: ticket.id, kind: 'issued', at: ticket.issuedAt, serviceId: service.id, detail: { printed: false } });
        return ticket;
      })
      .immediate();

    if (!printer) {
      this.changed();
      return this.issuedAnswer(row, false);
    }
    return this.printAndQueue(row, printer, priorityLabel, 'issued');
  }

  async checkInBooking(input: { code: string; nationalId: string; serviceId: number }): Promise<Issued> {
    const code = toLatinDigits(input.code).trim().toUpperCase();
    if (!/^[0-9A-Z]{6,16}$/.test(code)) throw new DomainError('INVALID_BOOKING_CODE', 'booking code format', { fields: [{ path: 'code', reason: 'invalid_format' }] });
    const nationalId = normalizeNationalId(input.nationalId);
    if (!nationalId) throw new DomainError('INVALID_NATIONAL_ID', 'national id check failed', { fields: [{ path: 'nationalId', reason: 'invalid_format' }] });
    // The association's booking system is outside the office; its check happens at the counter
    // (the national card must match the booking) and, when reachable, through its API later.
    return this.issue({ serviceId: input.serviceId, booking: { code, nationalId } });
  }

  /** `workstation`: the caller's own printer, through its agent (hub/agent/deviceJobs.ts), in place of the queue's network printer */
  async reprint(ticketId: string, workstation?: TicketPrinterPort | null): Promise<Issued> {
    const row = q.getTicket(this.db, ticketId);
    if (!row || row.officeDay !== this.today()) throw new DomainError('UNKNOWN_TICKET', 'no such ticket today');
    if (row.status !== 'print_failed') throw new DomainError('TICKET_NOT_WAITING', 'only a ticket whose print failed can be reprinted');
    const printer = workstation ?? this.printer();
    if (!printer) throw new DomainError('PRINTER_NOT_CONFIGURED', 'no ticket printer configured');
    if (!q.moveTicket(this.db, row.id, ['print_failed'], 'printing')) throw new DomainError('TICKET_NOT_WAITING', 'ticket changed meanwhile');
    const category = row.priorityCategoryId === null ? undefined : q.listPriorityCategories(this.db).find((c) => c.id === row.priorityCategoryId)?.name;
    return this.printAndQueue({ ...row, status: 'printing' }, printer, category, 'reprinted');
  }

  private async printAndQueue(row: q.TicketRow, printer: TicketPrinterPort, priorityLabel: string | undefined, kind: 'issued' | 'reprinted'): Promise<Issued> {
    const service = q.getService(this.db, row.serviceId)!;
    const ahead = q.countAhead(this.db, row.serviceId, row.queueKey);
    const estimatedWaitMinutes = this.estimate(row.serviceId, ahead);
    const display = formatTicketNumber(row.prefix, row.number);
    try {
      // The number must be on disk before it is on paper: the allocation commits with this turn's
      // batch (rpc/groupCommit), so wait for the turn to end; a batch that failed leaves no row.
      await null;
      if (q.getTicket(this.db, row.id)?.status !== 'printing') throw Object.assign(new Error('allocation not committed'), { code: 'PRINTER_ERROR' });
      await printer.print({
        // stored text keeps Latin digits (normalised for search); paper shows Persian ones
        officeName: toPersianDigits(getOffice(this.db)?.name ?? ''),
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
      this.db.transaction(() => {
        q.moveTicket(this.db, row.id, ['printing'], 'print_failed');
        q.insertTicketEvent(this.db, { ticketId: row.id, kind: 'print_failed', at: this.nowIso(), serviceId: row.serviceId, reasonCode: code });
      })();
      this.hub.log.warn('ticket print failed', { ticket: display, code });
      this.changed();
      throw new DomainError(code, 'the ticket printer did not take the ticket', { ref: row.id });
    }
    const at = this.nowIso();
    this.db.transaction(() => {
      q.moveTicket(this.db, row.id, ['printing'], 'waiting');
      if (kind === 'reprinted') q.insertTicketEvent(this.db, { ticketId: row.id, kind: 'reprinted', at, serviceId: row.serviceId });
      // the number counts as issued once: at its first successful print
      if (!q.wasIssued(this.db, row.id)) q.insertTicketEvent(this.db, { ticketId: row.id, kind: 'issued', at, serviceId: row.serviceId, detail: { printed: true } });
    })();
    this.changed();
    return { ...this.issuedAnswer({ ...row, status: 'waiting' }, true), peopleAhead: ahead, estimatedWaitMinutes };
  }

  private issuedAnswer(row: q.TicketRow, printed: boolean): Issued {
    const ahead = q.countAhead(this.db, row.serviceId, row.queueKey);
    return { ticket: this.publicTicket(row), peopleAhead: ahead, estimatedWaitMinutes: this.estimate(row.serviceId, ahead), printed };
  }

  // ---------- counters ----------

  private requireCounter(counterId: number): q.CounterRow {
    const counter = q.getCounter(this.db, counterId);
    if (!counter || !counter.active) throw new DomainError('UNKNOWN_COUNTER', 'no such active counter');
    return counter;
  }

  /** The counter must be open by the caller: a clerk acts only at the counter they sit at. */
  private requireOwnCounter(counterId: number, staff: Staff): q.CounterRow {
    const counter = this.requireCounter(counterId);
    if (counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_NOT_OPEN', 'open this counter first');
    return counter;
  }

  private current(counterId: number, allowed: readonly q.TicketStatus[]): q.TicketRow {
    const t = q.ticketAtCounter(this.db, counterId);
    if (!t) throw new DomainError('COUNTER_IDLE', 'the counter has no ticket');
    if (!allowed.includes(t.status)) throw new DomainError('TICKET_NOT_WAITING', `the ticket is ${t.status}`);
    return t;
  }

  open(counterId: number, staff: Staff): void {
    this.db
      .transaction(() => {
        const counter = this.requireCounter(counterId);
        if (counter.openStaffId !== null && counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_TAKEN', 'another clerk has this counter open');
        for (const other of q.listCounters(this.db)) {
          if (other.id === counterId || other.openStaffId !== staff.userId) continue;
          if (q.ticketAtCounter(this.db, other.id)) throw new DomainError('COUNTER_BUSY', 'finish the ticket at your other counter first');
          q.setCounterOpenBy(this.db, other.id, null);
        }
        q.setCounterOpenBy(this.db, counterId, staff.userId);
      })
      .immediate();
    this.changed();
  }

  close(counterId: number, staff: Staff): void {
    this.db
      .transaction(() => {
        this.requireOwnCounter(counterId, staff);
        if (q.ticketAtCounter(this.db, counterId)) throw new DomainError('COUNTER_BUSY', 'finish, park or transfer the current ticket first');
        q.setCounterOpenBy(this.db, counterId, null);
      })
      .immediate();
    this.changed();
  }

  /** The one atomic claim: decide by the rules and move exactly that ticket, or fail. */
  callNext(counterId: number, staff: Staff): PublicTicket {
    this.rollover();
    const row = this.db
      .transaction(() => {
        const counter = this.requireOwnCounter(counterId, staff);
        if (q.ticketAtCounter(this.db, counterId)) throw new DomainError('COUNTER_BUSY', 'the counter is already calling or serving a ticket');
        const decision = this.decide(counter);
        if (!decision) throw new DomainError('QUEUE_EMPTY', 'nobody is waiting for this counter’s services');
        return this.claim(counter, decision.row, staff, { rule: decision.rule });
      })
      .immediate();
    return this.announce(row, counterId, false);
  }

  private decide(counter: q.CounterRow): { row: q.TicketRow; rule: string } | null {
    const services = q.counterServiceIds(this.db, counter.id);
    const rows = q.waitingCandidates(this.db, services);
    const settings = q.getQueueSettings(this.db);
    const waiting: WaitingTicket[] = rows.map((r) => ({ id: r.id, serviceId: r.serviceId, priority: r.priorityCategoryId !== null, queueKey: r.queueKey, issuedAtMs: Date.parse(r.issuedAt) }));
    const decision = chooseNext(waiting, new Set(services), { normalsSincePriority: counter.normalsSincePriority }, settings, this.hub.now().getTime());
    return decision ? { row: rows.find((r) => r.id === decision.ticket.id)!, rule: decision.rule } : null;
  }

  private claim(counter: q.CounterRow, row: q.TicketRow, staff: Staff, extra: { rule?: string; outOfTurn?: { reason: string; note: string }; fromParked?: boolean }): q.TicketRow {
    const from: q.TicketStatus[] = extra.fromParked ? ['parked'] : ['waiting'];
    if (!q.moveTicket(this.db, row.id, from, 'called', { counterId: counter.id })) throw new DomainError('TICKET_NOT_WAITING', 'the ticket was taken meanwhile');
    if (!extra.fromParked) q.setNormalsSincePriority(this.db, counter.id, afterCall(counter, { priority: row.priorityCategoryId !== null }).normalsSincePriority);
    q.insertTicketEvent(this.db, {
      ticketId: row.id,
      kind: 'called',
      at: this.nowIso(),
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

  recall(counterId: number, staff: Staff): PublicTicket {
    const row = this.db
      .transaction(() => {
        this.requireOwnCounter(counterId, staff);
        const t = this.current(counterId, ['called']);
        q.insertTicketEvent(this.db, { ticketId: t.id, kind: 'recalled', at: this.nowIso(), serviceId: t.serviceId, counterId, staffId: staff.userId });
        return t;
      })
      .immediate();
    return this.announce(row, counterId, true);
  }

  /** A simple move of the counter's current ticket, with its event. */
  private step(counterId: number, staff: Staff, from: q.TicketStatus[], to: q.TicketStatus, kind: q.TicketEventKind): PublicTicket {
    const row = this.db
      .transaction(() => {
        this.requireOwnCounter(counterId, staff);
        const t = this.current(counterId, from);
        if (!q.moveTicket(this.db, t.id, from, to)) throw new DomainError('TICKET_NOT_WAITING', 'the ticket changed meanwhile');
        q.insertTicketEvent(this.db, { ticketId: t.id, kind, at: this.nowIso(), serviceId: t.serviceId, counterId, staffId: staff.userId });
        return { ...t, status: to };
      })
      .immediate();
    this.changed(counterId);
    return this.publicTicket(row);
  }

  start(counterId: number, staff: Staff): PublicTicket {
    return this.step(counterId, staff, ['called'], 'serving', 'started');
  }

  finish(counterId: number, staff: Staff): PublicTicket {
    return this.step(counterId, staff, ['serving'], 'done', 'finished');
  }

  /**
   * «غایب»: a person missed after one call loses their turn for good, so the clerk confirms it — or
   * the number has been recalled the set number of times (queue settings, default 2).
   */
  noShow(counterId: number, staff: Staff, confirmed: boolean): PublicTicket {
    if (!confirmed) {
      const t = q.ticketAtCounter(this.db, counterId);
      if (t && t.status === 'called' && q.recallCount(this.db, t.id) < q.getQueueSettings(this.db).noShowAfterRecalls) {
        throw new DomainError('NO_SHOW_NEEDS_CONFIRMATION', 'confirm the no-show or recall the number first');
      }
    }
    return this.step(counterId, staff, ['called'], 'no_show', 'no_show');
  }

  park(counterId: number, staff: Staff): PublicTicket {
    return this.step(counterId, staff, ['called', 'serving'], 'parked', 'parked');
  }

  callParked(counterId: number, ticketId: string, staff: Staff): PublicTicket {
    const row = this.db
      .transaction(() => {
        const counter = this.requireOwnCounter(counterId, staff);
        if (q.ticketAtCounter(this.db, counterId)) throw new DomainError('COUNTER_BUSY', 'the counter is busy');
        const t = q.getTicket(this.db, ticketId);
        if (!t || t.status !== 'parked' || t.counterId !== counterId) throw new DomainError('UNKNOWN_TICKET', 'no such ticket parked here');
        return this.claim(counter, t, staff, { fromParked: true });
      })
      .immediate();
    return this.announce(row, counterId, false);
  }

  transfer(counterId: number, staff: Staff, serviceId: number, position: 'front' | 'back'): PublicTicket {
    const row = this.db
      .transaction(() => {
        this.requireOwnCounter(counterId, staff);
        const target = q.getService(this.db, serviceId);
        if (!target || !target.active) throw new DomainError('UNKNOWN_SERVICE', 'no such active service');
        const t = this.current(counterId, ['called', 'serving']);
        const now = this.hub.now().getTime();
        const first = q.firstQueueKey(this.db, serviceId);
        // front: just ahead of the first in that line; back: behind everyone, as if arriving now
        const queueKey = position === 'front' ? Math.min(first ?? now, now) - 1 : q.nextQueueKey(this.db, now);
        if (!q.moveTicket(this.db, t.id, ['called', 'serving'], 'waiting', { counterId: null, serviceId, queueKey })) throw new DomainError('TICKET_NOT_WAITING', 'the ticket changed meanwhile');
        q.insertTicketEvent(this.db, {
          ticketId: t.id,
          kind: 'transferred',
          at: this.nowIso(),
          serviceId,
          counterId,
          staffId: staff.userId,
          detail: { fromServiceId: t.serviceId, toServiceId: serviceId, position },
        });
        return { ...t, status: 'waiting' as const, serviceId, queueKey, counterId: null };
      })
      .immediate();
    this.changed(counterId);
    return this.publicTicket(row);
  }

  callOutOfTurn(counterId: number, staff: Staff, ticketId: string, reason: string, note: string): PublicTicket {
    const row = this.db
      .transaction(() => {
        const counter = this.requireOwnCounter(counterId, staff);
        if (q.ticketAtCounter(this.db, counterId)) throw new DomainError('COUNTER_BUSY', 'the counter is busy');
        const t = q.getTicket(this.db, ticketId);
        if (!t || t.officeDay !== this.today()) throw new DomainError('UNKNOWN_TICKET', 'no such ticket today');
        if (t.status !== 'waiting') throw new DomainError('TICKET_NOT_WAITING', 'the ticket is not waiting');
        if (!q.counterServiceIds(this.db, counterId).includes(t.serviceId)) throw new DomainError('SERVICE_NOT_AT_COUNTER', 'this counter does not serve that ticket’s service');
        // Calling the very ticket the rules would call is not out of turn.
        const next = this.decide(counter);
        if (next?.row.id === t.id) return this.claim(counter, t, staff, { rule: next.rule });
        return this.claim(counter, t, staff, { outOfTurn: { reason, note } });
      })
      .immediate();
    this.hub.log.info('out-of-turn call', { counterId, reason });
    return this.announce(row, counterId, false);
  }

  private announce(row: q.TicketRow, counterId: number, recall: boolean): PublicTicket {
    const ticket = this.publicTicket(row);
    const counter = q.getCounter(this.db, counterId)!;
    this.hub.events.emit('queue.called', {
      ticketId: ticket.id,
      display: ticket.display,
      prefix: ticket.prefix,
      number: ticket.number,
      counterNumber: counter.number,
      recall,
      at: this.nowIso(),
    });
    this.changed(counterId);
    return ticket;
  }

  /**
   * Tell the screens that the queue changed; and the applicant screens of `counterIds`, whose ticket
   * came, went or moved on — what they show changes with it (the previous person must not stay on it).
   */
  changed(...counterIds: number[]): void {
    const at = this.nowIso();
    this.hub.events.emit('queue.changed', { at });
    for (const counterId of counterIds) this.hub.events.emit('applicantScreen.changed', { counterId, at });
  }
}

function printerCode(err: unknown): ErrorCode {
  const code = (err as { code?: unknown } | null)?.code;
  // a kiosk's own printer whose agent went away (hub/agent/deviceJobs.ts)
  if (code === 'WORKSTATION_PRINTER_OFFLINE') return code;
  return typeof code === 'string' && (printerErrorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'PRINTER_ERROR';
}
