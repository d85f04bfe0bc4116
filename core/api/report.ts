/**
 * The manager's money reports (FEES.md §1, §4; ماده ۱۳, ۱۴): the day's cash (Z) report, services
 * counted over a range of days, the month's ماده ۱۴ exemption reimbursement claim for the association
 * (کانون), and the discounts given with their reasons — each on screen, as CSV and as an A4 PDF.
 *
 * Manager only: they carry every clerk's takings and, in the exemption claim, applicants' names. Money
 * is in whole rials. Days are Jalali office days `1405-09-07` (Asia/Tehran); input may be typed in
 * Persian or Latin digits, with `/` or `-`, with or without leading zeros.
 */
import { z } from 'zod';
import { serviceCodes } from '../fees/services';
import { normalizeInput } from '../text/digits';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import * as s from './schemas';

const access = ['manager'] as const;
const rials = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().nonnegative();

export const reportPaymentParts = ['officeTariff', 'judicialCost'] as const;
export const reportPaymentMethods = ['pcpos', 'manual'] as const;
export const exemptionCategories = ['reliefCommittee', 'welfarePensioner', 'indigentPrisoner'] as const;

/** «۱۴۰۵/۹/۷», «1405-09-07» → `1405-09-07`; anything else is left for the pattern to refuse. */
function jalali(pattern: RegExp, parts: number) {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const n = normalizeInput(v).replace(/\s+/g, '');
    const m = n.split(/[-/]/);
    if (m.length !== parts || !m.every((x) => /^\d+$/.test(x))) return n;
    return m.map((x, i) => (i === 0 ? x : x.padStart(2, '0'))).join('-');
  }, z.string().regex(pattern, { message: 'invalid_format' }));
}

/** A Jalali office day, `1405-09-07`. That the day exists (a 30 Esfand) is the hub's check. */
export const reportDay = jalali(/^1[34]\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 3);
/** A Jalali month, `1405-09`. */
export const reportMonth = jalali(/^1[34]\d{2}-(0[1-9]|1[0-2])$/, 2);

const range = z.object({ from: reportDay, to: reportDay }).strict();

export const cashInput = z.object({ day: reportDay }).strict();
export const servicesInput = range;
export const exemptionsInput = z.object({ month: reportMonth }).strict();
export const discountsInput = range;

const sum = z.object({ count, amountRials: rials });

export const cashReport = z.object({
  day: z.string(),
  count,
  totalRials: rials,
  byMethod: z.array(sum.extend({ method: z.enum(reportPaymentMethods) })),
  byPart: z.array(sum.extend({ part: z.enum(reportPaymentParts) })),
  byClerk: z.array(sum.extend({ staffId: z.number().int(), name: z.string() })),
  receipts: z.object({
    /** the Jalali year the day's receipt numbers belong to */
    year: z.number().int(),
    first: z.number().int().nullable(),
    last: z.number().int().nullable(),
    /** the year's last receipt before this day (null: none, the day starts the year's numbering) */
    previous: z.number().int().nullable(),
    /**
     * numbers missing from the sequence — inside the day, or between `previous` and `first`.
     * `afterPromotion`: the instant a standby became the hub (or a superseded hub served again) whose
     * jump of the numbers covers this gap (docs/STANDBY.md): the other hub's last receipts, which this
     * one never held, then numbers never issued.
     */
    gaps: z.array(z.object({ from: z.number().int(), to: z.number().int(), afterPromotion: z.string().optional() })),
    contiguous: z.boolean(),
  }),
  /**
   * The audit chain's newest entry when the report was made (docs/AUDIT.md): printed on the paper
   * copy, it anchors the chain — a later rewrite of the log cannot reproduce this hash.
   */
  auditHead: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  /**
   * Money given back on the day (refunds approved that day, whichever day the payment was): per clerk
   * and method, and each one with the receipt it voided. The receipts stay in the numbering above.
   */
  refunds: z.object({
    count,
    totalRials: rials,
    byClerk: z.array(sum.extend({ staffId: z.number().int(), name: z.string(), method: z.enum(reportPaymentMethods) })),
    rows: z.array(
      z.object({
        receiptYear: z.number().int(),
        receiptNumber: z.number().int(),
        requestYear: z.number().int(),
        requestNumber: z.number().int(),
        method: z.enum(reportPaymentMethods),
        amountRials: rials,
        reason: z.string(),
        clerk: z.string(),
        /** the manager who approved it (a manual refund, or another counter's) */
        approvedBy: z.string().nullable(),
        at: s.isoInstant,
      }),
    ),
  }),
  /** receipts issued less refunds given back, the day's net */
  netRials: z.number().int(),
  payments: z.array(
    z.object({
      receiptYear: z.number().int(),
      receiptNumber: z.number().int(),
      requestYear: z.number().int(),
      requestNumber: z.number().int(),
      service: z.enum(serviceCodes),
      part: z.enum(reportPaymentParts),
      method: z.enum(reportPaymentMethods),
      amountRials: rials,
      rrn: z.string(),
      clerk: z.string(),
      at: s.isoInstant,
    }),
  ),
});

