/**
 * A quote's lines and totals. Every amount is a whole number of rials. A line keeps the full amount
 * (tariff or law) and what came off it, so a receipt can show both and the association's
 * reimbursement can be computed from the lines alone:
 *
 *   chargedRials = amountRials − discountRials − exemptRials,   amountRials = quantity × unitRials
 */
import type { TariffItemCode } from './tariff';

export const judicialCostLineCodes = [
  'formSheet', // برگ دادخواست / اظهارنامه / اجرائیه, per sheet
  'certifiedCopy', // رونوشت مصدق, each
  'criminalComplaint',
  'adminCourtFirstInstance', // دیوان عدالت اداری, بدوی
  'adminCourtAppeal', // دیوان عدالت اداری, تجدیدنظر
  'nonMonetary', // دعاوی غیرمالی، تأمین دلیل، تأمین خواسته: amount by type within the schedule's range
  'unknownValue', // بهای خواسته نامعلوم هنگام تقدیم
  'monetaryFirstInstance', // 2.5 % / 3.5 %
  'appeal', // تجدیدنظر, 4.5 %
  'defaultJudgmentObjection', // واخواهی, 4.5 %
  'cassation', // فرجام, 5.5 %
  'retrial', // اعاده دادرسی, 5.5 %
  'thirdPartyObjection', // اعتراض ثالث, 5.5 %
] as const;

export type JudicialCostLineCode = (typeof judicialCostLineCodes)[number];

interface LineAmounts {
  quantity: number;
  unitRials: number;
  /** quantity × unitRials: what the tariff or the law sets */
  amountRials: number;
  /** taken off by the office (ماده ۱۳ تبصره ۲); office-tariff lines only */
  discountRials: number;
  /** not charged because of an exemption (ماده ۱۴ for the office tariff, تبصره ماده ۵۰۵ for judicial costs) */
  exemptRials: number;
  /** what the applicant pays for this line */
  chargedRials: number;
}

export interface OfficeTariffLine extends LineAmounts {
  kind: 'officeTariff';
  code: TariffItemCode;
}

export interface JudicialCostLine extends LineAmounts {
  kind: 'judicialCost';
  code: JudicialCostLineCode;
  /** the claim or judgment value a percentage was taken of */
  basisRials?: number;
}

export type FeeLine = OfficeTariffLine | JudicialCostLine;

export interface QuoteTotals {
  /** the office tariff in full, before discount and exemption */
  officeTariffRials: number;
  /** judicial costs due (after any judicial-cost exemption; see judicialExemptRials) */
  judicialCostRials: number;
  /** office-tariff discount */
  discountRials: number;
  /** office tariff not charged under ماده ۱۴: what the association reimburses */
  exemptRials: number;
  /** judicial costs not due under تبصره ماده ۵۰۵ (informational: nobody reimburses them) */
  judicialExemptRials: number;
  /** officeTariffRials + judicialCostRials − discountRials − exemptRials */
  payableRials: number;
}

/** A line with nothing taken off. */
export function fullLine<L extends FeeLine>(line: Omit<L, 'amountRials' | 'discountRials' | 'exemptRials' | 'chargedRials'>): L {
  const amountRials = line.quantity * line.unitRials;
  return { ...line, amountRials, discountRials: 0, exemptRials: 0, chargedRials: amountRials } as L;
}

export function totalsOf(lines: readonly FeeLine[]): QuoteTotals {
  let officeTariffRials = 0;
  let judicialCostRials = 0;
  let discountRials = 0;
  let exemptRials = 0;
  let judicialExemptRials = 0;
  for (const l of lines) {
    if (l.kind === 'officeTariff') {
      officeTariffRials += l.amountRials;
      discountRials += l.discountRials;
      exemptRials += l.exemptRials;
    } else {
      judicialCostRials += l.amountRials - l.exemptRials;
      judicialExemptRials += l.exemptRials;
    }
  }
  return {
    officeTariffRials,
    judicialCostRials,
    discountRials,
    exemptRials,
    judicialExemptRials,
    payableRials: officeTariffRials + judicialCostRials - discountRials - exemptRials,
  };
}
