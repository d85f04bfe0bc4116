import type { ProcedureOutput } from '../../core/api/contract';
import type { Kpis } from '../../core/queue/kpis';
import { formatJalaliDateTime } from '../../core/format/jalali';
import { fa } from '../i18n/fa';

type Report = ProcedureOutput<'queue.dayReport'>;

const columns: Array<keyof Kpis> = ['tickets', 'served', 'noShows', 'noShowPercent', 'averageWaitMinutes', 'maxWaitMinutes', 'averageServiceMinutes', 'withinTargetPercent', 'transfers', 'recalls', 'outOfTurn'];

/** One CSV cell: quoted, and never something a spreadsheet would run as a formula. */
export function cell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The day report as CSV for Excel: UTF-8 with a BOM (so Persian opens right), CRLF lines, Persian
 * headings and reasons, times in the office's zone. Figures stay in Latin digits for the spreadsheet.
 */
export function reportCsv(report: Report): string {
  const t = fa.managerQueue.report;
  const rows: unknown[][] = [[t.csv.day, t.csv.scope, t.csv.name, ...columns.map((k) => t.kpis[k])]];
  rows.push([report.day, t.csv.total, '', ...columns.map((k) => report.total[k])]);
  for (const s of report.byService) rows.push([report.day, t.serviceColumn, `${s.prefix} — ${s.name}`, ...columns.map((k) => s.kpis[k])]);
  for (const c of report.byCounter) rows.push([report.day, t.counterColumn, c.number, ...columns.map((k) => c.kpis[k])]);
  rows.push([]);
  const o = t.outOfTurnColumns;
  rows.push([t.outOfTurnTitle, o.at, o.ticket, o.counter, o.staff, o.reason, o.note]);
  for (const x of report.outOfTurn) {
    rows.push(['', formatJalaliDateTime(x.at, true), x.ticket, x.counterNumber, x.staff, fa.managerQueue.outOfTurnReasons[x.reason], x.note]);
  }
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