const serviceFigures = z.object({
  opened: count,
  /** paid in full, or settled without payment (an exemption's waiver) */
  settled: count,
  /** cancelled because the applicant withdrew («انصراف متقاضی») */
  cancelled: count,
  /** cancelled to correct the clerk's own mistake («اشتباه متصدی»), counted apart */
  clerkError: count,
  refused: count,
  officeTariffRials: rials,
  judicialCostRials: rials,
  amountRials: rials,
});

export const servicesReport = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(serviceFigures.extend({ service: z.enum(serviceCodes) })),
  total: serviceFigures,
});

export const exemptionsReport = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      requestYear: z.number().int(),
      requestNumber: z.number().int(),
      /** the office day the request was settled (the exempt service given) */
      day: z.string(),
      service: z.enum(serviceCodes),
      applicantName: z.string(),
      /** the identity number with all but its last four characters masked: «******2419» */
      applicantId: z.string(),
      category: z.enum(exemptionCategories),
      cardNumber: z.string().nullable(),
      confirmationRef: z.string(),
      /** office tariff not charged: what the association reimburses */
      exemptRials: rials,
      /** judicial costs not due (تبصره ماده ۵۰۵): shown, claimed from nobody */
      judicialExemptRials: rials,
    }),
  ),
  byCategory: z.array(z.object({ category: z.enum(exemptionCategories), count, exemptRials: rials })),
  total: z.object({ count, exemptRials: rials, judicialExemptRials: rials }),
});

export const discountsReport = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      /** the office day the discounted office tariff was paid */
      day: z.string(),
      requestYear: z.number().int(),
      requestNumber: z.number().int(),
      receiptYear: z.number().int(),
      receiptNumber: z.number().int(),
      service: z.enum(serviceCodes),
      officeTariffRials: rials,
      discountRials: rials,
      reason: z.string(),
      /** who fixed the fees with the discount */
      clerk: z.string(),
    }),
  ),
  total: z.object({ count, officeTariffRials: rials, discountRials: rials }),
});

export const reportKinds = ['cash', 'services', 'exemptions', 'discounts'] as const;
export type ReportKind = (typeof reportKinds)[number];

/** One of the reports, tagged: what `report.pdf` prints. */
export const anyReportInput = z.discriminatedUnion('kind', [
  cashInput.extend({ kind: z.literal('cash') }),
  servicesInput.extend({ kind: z.literal('services') }),
  exemptionsInput.extend({ kind: z.literal('exemptions') }),
  discountsInput.extend({ kind: z.literal('discounts') }),
]);

export type CashReport = z.output<typeof cashReport>;
export type ServicesReport = z.output<typeof servicesReport>;
export type ExemptionsReport = z.output<typeof exemptionsReport>;
export type DiscountsReport = z.output<typeof discountsReport>;
export type AnyReportInput = z.output<typeof anyReportInput>;

export const reportProcedures = {
  'report.cash': procedure({
    summary: "The day's cash (Z) report: totals per payment method, part and clerk; receipt numbers first to last, with any gap; every payment.",
    access,
    input: cashInput,
    output: cashReport,
  }),

  'report.services': procedure({
    summary: 'Requests opened over a range of office days, per service: settled, cancelled, refused, and what they paid.',
    access,
    input: servicesInput,
    output: servicesReport,
  }),

  'report.exemptions': procedure({
    summary: "The month's ماده ۱۴ exemptions with their evidence: the reimbursement claim to the association (کانون).",
    access,
    input: exemptionsInput,
    output: exemptionsReport,
  }),

  'report.discounts': procedure({
    summary: 'Discounts on the office tariff paid over a range of office days, with reason and clerk (ماده ۱۳ تبصره ۲).',
    access,
    input: discountsInput,
    output: discountsReport,
  }),

  'report.pdf': procedure({
    summary:
      'One of the reports as an A4 PDF (RTL, Persian digits, Jalali dates, totals in words). With `print`, printed on the document printer of the caller’s workstation instead (`pdfBase64` then empty, `printer` names it).',
    access,
    input: z.object({ report: anyReportInput, print: z.boolean().optional() }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string(), printer: z.string().optional() }),
    answerWithinMs: 65_000,
  }),

  'report.exported': procedure({
    summary:
      'The screen is about to save a report it shows as a CSV file: recorded in the audit trail first (exports are logged, ماده ۳۸ ب); the file is made only after this answer.',
    access,
    input: z
      .object({
        report: z.union([anyReportInput, z.object({ kind: z.literal('queueDay'), day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict()]),
        format: z.literal('csv'),
        fileName: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/),
      })
      .strict(),
    output: z.object({ ok: z.literal(true) }),
  }),
} satisfies Record<string, ProcedureDef>;
