/** The manager's reports as A4 PDFs, printed by the receipts' Chromium printer from an RTL HTML template. */
import type { PdfPrinter } from '../receipt/pdf';
import { buildReportHtml, type ReportPage } from './template';

export { buildReportHtml, reportTitle, type ReportDocument, type ReportPage } from './template';
export { reportFa } from '../../core/report/labels.fa';

/** Builds the report's HTML and prints it to PDF. */
export function reportPdf(printer: PdfPrinter, page: ReportPage): Promise<Buffer> {
  return printer.pdf(buildReportHtml(page));
}
