import type { ProcedureOutput } from '../../core/api/contract';
import { outOfTurnReasons, type PrinterConfig } from '../../core/api/queue';
import { DomainError } from '../../core/errors';
import { computeKpis } from '../../core/queue/kpis';
import { formatTicketNumber } from '../../core/queue/ticketNumber';
import { toPersianDigits } from '../../core/text/digits';
import { getOffice } from '../../db/office';
import * as q from '../../db/queue';
import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';
import type { QueueService } from './queueService';
import { staffOf } from '../handlers/guards';


function uniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export const queueHandlers: HandlerGroup<'queue'> = (hub: HubServices) => {
  const { queue } = hub;
  const db = hub.db;

  const counterState = (c: q.CounterRow, services = queue.serviceMap(), names = q.staffNames(db)) => {
    const current = q.ticketAtCounter(db, c.id);
    return {
      id: c.id,
      number: c.number,
      active: c.active,
      serviceIds: q.counterServiceIds(db, c.id),
      openBy: c.openStaffId === null ? null : { userId: c.openStaffId, displayName: names.get(c.openStaffId) ?? '' },
      current: current ? queue.publicTicket(current, services) : null,
    };
  };

  return {
    'queue.kioskInfo': () => {
      const waiting = new Map(q.waitingSummary(db).map((w) => [w.serviceId, w.count]));
      return {
        services: q
          .listServices(db)
          .filter((s) => s.active)
          .map((s) => ({
            id: s.id,
            name: s.name,
            prefix: s.prefix,
            waiting: waiting.get(s.id) ?? 0,
            open: queue.isOpenNow(s),
            opensAt: s.opensAt,
            closesAt: s.closesAt,
            estimatedWaitMinutes: queue.estimate(s.id, waiting.get(s.id) ?? 0),
          })),
        priorityCategories: q.listPriorityCategories(db).filter((c) => c.active).map(({ id, name }) => ({ id, name })),
        printer: queue.printerConfig().kind,
      };
    },

    // a kiosk whose agent reported a printer prints its tickets there (hub/agent/deviceJobs.ts)
    'queue.issueTicket': (input, ctx) => {
      const config = queue.printerConfig();
      return queue.issue(input, hub.agents.deviceJobs.ticketPrinterFor(ctx.lan, config.kind === 'network' ? config.paper : '80mm'));
    },
    'queue.checkInBooking': (input) => queue.checkInBooking(input),
    // asked from a kiosk or a counter whose agent reported a printer: printed there, like its new tickets and receipts
    'queue.reprint': ({ ticketId }, ctx) => {
      const config = queue.printerConfig();
      return queue.reprint(ticketId, hub.agents.deviceJobs.ticketPrinterFor(ctx.lan, config.kind === 'network' ? config.paper : '80mm', ['kiosk', 'counter']));
    },

    'queue.counters': () => {
      const services = queue.serviceMap();
      const names = q.staffNames(db);
      return { counters: q.listCounters(db).map((c) => counterState(c, services, names)) };
    },

    'queue.openCounter': ({ counterId }, ctx) => {
      queue.open(counterId, staffOf(ctx));
      return counterState(q.getCounter(db, counterId)!);
    },
    'queue.closeCounter': ({ counterId }, ctx) => {
      queue.close(counterId, staffOf(ctx));
      return { ok: true as const };
    },

    'queue.counterView': ({ counterId }, ctx) => {
      const counter = q.getCounter(db, counterId);
      if (!counter) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
      const services = queue.serviceMap();
      const served = new Set(q.counterServiceIds(db, counterId));
      const summary = new Map(q.waitingSummary(db).map((w) => [w.serviceId, w]));
      const current = q.ticketAtCounter(db, counterId);
      return {
        counter: counterState(counter, services),
        parked: q.parkedAtCounter(db, counterId).map((t) => queue.publicTicket(t, services)),
        waiting: [...served].map((id) => {
          const s = services.get(id)!;
          const w = summary.get(id);
          return { serviceId: id, serviceName: s.name, prefix: s.prefix, count: w?.count ?? 0, oldestIssuedAt: w?.oldestIssuedAt ?? null };
        }),
        line: q
          .waitingTickets(db)
          .filter((t) => served.has(t.serviceId))
          .slice(0, 200)
          .map((t) => queue.publicTicket(t, services)),
        outOfTurnReasons: [...outOfTurnReasons],
        recalls: current ? q.recallCount(db, current.id) : 0,
        noShowAfterRecalls: q.getQueueSettings(db).noShowAfterRecalls,
        myDay: myDay(hub, queue, staffOf(ctx).userId),
      };
    },

    'queue.callNext': ({ counterId }, ctx) => queue.callNext(counterId, staffOf(ctx)),
    'queue.recall': ({ counterId }, ctx) => queue.recall(counterId, staffOf(ctx)),
    'queue.startService': ({ counterId }, ctx) => queue.start(counterId, staffOf(ctx)),
    'queue.finish': ({ counterId }, ctx) => queue.finish(counterId, staffOf(ctx)),
    'queue.noShow': ({ counterId, confirmed }, ctx) => queue.noShow(counterId, staffOf(ctx), confirmed === true),
    'queue.park': ({ counterId }, ctx) => queue.park(counterId, staffOf(ctx)),
    'queue.callParked': ({ counterId, ticketId }, ctx) => queue.callParked(counterId, ticketId, staffOf(ctx)),
    'queue.transfer': ({ counterId, serviceId, position }, ctx) => queue.transfer(counterId, staffOf(ctx), serviceId, position),
    'queue.callOutOfTurn': ({ counterId, ticketId, reason, note }, ctx) => queue.callOutOfTurn(counterId, staffOf(ctx), ticketId, reason, note),

    'queue.board': () => {
      const counters = new Map(q.listCounters(db).map((c) => [c.id, c.number]));
      const waiting = new Map(q.waitingSummary(db).map((w) => [w.serviceId, w.count]));
      return {
        recentCalls: q.recentCalls(db, queue.today(), 8).map((r) => ({ display: formatTicketNumber(r.prefix, r.number), prefix: r.prefix, number: r.number, counterNumber: counters.get(r.counterId) ?? 0, recall: r.kind === 'recalled', at: r.at })),
        serving: q
          .listCounters(db)
          .map((c) => ({ c, t: q.ticketAtCounter(db, c.id) }))
          .filter((x) => x.t)
          .map(({ c, t }) => ({ counterNumber: c.number, display: formatTicketNumber(t!.prefix, t!.number), status: t!.status === 'serving' ? ('serving' as const) : ('called' as const) })),
        services: q
          .listServices(db)
          .filter((s) => s.active && queue.isOpenNow(s))
          .map((s) => ({ name: s.name, prefix: s.prefix, waiting: waiting.get(s.id) ?? 0, estimatedWaitMinutes: queue.estimate(s.id, waiting.get(s.id) ?? 0) })),
      };
    },

    'queue.live': () => {
      const services = queue.serviceMap();
      const names = q.staffNames(db);
      const summary = new Map(q.waitingSummary(db).map((w) => [w.serviceId, w]));
      const now = hub.now().getTime();
      const day = queue.today();
      return {
        services: [...services.values()]
          .filter((s) => s.active)
          .map((s) => {
            const w = summary.get(s.id);
            return {
              id: s.id,
              name: s.name,
              prefix: s.prefix,
              waiting: w?.count ?? 0,
              longestWaitMinutes: w?.oldestIssuedAt ? Math.floor((now - Date.parse(w.oldestIssuedAt)) / 60_000) : null,
              issuedToday: q.issuedCount(db, day, s.id),
            };
          }),
        counters: q.listCounters(db).map((c) => counterState(c, services, names)),
        printFailures: q.ticketsByStatus(db, day, ['print_failed']).map((t) => queue.publicTicket(t, services)),
      };
    },

    'queue.dayReport': ({ day }) => dayReport(hub, queue, day ?? queue.today()),

    'queue.config': () => {
      const s = q.getQueueSettings(db);
      return {
        settings: { normalPerPriority: s.normalPerPriority, maxWaitMinutes: s.maxWaitMinutes, serviceLevelMinutes: s.serviceLevelMinutes, defaultServiceMinutes: s.defaultServiceMinutes, noShowAfterRecalls: s.noShowAfterRecalls },
        printer: JSON.parse(s.printer) as PrinterConfig,
        services: q.listServices(db),
        counters: q.listCounters(db).map((c) => ({ id: c.id, number: c.number, active: c.active, serviceIds: q.counterServiceIds(db, c.id) })),
        priorityCategories: q.listPriorityCategories(db),
      };
    },

    'queue.updateSettings': (input) => {
      q.updateQueueSettings(db, input);
      return { ok: true as const };
    },

    'queue.saveService': (input) => {
      if (input.id !== undefined && !q.getService(db, input.id)) throw new DomainError('UNKNOWN_SERVICE', 'no such service');
      if (input.opensAt >= input.closesAt) throw new DomainError('INVALID_INPUT', 'opening must be before closing', { fields: [{ path: 'closesAt', reason: 'closes_before_opens' }] });
      try {
        const id = q.saveService(db, input);
        queue.changed();
        return q.getService(db, id)!;
      } catch (err) {
        if (uniqueViolation(err)) throw new DomainError('DUPLICATE', 'another service has this prefix', { fields: [{ path: 'prefix', reason: 'duplicate' }] });
        throw err;
      }
    },

    'queue.saveCounter': (input) => {
      if (input.id !== undefined && !q.getCounter(db, input.id)) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
      const known = new Set(q.listServices(db).map((s) => s.id));
      if (input.serviceIds.some((id) => !known.has(id))) throw new DomainError('UNKNOWN_SERVICE', 'no such service');
      try {
        const id = db.transaction(() => q.saveCounter(db, input)).immediate();
        // its number, or whether it serves at all, is on its applicant screen
        queue.changed(id);
        return { id, number: input.number, active: input.active, serviceIds: q.counterServiceIds(db, id) };
      } catch (err) {
        if (uniqueViolation(err)) throw new DomainError('DUPLICATE', 'another counter has this number', { fields: [{ path: 'number', reason: 'duplicate' }] });
        throw err;
      }
    },

    'queue.savePriorityCategory': (input) => {
      if (input.id !== undefined && !q.listPriorityCategories(db).some((c) => c.id === input.id)) throw new DomainError('INVALID_INPUT', 'no such category', { fields: [{ path: 'id', reason: 'invalid_format' }] });
      try {
        const id = q.savePriorityCategory(db, input);
        queue.changed();
        return q.listPriorityCategories(db).find((c) => c.id === id)!;
      } catch (err) {
        if (uniqueViolation(err)) throw new DomainError('DUPLICATE', 'another category has this name', { fields: [{ path: 'name', reason: 'duplicate' }] });
        throw err;
      }
    },

    'queue.setPrinter': ({ printer }) => {
      q.setPrinterConfig(db, JSON.stringify(printer));
      queue.changed();
      return { ok: true as const };
    },

    'queue.testPrinter': async () => {
      const config = queue.printerConfig();
      if (config.kind === 'none') throw new DomainError('PRINTER_NOT_CONFIGURED', 'no ticket printer configured');
      const printer = hub.ticketPrinter(config);
      try {
        await printer.testPrint(toPersianDigits(getOffice(db)?.name ?? ''));
        const { nearEnd } = await printer.status();
        return { ok: true as const, nearEnd };
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        throw new DomainError(typeof code === 'string' && code.startsWith('PRINTER_') ? (code as 'PRINTER_ERROR') : 'PRINTER_ERROR', 'test print failed');
      }
    },
  };
};

