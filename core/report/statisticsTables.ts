/**
 * The statistics package as titled tables: one model for the three files (CSV, XLSX, PDF), so each
 * shows the same sections, columns and rows. Counts stay numbers (a spreadsheet can sum them);
 * durations are whole minutes with one decimal; instants are Jalali date and time (the edge).
 */
import { serviceFa } from '../fees/labels.fa';
import { formatJalaliDateTime } from '../format/jalali';
import type { StatisticsPackage } from './statistics';
import { statisticsFa as t } from './statistics.fa';

export type Cell = string | number | null;
export interface StatTable {
  title: string;
  columns: string[];
  rows: Cell[][];
  /** a totals row, when the table has one */
  total?: Cell[];
  /** said instead of an empty table */
  empty?: string;
}

/** Seconds as minutes with one decimal (null stays empty). */
export const minutes = (s: number | null): number | null => (s === null ? null : Math.round(s / 6) / 10);
const when = (iso: string | null): string => (iso ? formatJalaliDateTime(iso) : '');
const dayOf = (d: string): string => d.replace(/-/g, '/');

export function statisticsTables(p: StatisticsPackage): StatTable[] {
  const c = t.columns;
  const tables: StatTable[] = [];
  tables.push({
    title: t.sections.services,
    columns: [c.service, c.opened, c.settled, c.cancelled, c.clerkError, c.refused],
    rows: p.services.rows.map((r) => [serviceFa[r.service], r.opened, r.settled, r.cancelled, r.clerkError, r.refused]),
    total: [t.total, p.services.total.opened, p.services.total.settled, p.services.total.cancelled, p.services.total.clerkError, p.services.total.refused],
    empty: t.none,
  });
  const q = (x: StatisticsPackage['queue']['total']) => [x.issued, x.served, x.noShow, minutes(x.wait.p50), minutes(x.wait.p90), minutes(x.service.p50), minutes(x.service.p90)];
  tables.push({
    title: `${t.sections.queue} (${t.minutes})`,
    columns: [c.service, c.issued, c.served, c.noShow, c.waitP50, c.waitP90, c.serviceP50, c.serviceP90],
    rows: p.queue.rows.map((r) => [r.serviceName, ...q(r)]),
    total: [t.total, ...q(p.queue.total)],
    empty: t.none,
  });
  tables.push({
    title: t.sections.outOfTurn,
    columns: [c.at, c.ticket, c.counter, c.staff, c.reason, c.note],
    rows: p.outOfTurn.rows.map((r) => [when(r.at), r.ticket, r.counterNumber, r.staff, t.outOfTurnReasons[r.reason], r.note]),
    total: [t.total, p.outOfTurn.count, null, null, p.outOfTurn.byReason.map((b) => `${t.outOfTurnReasons[b.reason]}: ${b.count}`).join('، '), null],
    empty: t.none,
  });
  tables.push({
    title: t.sections.refusals,
    columns: [c.request, c.service, c.kind, c.reason, c.at],
    rows: p.refusals.rows.map((r) => [`${r.requestYear}/${r.requestNumber}`, serviceFa[r.service], t.kinds[r.kind], r.reason, when(r.at)]),
    total: [t.total, null, `${t.kinds.refused}: ${p.refusals.refused}، ${t.kinds.cancelled}: ${p.refusals.cancelled}، ${t.kinds.clerkError}: ${p.refusals.clerkError}`, null, null],
    empty: t.none,
  });
  tables.push({
    title: t.sections.freeServices,
    columns: [c.category, c.count, c.exemptRials],
    rows: p.freeServices.byCategory.map((r) => [t.categories[r.category], r.count, r.exemptRials]),
    total: [t.total, p.freeServices.count, p.freeServices.exemptRials],
    empty: t.none,
  });
  tables.push({
    title: t.sections.deadlines,
    columns: [c.request, c.service, c.deadline, c.deliveredAt, c.outcome],
    rows: p.deadlines.rows.map((r) => [`${r.requestYear}/${r.requestNumber}`, serviceFa[r.service], dayOf(r.deadline), when(r.deliveredAt), t.outcomes[r.outcome]]),
    total: [t.total, p.deadlines.count, null, null, p.deadlines.byOutcome.map((o) => `${t.outcomes[o.outcome]}: ${o.count}`).join('، ')],
    empty: t.none,
  });
  const s = p.satisfaction;
  tables.push({
    title: t.sections.satisfaction,
    columns: [c.score, c.count],
    rows: s.byScore.map((n, i) => [i + 1, n]),
    total: [`${c.average}: ${s.averageX100 === null ? '—' : (s.averageX100 / 100).toFixed(2)}`, s.count],
  });
  return tables;
}
