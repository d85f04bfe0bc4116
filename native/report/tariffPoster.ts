/**
 * The tariff in force as an A3 poster for the waiting room (ماده ۳۴ ت): one self-contained RTL HTML
 * document for the receipts' Chromium printer — Vazirmatn embedded, no script, no URL, every field
 * escaped. Two tables (the office tariff, the judicial costs), each with the day it is in force from and
 * its approval reference; figures and days in Persian digits, days in words.
 */
import type { TariffBoard } from '../../core/fees/board';
import { judicialCostRows, officeTariffRows, tariffBoardFa, jalaliDayInWords, type TariffRow } from '../../core/fees/boardLabels.fa';
import { formatJalaliDateShort } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import type { PdfPrinter } from '../receipt/pdf';
import { escapeHtml, fontFaces } from '../receipt/template';

export interface TariffPosterPage {
  officeName: string;
  officeCode: string;
  /** UTC ISO instant the poster was made */
  generatedAt: string;
  board: TariffBoard;
}

const e = escapeHtml;

function rowsTable(rows: TariffRow[]): string {
  const t = tariffBoardFa;
  const body = rows.map((r) => `<tr><td>${e(r.label)}</td><td class="num">${e(r.figure)}</td></tr>`).join('');
  return `<table><thead><tr><th>${e(t.item)}</th><th class="num">${e(t.amount)}</th></tr></thead><tbody>${body}</tbody></table>`;
}

function source(title: string, effectiveFrom: string, ref: string): string {
  const t = tariffBoardFa;
  return `<p class="src"><strong>${e(toPersianDigits(title))}</strong> — ${e(t.inForceFrom(effectiveFrom))}<br>${e(t.approval)}: ${e(toPersianDigits(ref))}</p>`;
}

export function buildTariffPosterHtml(page: TariffPosterPage): string {
  const t = tariffBoardFa;
  const { board } = page;
  const office = board.office
    ? `<section><h2>${e(t.officeTariff)}</h2>${source(board.office.title, board.office.effectiveFrom, board.office.source)}${rowsTable(officeTariffRows(board))}</section>`
    : `<section><h2>${e(t.officeTariff)}</h2><p>${e(t.none)}</p></section>`;
  const judicial = board.judicial
    ? `<section><h2>${e(t.judicialCosts)}</h2>${source(board.judicial.title, board.judicial.effectiveFrom, board.judicial.source)}${rowsTable(judicialCostRows(board))}</section>`
    : '';
  return `<!doctype html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>${e(t.title)}</title>
<style>
${fontFaces()}
@page { size: A3 portrait; margin: 12mm 14mm; }
html, body { margin: 0; padding: 0; }
body { font-family: 'Vazirmatn', sans-serif; font-size: 14.5pt; line-height: 1.3; color: #000; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2pt solid #000; padding-bottom: 3mm; margin-bottom: 3mm; }
h1 { font-size: 28pt; font-weight: 900; margin: 0; }
.office { font-size: 15pt; font-weight: 700; }
h2 { font-size: 19pt; font-weight: 800; margin: 3mm 0 0; }
.src { font-size: 11pt; margin: 0 0 2mm; color: #222; }
table { width: 100%; border-collapse: collapse; page-break-inside: avoid; }
th, td { border: 0.8pt solid #000; padding: 1mm 3mm; text-align: start; vertical-align: middle; }
th { background: #e8e8e8; font-weight: 700; font-size: 13pt; }
td.num, th.num { text-align: end; white-space: nowrap; font-weight: 700; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) td { background: #f5f5f5; }
footer { margin-top: 4mm; border-top: 1pt solid #000; padding-top: 3mm; font-size: 12pt; display: flex; justify-content: space-between; }
.warn { font-weight: 800; }
</style></head>
<body>
<header><h1>${e(t.title)}</h1><div class="office">${e(page.officeName)}${page.officeCode ? ` — ${e(toPersianDigits(page.officeCode))}` : ''}</div></header>
${office}
${judicial}
<footer><span class="warn">${e(t.footer)}</span><span>${e(`تاریخ چاپ: ${formatJalaliDateShort(page.generatedAt)} — برای ${jalaliDayInWords(board.day)}`)}</span></footer>
</body></html>`;
}

/** Builds the poster's HTML and prints it to an A3 PDF. */
export function tariffPosterPdf(printer: PdfPrinter, page: TariffPosterPage): Promise<Buffer> {
  return printer.pdf(buildTariffPosterHtml(page));
}
