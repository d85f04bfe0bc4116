/**
 * The queue (docs/QUEUE.md), as one object for the handlers: each method is one step module's function,
 * given the explicit dependencies built here. Issuing (issue.ts: a number and its ticket in one
 * transaction, counted as issued only once the printer took it), the counter's calls as atomic claims
 * (call.ts; the order from core/queue/callOrder, never from the clerk), the current ticket's moves
 * (moves.ts), the counters a clerk opens (counters.ts), the day's rollover (day.ts) and what the
 * screens are shown (shapes.ts).
 */
import type { PrinterConfig, PublicTicket } from '../../core/api/queue';
import type * as q from '../../db/queue';
import type { HubBase } from '../base';
import * as call from './call';
import { changed, today, type Issued, type QueueDeps, type Staff } from './context';
import * as counters from './counters';
import * as day from './day';
import * as issuing from './issue';
import * as moves from './moves';
import type { TicketPrinterFactory, TicketPrinterPort } from './printerPort';
import * as shapes from './shapes';

export type { Issued } from './context';

export class QueueService {
  private readonly deps: QueueDeps;

  constructor(hub: HubBase, printerFactory: TicketPrinterFactory) {
    this.deps = { db: hub.db, now: () => hub.now(), log: hub.log, events: hub.events, printerFactory, state: { average: null, nothingBefore: null } };
  }

  // the day — day.ts
  today(): string {
    return today(this.deps);
  }
  rollover(): number {
    return day.rollover(this.deps);
  }
  recoverInterruptedPrints(): void {
    day.recoverInterruptedPrints(this.deps);
  }

  // what the screens are shown — shapes.ts
  publicTicket(row: q.TicketRow, services?: Map<number, q.ServiceRow>): PublicTicket {
    return shapes.publicTicket(this.deps, row, services);
  }
  serviceMap(): Map<number, q.ServiceRow> {
    return shapes.serviceMap(this.deps);
  }
  printerConfig(): PrinterConfig {
    return shapes.printerConfig(this.deps);
  }
  isOpenNow(service: q.ServiceRow): boolean {
    return shapes.isOpenNow(this.deps, service);
  }
  estimate(serviceId: number, ahead: number): number | null {
    return shapes.estimate(this.deps, serviceId, ahead);
  }

  // issuing — issue.ts
  issue(input: issuing.IssueInput, workstation?: TicketPrinterPort | null): Promise<Issued> {
    return issuing.issue(this.deps, input, workstation);
  }
  checkInBooking(input: { code: string; nationalId: string; serviceId: number }): Promise<Issued> {
    return issuing.checkInBooking(this.deps, input);
  }
  reprint(ticketId: string, workstation?: TicketPrinterPort | null): Promise<Issued> {
    return issuing.reprint(this.deps, ticketId, workstation);
  }

  // counters — counters.ts
  open(counterId: number, staff: Staff): void {
    counters.open(this.deps, counterId, staff);
  }
  close(counterId: number, staff: Staff): void {
    counters.close(this.deps, counterId, staff);
  }

  // calling — call.ts
  callNext(counterId: number, staff: Staff): PublicTicket {
    return call.callNext(this.deps, counterId, staff);
  }
  recall(counterId: number, staff: Staff): PublicTicket {
    return call.recall(this.deps, counterId, staff);
  }
  callParked(counterId: number, ticketId: string, staff: Staff): PublicTicket {
    return call.callParked(this.deps, counterId, ticketId, staff);
  }
  callOutOfTurn(counterId: number, staff: Staff, ticketId: string, reason: string, note: string): PublicTicket {
    return call.callOutOfTurn(this.deps, counterId, staff, ticketId, reason, note);
  }

  // the current ticket's moves — moves.ts
  start(counterId: number, staff: Staff): PublicTicket {
    return moves.start(this.deps, counterId, staff);
  }
  finish(counterId: number, staff: Staff): PublicTicket {
    return moves.finish(this.deps, counterId, staff);
  }
  noShow(counterId: number, staff: Staff, confirmed: boolean): PublicTicket {
    return moves.noShow(this.deps, counterId, staff, confirmed);
  }
  park(counterId: number, staff: Staff): PublicTicket {
    return moves.park(this.deps, counterId, staff);
  }
  transfer(counterId: number, staff: Staff, serviceId: number, position: 'front' | 'back'): PublicTicket {
    return moves.transfer(this.deps, counterId, staff, serviceId, position);
  }

  /** The screens (and the applicant screens of `counterIds`) are told the queue changed — context.ts. */
  changed(...counterIds: number[]): void {
    changed(this.deps, ...counterIds);
  }
}
