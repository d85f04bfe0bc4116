/**
 * What every step of the queue shares: the explicit dependencies a step is given (database, clock, log,
 * events, the ticket printer's factory) and the little state the hub keeps in memory. No step reaches
 * the others through a service object; the facade (queueService.ts) wires them.
 */
import type { PublicTicket } from '../../core/api/queue';
import { officeDay } from '../../core/format/jalaliDay';
import type { Database } from '../../db/sqlite';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { TicketPrinterFactory } from './printerPort';

export interface Issued {
  ticket: PublicTicket;
  peopleAhead: number;
  estimatedWaitMinutes: number | null;
  printed: boolean;
}

/** The clerk a counter's action is for. */
export type Staff = { userId: number };

export interface QueueState {
  /** the day's mean service time, recomputed at most every 30 s: a kiosk asks on every ticket */
  average: { at: number; day: string; value: number | null } | null;
  /** the office day on which the hub last found no ticket left open from an earlier day (day.ts) */
  nothingBefore: string | null;
}

export interface QueueDeps {
  db: Database;
  now: () => Date;
  log: Logger;
  events: EventBus;
  printerFactory: TicketPrinterFactory;
  state: QueueState;
}

export const nowIso = (deps: Pick<QueueDeps, 'now'>): string => deps.now().toISOString();

/** The office day (Jalali) of the hub's clock. */
export const today = (deps: Pick<QueueDeps, 'now'>): string => officeDay(deps.now());

/**
 * Tell the screens that the queue changed; and the applicant screens of `counterIds`, whose ticket
 * came, went or moved on — what they show changes with it (the previous person must not stay on it).
 */
export function changed(deps: Pick<QueueDeps, 'now' | 'events'>, ...counterIds: number[]): void {
  const at = nowIso(deps);
  deps.events.emit('queue.changed', { at });
  for (const counterId of counterIds) deps.events.emit('applicantScreen.changed', { counterId, at });
}
