/**
 * The statistics package (ماده ۳۵ ب) and the compliance view as self-contained RTL HTML for
 * Chromium's print-to-PDF, A4 landscape: Vazirmatn embedded (the receipts' `fontFaces()`), no script,
 * no URL, every field escaped, Persian digits and Jalali days. The compliance paper carries the audit
 * chain's head, so it is anchored to the trail: a later rewrite of the log cannot reproduce the hash.
 */
import type { ComplianceView } from '../../core/api/compliance';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import type { StatisticsPackage } from '../../core/report/statistics';
import { complianceFa, statisticsFa } from '../../core/report/statistics.fa';
import { statisticsTables, type Cell } from '../../core/report/statisticsTables';
import { toPersianDigits } from '../../core/text/digits';
import { escapeHtml, fontFaces } from '../receipt/template';

const e = escapeHtml;
const fa = (s: string | number) => e(toPersianDigits(String(s)));
const day = (d: string) => fa(d.replace(/-/g, '/'));
const cell = (c: Cell) => (c === null ? '' : typeof c === 'number' ? fa(c.toLocaleString('en-US').replace(/,/g, '٬')) : fa(c));

const style = `
${fontFaces()}
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: 'Vazirmatn', sans-serif; font-size: 9pt; line-height: 1.5; color: #000; }
header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 1.2pt solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
header .office { font-weight: 700; font-size: 12pt; }
header h1 { font-weight: 900; font-size: 14pt; margin: 1mm 0 0; }
header .period { font-weight: 700; font-size: 10.5pt; }
header .meta { text-align: right; font-size: 8.5pt; }
h2 { font-size: 10.5pt; font-weight: 700; margin: 4mm 0 1.5mm; }
p { margin: 2mm 0; }
table.grid { border-collapse: collapse; width: 100%; }
.grid tr { page-break-inside: avoid; }
.grid th { background: #e8e8e8; border: 0.6pt solid #000; font-weight: 700; padding: 0.8mm 1.2mm; text-align: right; }
.grid td { border: 0.6pt solid #000; padding: 0.8mm 1.2mm; vertical-align: top; }
.grid tfoot td { font-weight: 700; border-top: 1.4pt solid #000; background: #f4f4f4; }
.grid tfoot { display: table-row-group; }
.nw { white-space: nowrap; }
.status-ok { font-weight: 700; }
.status-exceptions { font-weight: 900; background: #ddd; }
.status-notObservable { color: #444; }
.anchor { margin-top: 4mm; border: 1.2pt solid #000; padding: 2mm 3mm; page-break-inside: avoid; }
.anchor bdi { font-family: monospace; font-size: 8pt; word-break: break-all; }
ul { margin: 0; padding-inline-start: 4mm; }
`;

function page(title: string, officeName: string, officeCode: string, from: string, to: string, generatedAt: string, body: string): string {
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head><meta charset="utf-8"><title>${e(title)}</title><style>${style}</style></head>
<body>
<header>
  <div>
    <div class="office">${fa(officeName)}</div>
    <h1>${e(title)}</h1>
    <div class="period">${e(statisticsFa.period)}: ${e(statisticsFa.from)} ${day(from)} ${e(statisticsFa.to)} ${day(to)}</div>
  </div>
  <div class="meta">
    <div>${e(statisticsFa.office)}: ${fa(officeCode)}</div>
    <div>${e(statisticsFa.generatedAt)}: ${e(formatJalaliDateShort(generatedAt))} ${fa(formatTime(generatedAt, false))}</div>
  </div>
</header>
${body}
</body>
</html>
`;
}

export function buildStatisticsHtml(p: StatisticsPackage): string {
  const body = statisticsTables(p)
    .map((t) => {
      if (t.rows.length === 0 && (t.columns.length === 0 || t.empty)) {
        return `<section><h2>${e(t.title)}</h2><p>${e(t.empty ?? statisticsFa.none)}</p></section>`;
      }
      const head = t.columns.map((c) => `<th>${e(c)}</th>`).join('');
      const rows = t.rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('');
      const foot = t.total ? `<tfoot><tr>${t.total.map((c) => `<td>${cell(c)}</td>`).join('')}</tr></tfoot>` : '';
      return `<section><h2>${e(t.title)}</h2><table class="grid"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody>${foot}</table></section>`;
    })
    .join('\n');
  return page(`${statisticsFa.title} — ${statisticsFa.article}`, p.office.name, p.office.code, p.from, p.to, p.generatedAt, body);
}

export function buildComplianceHtml(v: ComplianceView, office: { name: string; code: string }): string {
  const t = complianceFa;
  const rows = v.rows
    .map((r) => {
      const figures = r.figures.map((f) => `${e(f.label)}: ${fa(f.value)}`).join('<br>');
      const exceptions = r.exceptions.length
        ? `<ul>${r.exceptions.map((x) => `<li>${fa(x.text)}</li>`).join('')}${r.more ? `<li>${e(t.more(toPersianDigits(String(r.more))))}</li>` : ''}</ul>`
        : '';
      return `<tr><td class="nw">${fa(r.article)}</td><td>${e(r.text)}<br><small>${fa(r.note)}</small></td><td class="status-${r.status}">${e(t.statuses[r.status])}</td><td>${figures}</td><td>${exceptions}</td></tr>`;
    })
    .join('');
  const anchor = v.auditHead
    ? `<div class="anchor">${e(t.auditHead)}: ${fa(v.auditHead.seq)} — <bdi dir="ltr">${e(v.auditHead.hash)}</bdi></div>`
    : `<div class="anchor">${e(t.auditHeadNone)}</div>`;
  const cols = '<colgroup><col style="width:6%"><col style="width:33%"><col style="width:9%"><col style="width:24%"><col style="width:28%"></colgroup>';
  const body = `<table class="grid">${cols}<thead><tr><th>${e(t.article)}</th><th>${e(t.rule)}</th><th>${e(t.status)}</th><th>${e(t.figures)}</th><th>${e(t.exceptions)}</th></tr></thead><tbody>${rows}</tbody></table>${anchor}`;
  return page(t.title, office.name, office.code, v.from, v.to, v.generatedAt, body);
}
