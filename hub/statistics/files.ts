/**
 * The statistics package as CSV and XLSX, from the same tables as the PDF (core/report/statisticsTables).
 *
 * - CSV: UTF-8 with a byte-order mark, so Excel opens Persian text as such; CRLF line ends; every
 *   section under its title, a blank line between; a field with a comma, quote or line break quoted
 *   (RFC 4180). Numbers are written as numbers (Latin digits) so a spreadsheet can sum them.
 * - XLSX: one workbook made with exceljs, a right-to-left sheet per section, bold header and totals.
 */
import ExcelJS from 'exceljs';
import type { StatisticsPackage } from '../../core/report/statistics';
import { statisticsFa } from '../../core/report/statistics.fa';
import { statisticsTables, type Cell } from '../../core/report/statisticsTables';

const BOM = '\uFEFF';

function csvField(c: Cell): string {
  if (c === null) return '';
  const s = String(c);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function statisticsCsv(p: StatisticsPackage): Buffer {
  const lines: string[] = [
    [statisticsFa.title, statisticsFa.article].map(csvField).join(','),
    [statisticsFa.office, p.office.name, p.office.code].map(csvField).join(','),
    [statisticsFa.period, p.from.replace(/-/g, '/'), p.to.replace(/-/g, '/')].map(csvField).join(','),
  ];
  for (const t of statisticsTables(p)) {
    lines.push('', csvField(t.title));
    if (t.rows.length === 0 && t.empty && t.columns.length === 0) {
      lines.push(csvField(t.empty));
      continue;
    }
    lines.push(t.columns.map(csvField).join(','));
    for (const r of t.rows) lines.push(r.map(csvField).join(','));
    if (t.total) lines.push(t.total.map(csvField).join(','));
  }
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ] */
function sheetName(title: string, used: Set<string>): string {
  let name = title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28).trim();
  for (let i = 2; used.has(name); i++) name = `${name.slice(0, 26)} ${i}`;
  used.add(name);
  return name;
}

export async function statisticsXlsx(p: StatisticsPackage): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Daftaryar';
  wb.created = new Date(p.generatedAt);
  wb.title = `${statisticsFa.title} ${p.from}…${p.to}`;
  const used = new Set<string>();
  for (const t of statisticsTables(p)) {
    const ws = wb.addWorksheet(sheetName(t.title, used), { views: [{ rightToLeft: true }] });
    ws.addRow([t.title]).font = { bold: true, size: 12 };
    ws.addRow([statisticsFa.period, p.from.replace(/-/g, '/'), p.to.replace(/-/g, '/'), p.office.name, p.office.code]);
    ws.addRow([]);
    if (t.columns.length === 0) {
      ws.addRow([t.empty ?? statisticsFa.none]);
      continue;
    }
    ws.addRow(t.columns).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    if (t.rows.length === 0 && t.empty) ws.addRow([t.empty]);
    if (t.total) ws.addRow(t.total).font = { bold: true };
    t.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = Math.max(12, Math.min(50, c.length + 4));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
