/**
 * The manager's money reports (core/api/report.ts) from db/reports: the day's cash (Z) report with
 * its receipt-number check, services, the month's ماده ۱۴ exemption claim, discounts; and any of
 * them as an A4 PDF (native/report, printed by the hub's `pdfPrinter`).
 *
 * Periods: the cash and discount reports go by the receipt's issue instant (the hub's clock, the
 * instant that fixed the receipt number); services by the office day the request was opened (a
 * cohort: what those requests have paid so far, whenever they paid); exemptions by the instant the
 * request was settled (paid, or waived with nothing to pay): the service was given that day.
 *
 * Privacy (the exemption claim goes to the association): an applicant's name is printed, their
 * identity number only as its last four characters («******2419»); the evidence (card number,
 * confirmation reference) is printed in full, since it is what the association checks.
 */
import { printDocument, type DocumentPrinterPort } from '../agent/documentPrinter';
import type {
  AnyReportInput,
  CashReport,
  DiscountsReport,
  ExemptionsReport,
  ServicesReport,
} from '../../core/api/report';
import type { ServiceCode } from '../../core/fees/services';
import { applicantSchema, type Applicant } from '../../core/identity/applicant';
import { officeDay } from '../../core/format/jalaliDay';
import { getOffice } from '../../db/office';
import * as db from '../../db/reports';
import { reportPdf, type ReportDocument } from '../../native/report';
import { auditHead } from '../../db/audit';
import { refundsDone } from '../../db/refunds';
import { receiptNumberJumps } from '../../db/standby';
import type { Database } from '../../db/sqlite';
import type { HubBase } from '../base';
import { dayPeriod, monthPeriod, rangePeriod } from './days';

/** All but the last four characters of an identity number as `*`. */
export function maskId(id: string): string {
  return id.length <= 4 ? id : `${'*'.repeat(id.length - 4)}${id.slice(-4)}`;
}

function applicantOf(raw: string | null): { name: string; id: string } {
  if (raw === null) return { name: '', id: '' };
  const parsed = applicantSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) return { name: '', id: '' };
  const a: Applicant = parsed.data;
  if (a.kind === 'natural') return { name: `${a.firstName} ${a.lastName}`, id: a.nationalId };
  if (a.kind === 'legalEntity') return { name: a.name, id: a.legalId };
  return { name: `${a.firstName} ${a.lastName}`, id: a.foreignId ?? a.passportNumber ?? '' };
}

/** Missing numbers in a sorted list, and between `previous` and the first. */
export function receiptGaps(numbers: readonly number[], previous: number | null): Array<{ from: number; to: number }> {
  const gaps: Array<{ from: number; to: number }> = [];
  let last = previous ?? 0;
  for (const n of numbers) {
    if (n > last + 1) gaps.push({ from: last + 1, to: n - 1 });
    last = Math.max(last, n);
  }
  return gaps;
}

/** The refunds approved in a period, per clerk and method, and each with the receipt it voided (the Z report). */
export function refundsOf(database: Database, period: { startIso: string; endIso: string }, staffId: number | null = null): CashReport['refunds'] {
  const rows = refundsDone(database, period, staffId);
  const byClerk = new Map<string, CashReport['refunds']['byClerk'][number]>();
  for (const f of rows) {
    const key = `${f.staffId}:${f.method}`;
    const sum = byClerk.get(key) ?? { staffId: f.staffId, name: f.clerk, method: f.method, count: 0, amountRials: 0 };
    sum.count += 1;
    sum.amountRials += f.amountRials;
    byClerk.set(key, sum);
  }
  return {
    count: rows.length,
    totalRials: rows.reduce((n, f) => n + f.amountRials, 0),
    byClerk: [...byClerk.values()].sort((a, b) => a.staffId - b.staffId || a.method.localeCompare(b.method)),
    rows: rows.map(({ staffId: _s, ...f }) => f),
  };
}

export class ReportService {
  constructor(private readonly hub: HubBase) {}

  private get db() {
    return this.hub.db;
  }

