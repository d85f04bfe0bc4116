import type { CashReport, DiscountsReport, ExemptionsReport, ServicesReport } from '../../core/api/report';
import { formatTime } from '../../core/format/jalali';
import { toLatinDigits } from '../../core/text/digits';
import { fa } from '../i18n/fa';
import { cell } from './reportCsv';
import { receiptGapsText, receiptNumberText } from '../../core/report/receiptGaps';

/** A money report as the screen holds it, tagged by kind. */
export type MoneyReport =
  | { kind: 'cash'; data: CashReport }
  | { kind: 'services'; data: ServicesReport }
  | { kind: 'exemptions'; data: ExemptionsReport }
  | { kind: 'discounts'; data: DiscountsReport };

const t = fa.moneyReports;
/** `1405-09-07` → `1405/09/07` (Latin digits: a spreadsheet reads it as text, not a sum) */
const day = (d: string) => d.replaceAll('-', '/');

function cashRows(r: CashReport): unknown[][] {
  const c = t.cash.columns;
  const rows: unknown[][] = [[t.cash.grandTotal, day(r.day), t.cash.count, r.count, t.cash.amount, r.totalRials]];
  rows.push([t.cash.receipts(r.receipts.first === null ? '' : receiptNumberText(r.receipts.year, r.receipts.first), r.receipts.last === null ? '' : receiptNumberText(r.receipts.year, r.receipts.last))]);
  if (!r.receipts.contiguous) rows.push([t.cash.gaps(toLatinDigits(receiptGapsText(r.receipts)))]);
  rows.push([]);
  rows.push([t.cash.method, t.cash.count, t.cash.amount]);
  for (const m of r.byMethod) rows.push([t.methods[m.method], m.count, m.amountRials]);
  rows.push([]);
  rows.push([t.cash.part, t.cash.count, t.cash.amount]);
  for (const p of r.byPart) rows.push([t.parts[p.part], p.count, p.amountRials]);
  rows.push([]);
  rows.push([t.cash.clerk, t.cash.count, t.cash.amount]);
  for (const k of r.byClerk) rows.push([k.name, k.count, k.amountRials]);
  rows.push([]);
  rows.push([c.receipt, c.time, c.request, c.service, c.part, c.method, c.rrn, c.clerk, c.amount]);
  for (const p of r.payments) {
    rows.push([receiptNumberText(p.receiptYear, p.receiptNumber), toLatinDigits(formatTime(p.at)), `${p.requestYear}/${p.requestNumber}`, t.serviceNames[p.service], t.parts[p.part], t.methods[p.method], p.rrn, p.clerk, p.amountRials]);
  }
  rows.push([t.total, '', '', '', '', '', '', '', r.totalRials]);
  return rows;
}

function servicesRows(r: ServicesReport): unknown[][] {
  const c = t.services.columns;
  const figures = (x: ServicesReport['total']) => [x.opened, x.settled, x.cancelled, x.clerkError, x.refused, x.officeTariffRials, x.judicialCostRials, x.amountRials];
  return [
    [t.from, day(r.from), t.to, day(r.to)],
    [c.service, c.opened, c.settled, c.cancelled, c.clerkError, c.refused, c.officeTariff, c.judicialCost, c.amount],
    ...r.rows.map((x) => [t.serviceNames[x.service], ...figures(x)]),
    [t.total, ...figures(r.total)],
  ];
}

function exemptionRows(r: ExemptionsReport): unknown[][] {
  const c = t.exemptions.columns;
  return [
    [t.month, r.month.replace('-', '/'), t.from, day(r.from), t.to, day(r.to)],
    [c.day, c.request, c.service, c.applicant, c.applicantId, c.category, c.card, c.ref, c.exempt, c.judicialExempt],
    ...r.rows.map((x) => [day(x.day), `${x.requestYear}/${x.requestNumber}`, t.serviceNames[x.service], x.applicantName, x.applicantId, t.categories[x.category], x.cardNumber ?? '', x.confirmationRef, x.exemptRials, x.judicialExemptRials]),
    [t.total, '', '', '', '', '', '', '', r.total.exemptRials, r.total.judicialExemptRials],
    [],
    [c.category, c.count, c.exempt],
    ...r.byCategory.map((x) => [t.categories[x.category], x.count, x.exemptRials]),
    [t.exemptions.claim, r.total.count, r.total.exemptRials],
  ];
}

function discountRows(r: DiscountsReport): unknown[][] {
  const c = t.discounts.columns;
  return [
    [t.from, day(r.from), t.to, day(r.to)],
    [c.day, c.request, c.receipt, c.service, c.tariff, c.discount, c.reason, c.clerk],
    ...r.rows.map((x) => [day(x.day), `${x.requestYear}/${x.requestNumber}`, receiptNumberText(x.receiptYear, x.receiptNumber), t.serviceNames[x.service], x.officeTariffRials, x.discountRials, x.reason, x.clerk]),
    [t.total, '', '', '', r.total.officeTariffRials, r.total.discountRials, '', ''],
  ];
}

/**
 * A money report as CSV for Excel, as reportCsv.ts does the queue's: UTF-8 with a BOM, CRLF lines,
 * Persian headings; amounts are plain integers of rials in Latin digits, so a spreadsheet sums them.
 */
export function moneyReportCsv(report: MoneyReport): string {
  const rows =
    report.kind === 'cash' ? cashRows(report.data) : report.kind === 'services' ? servicesRows(report.data) : report.kind === 'exemptions' ? exemptionRows(report.data) : discountRows(report.data);
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The file name a report is saved under: `daftaryar-cash-1405-09-07.csv`. */
export function moneyReportFileName(report: MoneyReport, ext: 'csv' | 'pdf'): string {
  const d = report.data;
  const period = report.kind === 'cash' ? report.data.day : report.kind === 'exemptions' ? report.data.month : `${(d as ServicesReport).from}_${(d as ServicesReport).to}`;
  return `daftaryar-${report.kind}-${period}.${ext}`;
}
