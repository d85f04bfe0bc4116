import type { CashReport } from '../api/report';
import { formatJalaliDateTime } from '../format/jalali';
import { reportFa } from './labels.fa';

/** A receipt's number as printed, «1405/000012» (Latin digits: the screens and the PDF turn them Persian). */
export const receiptNumberText = (year: number, n: number): string => `${year}/${String(n).padStart(6, '0')}`;

/**
 * The day's missing receipt numbers as the money report states them: each number or range, and for
 * a range a hub's promotion jumped over, when that was (`when` formats the instant).
 */
export function receiptGapsText(receipts: Pick<CashReport['receipts'], 'year' | 'gaps'>, when: (iso: string) => string = (iso) => formatJalaliDateTime(iso)): string {
  const c = reportFa.cash;
  return receipts.gaps
    .map((g) => {
      const range = g.from === g.to ? receiptNumberText(receipts.year, g.from) : c.gapRange(receiptNumberText(receipts.year, g.from), receiptNumberText(receipts.year, g.to));
      return g.afterPromotion === undefined ? range : `${range} (${c.gapAfterPromotion(when(g.afterPromotion))})`;
    })
    .join('، ');
}
