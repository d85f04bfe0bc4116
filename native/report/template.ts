import type { CashReport, DiscountsReport, ExemptionsReport, ServicesReport } from '../../core/api/report';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { rialsInWords } from '../../core/text/amountWords';
import { toPersianDigits } from '../../core/text/digits';
import { paymentMethodFa, paymentPartFa, serviceFa } from '../../core/fees/labels.fa';
import { formatRialsDigits } from '../receipt/model';
import { escapeHtml, fontFaces } from '../receipt/template';
import { reportFa } from '../../core/report/labels.fa';
import { receiptGapsText, receiptNumberText } from '../../core/report/receiptGaps';

/**
 * The manager's reports as one self-contained RTL HTML document for Chromium's print-to-PDF, A4:
 * Vazirmatn embedded, no script, no URL, every field escaped. Amounts, dates and numbers are printed
 * with Persian digits (amounts with «٬» every three digits); bank references (RRN) stay in Latin
 * digits, isolated left-to-right, as the bank prints them. The exemption claim, eleven columns wide, is
 * printed landscape. Tables repeat their header on every page
 * and end in a totals row; the grand total is also written in words.
 */

export type ReportDocument =
  | { kind: 'cash'; data: CashReport }
  | { kind: 'services'; data: ServicesReport }
  | { kind: 'exemptions'; data: ExemptionsReport }
  | { kind: 'discounts'; data: DiscountsReport };

export interface ReportPage {
  officeName: string;
  officeCode: string;
  /** UTC ISO instant the report was made */
  generatedAt: string;
  report: ReportDocument;
}

type Align = 'text' | 'num' | 'ltr' | 'nw';
interface Column {
  label: string;
  align?: Align;
}

const e = escapeHtml;
const fa = (s: string | number) => e(toPersianDigits(s));
const money = (n: number) => e(formatRialsDigits(n));
/** `1405-09-07` → «۱۴۰۵/۰۹/۰۷» */
const day = (d: string) => fa(d.replace(/-/g, '/'));
const requestNo = (year: number, number: number) => fa(`${year}/${number}`);
const receiptNo = (year: number, number: number) => fa(receiptNumberText(year, number));

/** One table; cells are HTML already escaped. `foot` is the totals row. */
function table(columns: Column[], rows: string[][], foot?: string[]): string {
  const cls = (c: Column | undefined) => (c?.align && c.align !== 'text' ? ` class="${c.align}"` : '');
  const head = columns.map((c) => `<th${cls(c)}>${e(c.label)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((cell, i) => `<td${cls(columns[i])}>${cell}</td>`).join('')}</tr>`).join('');
  const tfoot = foot ? `<tfoot><tr>${foot.map((cell, i) => `<td${cls(columns[i])}>${cell}</td>`).join('')}</tr></tfoot>` : '';
  return `<table class="grid"><thead><tr>${head}</tr></thead><tbody>${body}</tbody>${tfoot}</table>`;
}

function section(title: string, content: string): string {
  return `<section><h2>${e(title)}</h2>${content}</section>`;
}

function grandTotal(label: string, rials: number, extra = ''): string {
  return `<div class="total"><div class="fig"><span>${e(label)}${extra}</span><span>${money(rials)} ${e(reportFa.rial)}</span></div><div class="words">${e(reportFa.inWords)}: ${e(rialsInWords(rials))} ${e(reportFa.rial)}</div></div>`;
}

