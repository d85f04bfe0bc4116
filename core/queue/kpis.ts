/**
 * Queue KPIs computed from the event log alone (QUEUE.md: "every KPI is computed from events,
 * never stored twice"). Definitions:
 * - wait: issued → first service start (not → called);
 * - service time: each started → finished/transferred/parked stretch, summed;
 * - service level: share of started tickets whose wait ≤ the target;
 * - no-show %: no-shows / (served + no-shows).
 */

export interface QueueEvent {
  ticketId: string;
  kind: string;
  at: string;
  counterId: number | null;
  serviceId: number;
  outOfTurn: boolean;
}

export interface Kpis {
  tickets: number;
  served: number;
  noShows: number;
  noShowPercent: number | null;
  averageWaitMinutes: number | null;
  maxWaitMinutes: number | null;
  averageServiceMinutes: number | null;
  withinTargetPercent: number | null;
  transfers: number;
  recalls: number;
  outOfTurn: number;
}

interface Acc {
  tickets: Set<string>;
  served: number;
  noShows: number;
  waits: number[];
  serviceMs: number[];
  transfers: number;
  recalls: number;
  outOfTurn: number;
}

const empty = (): Acc => ({ tickets: new Set(), served: 0, noShows: 0, waits: [], serviceMs: [], transfers: 0, recalls: 0, outOfTurn: 0 });
const round1 = (x: number) => Math.round(x * 10) / 10;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function finish(acc: Acc, targetMinutes: number): Kpis {
  const avgWait = mean(acc.waits);
  const avgService = mean(acc.serviceMs);
  const closed = acc.served + acc.noShows;
  return {
    tickets: acc.tickets.size,
    served: acc.served,
    noShows: acc.noShows,
    noShowPercent: closed ? round1((100 * acc.noShows) / closed) : null,
    averageWaitMinutes: avgWait === null ? null : round1(avgWait / 60_000),
    maxWaitMinutes: acc.waits.length ? round1(Math.max(...acc.waits) / 60_000) : null,
    averageServiceMinutes: avgService === null ? null : round1(avgService / 60_000),
    withinTargetPercent: acc.waits.length ? round1((100 * acc.waits.filter((w) => w <= targetMinutes * 60_000).length) / acc.waits.length) : null,
    transfers: acc.transfers,
    recalls: acc.recalls,
    outOfTurn: acc.outOfTurn,
  };
}

export interface DayKpis {
  total: Kpis;
  byService: Map<number, Kpis>;
  byCounter: Map<number, Kpis>;
}

/**
 * Fold a day's events (in order) into KPIs, overall, per service (the service the ticket was
 * issued for) and per counter (where the work happened).
 */
export function computeKpis(events: readonly QueueEvent[], targetMinutes: number): DayKpis {
  const total = empty();
  const services = new Map<number, Acc>();
  const counters = new Map<number, Acc>();
  const acc = <K>(map: Map<K, Acc>, key: K) => map.get(key) ?? map.set(key, empty()).get(key)!;

  const issuedAt = new Map<string, number>();
  const issuedService = new Map<string, number>();
  const waited = new Set<string>();
  const startedAt = new Map<string, { at: number; counterId: number | null }>();
  const serviceTotal = new Map<string, number>();

  for (const e of events) {
    const at = Date.parse(e.at);
    if (e.kind === 'issued') {
      issuedAt.set(e.ticketId, at);
      issuedService.set(e.ticketId, e.serviceId);
      total.tickets.add(e.ticketId);
      acc(services, e.serviceId).tickets.add(e.ticketId);
      continue;
    }
    const svc = acc(services, issuedService.get(e.ticketId) ?? e.serviceId);
    const ctr = e.counterId === null ? null : acc(counters, e.counterId);
    const all = [total, svc, ...(ctr ? [ctr] : [])];
    switch (e.kind) {
      case 'called':
        if (e.outOfTurn) for (const a of all) a.outOfTurn++;
        ctr?.tickets.add(e.ticketId);
        break;
      case 'recalled':
        for (const a of all) a.recalls++;
        break;
      case 'started': {
        startedAt.set(e.ticketId, { at, counterId: e.counterId });
        const issued = issuedAt.get(e.ticketId);
        if (issued !== undefined && !waited.has(e.ticketId)) {
          waited.add(e.ticketId);
          for (const a of all) a.waits.push(at - issued);
        }
        break;
      }
      case 'finished':
      case 'transferred':
      case 'parked': {
        const s = startedAt.get(e.ticketId);
        if (s) {
          startedAt.delete(e.ticketId);
          serviceTotal.set(e.ticketId, (serviceTotal.get(e.ticketId) ?? 0) + (at - s.at));
          if (s.counterId !== null) acc(counters, s.counterId).serviceMs.push(at - s.at);
        }
        if (e.kind === 'transferred') for (const a of all) a.transfers++;
        if (e.kind === 'finished') {
          for (const a of all) a.served++;
          const spent = serviceTotal.get(e.ticketId);
          if (spent !== undefined) {
            total.serviceMs.push(spent);
            svc.serviceMs.push(spent);
          }
        }
        break;
      }
      case 'no_show':
        for (const a of all) a.noShows++;
        break;
    }
  }

  return {
    total: finish(total, targetMinutes),
    byService: new Map([...services].map(([k, a]) => [k, finish(a, targetMinutes)])),
    byCounter: new Map([...counters].map(([k, a]) => [k, finish(a, targetMinutes)])),
  };
}
