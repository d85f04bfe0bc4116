/** What the queue shows: a ticket's public shape, the printer's setting, service hours and the wait estimate. */
import type { PrinterConfig, PublicTicket } from '../../core/api/queue';
import { formatTime } from '../../core/format/jalali';
import { estimateWaitMinutes, formatTicketNumber } from '../../core/queue/ticketNumber';
import { toLatinDigits } from '../../core/text/digits';
import * as q from '../../db/queue';
import { today, type QueueDeps } from './context';
import type { TicketPrinterPort } from './printerPort';

export function serviceMap(deps: QueueDeps): Map<number, q.ServiceRow> {
  return new Map(q.listServices(deps.db).map((s) => [s.id, s]));
}

/** A ticket as screens see it; `services` when shaping many at once, else its one service is read. */
export function publicTicket(deps: QueueDeps, row: q.TicketRow, services?: Map<number, q.ServiceRow>): PublicTicket {
  const s = services ? services.get(row.serviceId) : q.getService(deps.db, row.serviceId);
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

export function printerConfig(deps: QueueDeps): PrinterConfig {
  return JSON.parse(q.getQueueSettings(deps.db).printer) as PrinterConfig;
}

/** The queue's network ticket printer, or null when none is configured. */
export function printer(deps: QueueDeps): TicketPrinterPort | null {
  const config = printerConfig(deps);
  return config.kind === 'none' ? null : deps.printerFactory(config);
}

export function isOpenNow(deps: QueueDeps, service: q.ServiceRow): boolean {
  const hhmm = toLatinDigits(formatTime(deps.now(), false));
  return service.opensAt <= hhmm && hhmm < service.closesAt;
}

function averageServiceMs(deps: QueueDeps): number | null {
  const now = deps.now().getTime();
  const day = today(deps);
  const cached = deps.state.average;
  if (!cached || cached.day !== day || now - cached.at > 30_000) {
    deps.state.average = { at: now, day, value: q.averageServiceMs(deps.db, day) };
  }
  return deps.state.average!.value;
}

/** Minutes until `ahead` people are served by the counters open for the service (null: no counter open). */
export function estimate(deps: QueueDeps, serviceId: number, ahead: number): number | null {
  const avgMs = averageServiceMs(deps);
  const avgMinutes = avgMs === null ? q.getQueueSettings(deps.db).defaultServiceMinutes : avgMs / 60_000;
  return estimateWaitMinutes(ahead, avgMinutes, q.openCountersServing(deps.db, serviceId));
}
