/** The statistics package and the compliance view as A4 PDFs, printed by the receipts' Chromium printer. */
import type { ComplianceView } from '../../core/api/compliance';
import type { StatisticsPackage } from '../../core/report/statistics';
import type { PdfPrinter } from '../receipt/pdf';
import { buildComplianceHtml, buildStatisticsHtml } from './template';

export { buildComplianceHtml, buildStatisticsHtml } from './template';

export function statisticsPdf(printer: PdfPrinter, p: StatisticsPackage): Promise<Buffer> {
  return printer.pdf(buildStatisticsHtml(p));
}

export function compliancePdf(printer: PdfPrinter, v: ComplianceView, office: { name: string; code: string }): Promise<Buffer> {
  return printer.pdf(buildComplianceHtml(v, office));
}