  cash(day: string): CashReport {
    const { start, end } = dayPeriod(day);
    const period = { startIso: start.toISOString(), endIso: end.toISOString() };
    const payments = db.cashPayments(this.db, period);
    const total = db.cashTotal(this.db, period);
    const year = payments[0]?.receiptYear ?? Number(day.slice(0, 4));
    const numbers = payments.filter((p) => p.receiptYear === year).map((p) => p.receiptNumber);
    const previous = db.lastReceiptBefore(this.db, year, period.startIso);
    // a gap a hub's promotion jumped over says so (the lost hub's last receipts, then numbers never issued)
    const jumps = receiptNumberJumps(this.db, year);
    const gaps = receiptGaps(numbers, previous).map((g) => {
      const jump = jumps.find((j) => g.from > j.from && g.to <= j.to);
      return jump ? { ...g, afterPromotion: jump.at } : g;
    });
    const refunds = refundsOf(this.db, period);
    return {
      day,
      count: total.count,
      totalRials: total.amountRials,
      byMethod: db.cashSums(this.db, period, 'method').map((s) => ({ method: s.key as 'pcpos' | 'manual', count: s.count, amountRials: s.amountRials })),
      byPart: db.cashSums(this.db, period, 'part').map((s) => ({ part: s.key as 'officeTariff' | 'judicialCost', count: s.count, amountRials: s.amountRials })),
      byClerk: db.cashSums(this.db, period, 'clerk').map((s) => ({ staffId: Number(s.key), name: s.name, count: s.count, amountRials: s.amountRials })),
      receipts: { year, first: numbers[0] ?? null, last: numbers.at(-1) ?? null, previous, gaps, contiguous: gaps.length === 0 },
      auditHead: auditHead(this.db) ?? null,
      refunds,
      netRials: total.amountRials - refunds.totalRials,
      payments: payments.map((p) => ({
        receiptYear: p.receiptYear,
        receiptNumber: p.receiptNumber,
        requestYear: p.requestYear,
        requestNumber: p.requestNumber,
        service: p.service as ServiceCode,
        part: p.part,
        method: p.method,
        amountRials: p.amountRials,
        rrn: p.rrn,
        clerk: p.clerk,
        at: p.at,
      })),
    };
  }

  services(from: string, to: string): ServicesReport {
    rangePeriod(from, to); // both days exist, in order
    const total = db.serviceFiguresTotal(this.db, from, to);
    return { from, to, rows: db.serviceFiguresByService(this.db, from, to).map((r) => ({ ...r, service: r.service as ServiceCode })), total };
  }

  exemptions(month: string): ExemptionsReport {
    const m = monthPeriod(month);
    const period = { startIso: m.startIso, endIso: m.endIso };
    return {
      month,
      from: m.from,
      to: m.to,
      rows: db.exemptions(this.db, period).map((x) => {
        const applicant = applicantOf(x.applicantData);
        const evidence = (JSON.parse(x.exemption) as { evidence?: { cardNumber?: string; confirmationRef?: string } }).evidence ?? {};
        return {
          requestYear: x.requestYear,
          requestNumber: x.requestNumber,
          day: officeDay(x.settledAt),
          service: x.service as ServiceCode,
          applicantName: applicant.name,
          applicantId: maskId(applicant.id),
          category: x.category as ExemptionsReport['rows'][number]['category'],
          cardNumber: evidence.cardNumber ?? null,
          confirmationRef: evidence.confirmationRef ?? '',
          exemptRials: x.exemptRials,
          judicialExemptRials: x.judicialExemptRials,
        };
      }),
      byCategory: db.exemptionsByCategory(this.db, period).map((c) => ({ ...c, category: c.category as ExemptionsReport['byCategory'][number]['category'] })),
      total: db.exemptionsTotal(this.db, period),
    };
  }

  discounts(from: string, to: string): DiscountsReport {
    const period = rangePeriod(from, to);
    return {
      from,
      to,
      rows: db.discounts(this.db, period).map(({ at, ...d }) => ({ ...d, day: officeDay(at), service: d.service as ServiceCode })),
      total: db.discountsTotal(this.db, period),
    };
  }

  document(input: AnyReportInput): ReportDocument {
    switch (input.kind) {
      case 'cash':
        return { kind: 'cash', data: this.cash(input.day) };
      case 'services':
        return { kind: 'services', data: this.services(input.from, input.to) };
      case 'exemptions':
        return { kind: 'exemptions', data: this.exemptions(input.month) };
      case 'discounts':
        return { kind: 'discounts', data: this.discounts(input.from, input.to) };
    }
  }

  /** The report as an A4 PDF; the data is read before the first await (one consistent snapshot). */
  async pdf(input: AnyReportInput, printer?: DocumentPrinterPort | null): Promise<{ fileName: string; pdfBase64: string; printer?: string }> {
    const report = this.document(input);
    const office = getOffice(this.db);
    const pdf = await reportPdf(this.hub.pdfPrinter(), {
      officeName: office?.name ?? '',
      officeCode: office?.code ?? '',
      generatedAt: this.hub.now().toISOString(),
      report,
    });
    const period = input.kind === 'cash' ? input.day : input.kind === 'exemptions' ? input.month : `${input.from}_${input.to}`;
    const fileName = `daftaryar-${input.kind}-${period}.pdf`;
    // on the caller's workstation's document printer (hub/agent/documentPrinter.ts), A4
    if (printer) return { fileName, pdfBase64: '', printer: (await printDocument(this.hub, printer, pdf, 'A4', { report: input.kind, period })).printer };
    return { fileName, pdfBase64: pdf.toString('base64') };
  }
}