type Report = ProcedureOutput<'queue.dayReport'>;

/** A staff member's own day at the counter (whichever counter): what they finished, who did not come, their mean service time. */
function myDay(hub: HubServices, queue: QueueService, userId: number): ProcedureOutput<'queue.counterView'>['myDay'] {
  const settings = q.getQueueSettings(hub.db);
  const mine = q
    .eventsOfDay(hub.db, queue.today())
    .filter((e) => e.staffId === userId)
    .map((e) => ({ ticketId: e.ticketId, kind: e.kind, at: e.at, counterId: e.counterId, serviceId: e.serviceId, outOfTurn: e.outOfTurn === 1 }));
  const k = computeKpis(mine, settings.serviceLevelMinutes).total;
  return { served: k.served, noShows: k.noShows, averageServiceMinutes: k.averageServiceMinutes };
}

function dayReport(hub: HubServices, queue: QueueService, day: string): Report {
  const db = hub.db;
  const settings = q.getQueueSettings(db);
  const services = queue.serviceMap();
  const counters = new Map(q.listCounters(db).map((c) => [c.id, c]));
  const names = q.staffNames(db);
  const events = q.eventsOfDay(db, day);
  const kpis = computeKpis(
    events.map((e) => ({ ticketId: e.ticketId, kind: e.kind, at: e.at, counterId: e.counterId, serviceId: e.serviceId, outOfTurn: e.outOfTurn === 1 })),
    settings.serviceLevelMinutes,
  );
  const tickets = new Map(
    q.ticketNumbersOfDay(db, day).map((t) => [t.id, t]),
  );
  const display = (ticketId: string) => {
    const t = tickets.get(ticketId);
    return t ? formatTicketNumber(t.prefix, t.number) : '?';
  };

  const byService = [...kpis.byService].map(([serviceId, k]) => ({ serviceId, name: services.get(serviceId)?.name ?? '', prefix: services.get(serviceId)?.prefix ?? '', kpis: k }));
  const byCounter = [...kpis.byCounter].map(([counterId, k]) => ({ counterId, number: counters.get(counterId)?.number ?? 0, kpis: k })).sort((a, b) => a.number - b.number);
  const outOfTurn = events
    .filter((e) => e.outOfTurn === 1)
    .map((e) => ({
      at: e.at,
      ticket: display(e.ticketId),
      counterNumber: counters.get(e.counterId ?? -1)?.number ?? 0,
      staff: names.get(e.staffId ?? -1) ?? '',
      reason: e.reasonCode as (typeof outOfTurnReasons)[number],
      note: e.reasonText ?? '',
    }));

  return {
    day,
    serviceLevelMinutes: settings.serviceLevelMinutes,
    total: kpis.total,
    byService,
    byCounter,
    outOfTurn,
  };
}