function cashBody(r: CashReport): { period: string; body: string } {
  const t = reportFa.cash;
  const amountCols = (name: string): Column[] => [{ label: name }, { label: t.count, align: 'num' }, { label: t.amount, align: 'num' }];
  const sums = (rows: Array<{ name: string; count: number; amountRials: number }>) =>
    table(
      amountCols(''),
      rows.map((x) => [e(x.name), fa(x.count), money(x.amountRials)]),
      [e(reportFa.total), fa(r.count), money(r.totalRials)],
    );
  const rc = r.receipts;
  const receipts =
    rc.first === null || rc.last === null
      ? `<p>${e(t.noReceipts)}</p>`
      : `<p>${e(t.receipts)}: ${e(t.firstLast(receiptNo(rc.year, rc.first), receiptNo(rc.year, rc.last)))} — ${
          rc.contiguous
            ? e(t.contiguous)
            : `<strong class="warn">${e(t.gapWarning)} ${e(t.gap)}: ${fa(receiptGapsText(rc))}</strong>`
        }</p>`;
  const c = t.columns;
  const list = table(
    [{ label: c.receipt, align: 'num' }, { label: c.time, align: 'num' }, { label: c.request, align: 'num' }, { label: c.service, align: 'nw' }, { label: c.part, align: 'nw' }, { label: c.method, align: 'nw' }, { label: c.rrn, align: 'ltr' }, { label: c.clerk }, { label: c.amount, align: 'num' }],
    r.payments.map((p) => [
      receiptNo(p.receiptYear, p.receiptNumber),
      fa(formatTime(p.at, false)),
      requestNo(p.requestYear, p.requestNumber),
      e(serviceFa[p.service]),
      e(reportFa.partsShort[p.part]),
      e(reportFa.methodsShort[p.method]),
      `<bdi dir="ltr">${e(p.rrn)}</bdi>`,
      e(p.clerk),
      money(p.amountRials),
    ]),
    [e(reportFa.total), '', '', '', '', '', '', '', money(r.totalRials)],
  );
  const withHead = (html: string, name: string) => html.replace('<th></th>', `<th>${e(name)}</th>`);
  return {
    period: `${e(reportFa.period.day)}: ${day(r.day)}`,
    body: [
      grandTotal(t.grandTotal, r.totalRials, ` <span class="sub">(${e(t.count)}: ${fa(r.count)})</span>`),
      receipts,
      `<div class="cols">`,
      section(t.byMethod, withHead(sums(r.byMethod.map((m) => ({ name: paymentMethodFa[m.method], ...m }))), t.method)),
      section(t.byPart, withHead(sums(r.byPart.map((p) => ({ name: paymentPartFa[p.part], ...p }))), t.part)),
      `</div>`,
      section(t.byClerk, withHead(sums(r.byClerk), t.clerk)),
      section(t.payments, r.payments.length === 0 ? `<p>${e(t.noReceipts)}</p>` : list),
      r.auditHead ? `<p class="sub">${e(t.auditHead)}: ${fa(r.auditHead.seq)} — <bdi dir="ltr">${e(r.auditHead.hash)}</bdi></p>` : '',
    ].join('\n'),
  };
}

function servicesBody(r: ServicesReport): { period: string; body: string } {
  const t = reportFa.services;
  const c = t.columns;
  const figures = (x: ServicesReport['total']) => [fa(x.opened), fa(x.settled), fa(x.cancelled), fa(x.clerkError), fa(x.refused), money(x.officeTariffRials), money(x.judicialCostRials), money(x.amountRials)];
  const grid = table(
    [{ label: c.service }, ...[c.opened, c.settled, c.cancelled, c.clerkError, c.refused, c.officeTariff, c.judicialCost, c.amount].map((label) => ({ label, align: 'num' as const }))],
    r.rows.map((x) => [e(serviceFa[x.service]), ...figures(x)]),
    [e(reportFa.total), ...figures(r.total)],
  );
  return {
    period: `${e(reportFa.period.from)} ${day(r.from)} ${e(reportFa.period.to)} ${day(r.to)}`,
    body: [`<p class="note">${e(t.note)}</p>`, r.rows.length === 0 ? `<p>${e(t.empty)}</p>` : grid, grandTotal(t.grandTotal, r.total.amountRials)].join('\n'),
  };
}

function exemptionsBody(r: ExemptionsReport): { period: string; body: string } {
  const t = reportFa.exemptions;
  const c = t.columns;
  const grid = table(
    [
      { label: reportFa.row, align: 'num' },
      { label: c.day, align: 'num' },
      { label: c.request, align: 'num' },
      { label: c.service },
      { label: c.applicant },
      { label: c.applicantId, align: 'ltr' },
      { label: c.category },
      { label: c.card, align: 'ltr' },
      { label: c.ref, align: 'ltr' },
      { label: c.exempt, align: 'num' },
      { label: c.judicialExempt, align: 'num' },
    ],
    r.rows.map((x, i) => [
      fa(i + 1),
      day(x.day),
      requestNo(x.requestYear, x.requestNumber),
      e(serviceFa[x.service]),
      e(x.applicantName),
      `<bdi dir="ltr">${e(x.applicantId)}</bdi>`,
      e(reportFa.categories[x.category]),
      x.cardNumber === null ? e(reportFa.nothing) : `<bdi dir="ltr">${e(x.cardNumber)}</bdi>`,
      `<bdi dir="ltr">${e(x.confirmationRef)}</bdi>`,
      money(x.exemptRials),
      money(x.judicialExemptRials),
    ]),
    [e(reportFa.total), '', '', '', '', '', '', '', '', money(r.total.exemptRials), money(r.total.judicialExemptRials)],
  );
  const byCategory = table(
    [{ label: c.category }, { label: c.count, align: 'num' }, { label: c.exempt, align: 'num' }],
    r.byCategory.map((x) => [e(reportFa.categories[x.category]), fa(x.count), money(x.exemptRials)]),
    [e(reportFa.total), fa(r.total.count), money(r.total.exemptRials)],
  );
  return {
    period: `${e(reportFa.period.month)}: ${fa(r.month.replace('-', '/'))} (${day(r.from)} ${e(reportFa.period.to)} ${day(r.to)})`,
    body: [
      `<p class="note">${e(t.note)}</p>`,
      r.rows.length === 0 ? `<p>${e(t.empty)}</p>` : grid,
      r.rows.length === 0 ? '' : section(t.byCategory, byCategory),
      grandTotal(t.grandTotal, r.total.exemptRials),
      `<div class="sign">${e(t.signature)}</div>`,
    ].join('\n'),
  };
}

