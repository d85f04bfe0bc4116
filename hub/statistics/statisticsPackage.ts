/**
 * The statistics package (core/report/statistics.ts) for a period of office days, read from db/statistics
 * and db/reports: services (the services report's cohort), the queue's waiting and service times
 * (p50/p90 from each ticket's own events: issued → first called; started → finished), calls out of
 * turn with their reasons, refusals and cancellations with theirs, ماده ۱۴ free services, deadline-bound
 * filings against their legal deadline, and the applicants' satisfaction ratings.
 */
import type { StatisticsPackage, DeadlineOutcome } from '../../core/report/statistics';
import { deadlineOutcomes, exemptionCategoryCodes } from '../../core/report/statistics';
import { outOfTurnReasons } from '../../core/api/queue';
import type { ServiceCode } from '../../core/fees/services';
import { DomainError } from '../../core/errors';
import { officeDay } from '../../core/format/jalaliDay';
import { formatTicketNumber } from '../../core/queue/ticketNumber';
import { getOffice } from '../../db/office';
import * as reports from '../../db/reports';
import * as st from '../../db/statistics';
import type { Database } from '../../db/sqlite';
import { rangePeriod } from '../report/days';

/** The p-th percentile (nearest rank) of sorted values, or null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

function stats(durationsMs: number[]): { count: number; p50: number | null; p90: number | null } {
  const s = durationsMs.filter((d) => d >= 0).map((d) => Math.round(d / 1000)).sort((a, b) => a - b);
  return { count: s.length, p50: percentile(s, 50), p90: percentile(s, 90) };
}

const ms = (a: string | null, b: string | null): number | null => (a && b ? Date.parse(b) - Date.parse(a) : null);

/**
 * The period checked: both days exist, in order (INVALID_INPUT), and none is after today
 * (STATISTICS_PERIOD_IN_FUTURE). Returns the UTC period of the days.
 */
export function checkPeriod(from: string, to: string, now: Date): { startIso: string; endIso: string } {
  const period = rangePeriod(from, to);
  const today = officeDay(now);
  if (to > today || from > today) {
    throw new DomainError('STATISTICS_PERIOD_IN_FUTURE', `the period ${from}…${to} reaches past today (${today})`, {
      fields: [{ path: to > today ? 'to' : 'from', reason: 'in_future' }],
    });
  }
  return period;
}

/** What a deadline-bound request came to: delivered by its deadline day, after it, or not yet. */
export function deadlineOutcome(row: { deadline: string; status: string; deliveredAt: string | null; queuedAt: string | null }, today: string): DeadlineOutcome {
  const deadline = row.deadline.replace(/\//g, '-');
  if (row.deliveredAt) return officeDay(row.deliveredAt) <= deadline ? 'inTime' : 'late';
  if (row.queuedAt === null && (row.status === 'cancelled' || row.status === 'refused')) return 'notFiled';
  return today <= deadline ? 'pending' : 'overdue';
}

export function buildStatistics(db: Database, from: string, to: string, now: Date): StatisticsPackage {
  const period = checkPeriod(from, to, now);
  const days = { from, to };
  const today = officeDay(now);
  const office = getOffice(db);

  // services: the services report's cohort
  const serviceRows = reports.serviceFiguresByService(db, from, to);
  const serviceTotal = reports.serviceFiguresTotal(db, from, to);
  const pickService = (r: reports.ServiceFiguresRow | Omit<reports.ServiceFiguresRow, 'service'>) => ({
    opened: r.opened,
    settled: r.settled,
    cancelled: r.cancelled,
    clerkError: r.clerkError,
    refused: r.refused,
  });

  // the queue
  const tickets = st.ticketTimes(db, days);
  const byService = new Map<string, st.TicketTimesRow[]>();
  for (const t of tickets) {
    const list = byService.get(t.serviceName) ?? [];
    list.push(t);
    byService.set(t.serviceName, list);
  }
  const queueFigures = (list: st.TicketTimesRow[]) => ({
    issued: list.length,
    served: list.filter((t) => t.finishedAt !== null).length,
    noShow: list.filter((t) => t.status === 'no_show').length,
    wait: stats(list.map((t) => ms(t.issuedAt, t.calledAt)).filter((d): d is number => d !== null)),
    service: stats(list.map((t) => ms(t.startedAt, t.finishedAt)).filter((d): d is number => d !== null)),
  });

  // out of turn
  const calls = st.outOfTurnCalls(db, period);
  const reasonOf = (code: string) => ((outOfTurnReasons as readonly string[]).includes(code) ? (code as (typeof outOfTurnReasons)[number]) : 'other');

  // refusals and cancellations
  const closed = st.closedRequests(db, days);
  const kindOf = (c: st.ClosedRequestRow) => (c.status === 'refused' ? 'refused' : c.clerkError ? 'clerkError' : 'cancelled') as 'refused' | 'cancelled' | 'clerkError';

  // ماده ۱۴
  const free = st.freeServices(db, days);

  // ماده ۳۸ الف
  const filings = st.deadlineFilings(db, days).map((f) => ({
    requestYear: f.requestYear,
    requestNumber: f.requestNumber,
    service: f.service as ServiceCode,
    deadline: f.deadline.replace(/\//g, '-'),
    deliveredAt: f.deliveredAt,
    outcome: deadlineOutcome(f, today),
  }));

  return {
    from,
    to,
    generatedAt: now.toISOString(),
    office: { name: office?.name ?? '', code: office?.code ?? '' },
    services: { rows: serviceRows.map((r) => ({ service: r.service as ServiceCode, ...pickService(r) })), total: pickService(serviceTotal) },
    queue: {
      rows: [...byService.entries()].sort(([a], [b]) => a.localeCompare(b, 'fa')).map(([serviceName, list]) => ({ serviceName, ...queueFigures(list) })),
      total: queueFigures(tickets),
    },
    outOfTurn: {
      count: calls.length,
      byReason: outOfTurnReasons.map((reason) => ({ reason, count: calls.filter((c) => reasonOf(c.reasonCode) === reason).length })).filter((r) => r.count > 0),
      rows: calls.map((c) => ({ at: c.at, ticket: formatTicketNumber(c.prefix, c.number), counterNumber: c.counterNumber, staff: c.staff, reason: reasonOf(c.reasonCode), note: c.note })),
    },
    refusals: {
      refused: closed.filter((c) => kindOf(c) === 'refused').length,
      cancelled: closed.filter((c) => kindOf(c) === 'cancelled').length,
      clerkError: closed.filter((c) => kindOf(c) === 'clerkError').length,
      rows: closed.map((c) => ({ requestYear: c.requestYear, requestNumber: c.requestNumber, service: c.service as ServiceCode, kind: kindOf(c), reason: c.reason, at: c.at })),
    },
    freeServices: {
      count: free.length,
      exemptRials: free.reduce((n, f) => n + f.exemptRials, 0),
      byCategory: exemptionCategoryCodes
        .map((category) => {
          const of = free.filter((f) => f.category === category);
          return { category, count: of.length, exemptRials: of.reduce((n, f) => n + f.exemptRials, 0) };
        })
        .filter((c) => c.count > 0),
    },
    deadlines: {
      count: filings.length,
      byOutcome: deadlineOutcomes.map((outcome) => ({ outcome, count: filings.filter((f) => f.outcome === outcome).length })).filter((o) => o.count > 0),
      rows: filings,
    },
    satisfaction: st.ratingSummary(db, days),
  };
}