function discountsBody(r: DiscountsReport): { period: string; body: string } {
  const t = reportFa.discounts;
  const c = t.columns;
  const grid = table(
    [
      { label: reportFa.row, align: 'num' },
      { label: c.day, align: 'num' },
      { label: c.request, align: 'num' },
      { label: c.receipt, align: 'num' },
      { label: c.service },
      { label: c.tariff, align: 'num' },
      { label: c.discount, align: 'num' },
      { label: c.reason },
      { label: c.clerk },
    ],
    r.rows.map((x, i) => [
      fa(i + 1),
      day(x.day),
      requestNo(x.requestYear, x.requestNumber),
      receiptNo(x.receiptYear, x.receiptNumber),
      e(serviceFa[x.service]),
      money(x.officeTariffRials),
      money(x.discountRials),
      e(x.reason),
      e(x.clerk),
    ]),
    [e(reportFa.total), '', '', '', '', money(r.total.officeTariffRials), money(r.total.discountRials), '', ''],
  );
  return {
    period: `${e(reportFa.period.from)} ${day(r.from)} ${e(reportFa.period.to)} ${day(r.to)}`,
    body: [r.rows.length === 0 ? `<p>${e(t.empty)}</p>` : grid, grandTotal(t.grandTotal, r.total.discountRials)].join('\n'),
  };
}

/** The document title, which Chromium writes as the PDF's Title. */
export function reportTitle(report: ReportDocument): string {
  return reportFa.titles[report.kind];
}

export function buildReportHtml(page: ReportPage): string {
  const r = page.report;
  const { period, body } =
    r.kind === 'cash' ? cashBody(r.data) : r.kind === 'services' ? servicesBody(r.data) : r.kind === 'exemptions' ? exemptionsBody(r.data) : discountsBody(r.data);
  const title = reportTitle(r);
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<title>${e(title)}</title>
<style>
${fontFaces()}
@page { size: A4${r.kind === 'exemptions' ? ' landscape' : ''}; margin: 12mm 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: 'Vazirmatn', sans-serif; font-size: 9pt; line-height: 1.5; color: #000; }
header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 1.2pt solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
header .office { font-weight: 700; font-size: 12pt; }
header h1 { font-weight: 900; font-size: 14pt; margin: 1mm 0 0; }
header .period { font-weight: 700; font-size: 10.5pt; }
header .meta { text-align: right; white-space: nowrap; font-size: 8.5pt; }
h2 { font-size: 10.5pt; font-weight: 700; margin: 4mm 0 1.5mm; }
p { margin: 2mm 0; }
.note { color: #333; font-size: 8.5pt; }
.warn { color: #000; background: #ddd; padding: 0 1mm; }
table.grid { border-collapse: collapse; width: 100%; page-break-inside: auto; }
.grid tr { page-break-inside: avoid; }
.grid th { background: #e8e8e8; border: 0.6pt solid #000; font-weight: 700; padding: 0.8mm 1.2mm; text-align: right; vertical-align: bottom; }
.grid td { border: 0.6pt solid #000; padding: 0.8mm 1.2mm; vertical-align: top; }
.grid tfoot td { font-weight: 700; border-top: 1.4pt solid #000; background: #f4f4f4; }
.grid .num { text-align: left; white-space: nowrap; font-variant-numeric: tabular-nums; }
.grid .ltr { text-align: left; white-space: nowrap; }
.grid .nw { white-space: nowrap; }
/* the totals row once, at the end of the table, not at the foot of every page */
.grid tfoot { display: table-row-group; }
bdi[dir=ltr] { font-variant-numeric: tabular-nums; }
.cols { display: flex; gap: 6mm; }
.cols section { flex: 1; }
.total { margin: 3mm 0; border: 1.2pt solid #000; padding: 2mm 3mm; page-break-inside: avoid; }
.total .fig { display: flex; justify-content: space-between; font-weight: 900; font-size: 12pt; }
.total .sub { font-weight: 500; font-size: 9pt; }
.total .words { margin-top: 0.5mm; font-weight: 500; }
.sign { margin-top: 12mm; text-align: left; padding-left: 10mm; }
</style>
</head>
<body>
<header>
  <div>
    <div class="office">${fa(page.officeName)}</div>
    <h1>${e(title)}</h1>
    <div class="period">${period}</div>
  </div>
  <div class="meta">
    <div>${e(reportFa.officeCode)}: ${fa(page.officeCode)}</div>
    <div>${e(reportFa.generatedAt)}: ${e(formatJalaliDateShort(page.generatedAt))} ${e(reportFa.at)} ${fa(formatTime(page.generatedAt, false))}</div>
  </div>
</header>
${body}
</body>
</html>
`;
}
