/**
 * The Persian words of the tariff board (core/fees/board.ts), shared by the waiting-room board, the
 * kiosk and the A3 poster so the three say the same thing: each row's label and figure, the Jalali
 * day in words. Persian digits throughout.
 */
import type { TariffBoard } from './board';
import { feeLineFa } from './labels.fa';
import { formatRialsDigits } from '../format/money';
import { parseJalaliDay } from '../format/jalaliDay';
import { toPersianDigits } from '../text/digits';

export const JALALI_MONTHS_FA = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'] as const;

/** '1406-01-01' → «۱ فروردین ۱۴۰۶»; text that is no Jalali day is returned in Persian digits as it is. */
export function jalaliDayInWords(day: string): string {
  const d = parseJalaliDay(day);
  if (!d) return toPersianDigits(day);
  return toPersianDigits(`${d.day} ${JALALI_MONTHS_FA[d.month - 1]} ${d.year}`);
}

/** 25 → «۲٫۵٪»; 55 → «۵٫۵٪»; 30 → «۳٪» */
export function perMilleAsPercentFa(perMille: number): string {
  const whole = Math.floor(perMille / 10);
  const tenth = perMille % 10;
  return toPersianDigits(tenth === 0 ? `${whole}٪` : `${whole}\u066B${tenth}٪`);
}

export const tariffBoardFa = {
  title: 'تعرفهٔ خدمات دفتر و هزینهٔ دادرسی',
  officeTariff: 'تعرفهٔ خدمات دفتر',
  judicialCosts: 'هزینهٔ دادرسی (به حساب قوهٔ قضاییه)',
  item: 'خدمت',
  amount: 'مبلغ (ریال)',
  rial: 'ریال',
  inForceFrom: (day: string) => `از ${jalaliDayInWords(day)}`,
  approval: 'مرجع',
  nonMonetary: 'هزینهٔ دادرسی دعوای غیرمالی',
  range: (min: number, max: number) => `${formatRialsDigits(min)} تا ${formatRialsDigits(max)}`,
  ofValue: 'از بهای خواسته',
  upTo: (rials: number) => `تا ${formatRialsDigits(rials)} ریال`,
  above: (rials: number) => `بیش از ${formatRialsDigits(rials)} ریال`,
  none: 'جدول تعرفه‌ای برای امروز ثبت نشده است.',
  nextChange: (day: string) => `تعرفهٔ تازه از ${jalaliDayInWords(day)}`,
  footer: 'دریافت بیش از تعرفه ممنوع است (مادهٔ ۳۸). رسید هر پرداخت را بخواهید.',
} as const;

export interface TariffRow {
  key: string;
  label: string;
  /** the figure as shown: rials grouped, a range, or a percentage */
  figure: string;
}

/** The office tariff's rows, in the board's order. */
export function officeTariffRows(board: TariffBoard): TariffRow[] {
  return (board.office?.items ?? []).map((x) => ({ key: x.code, label: feeLineFa[x.code], figure: formatRialsDigits(x.rials) }));
}

/** The judicial costs' rows: the fixed figures, the non-monetary range, then the percentages of a claim's value. */
export function judicialCostRows(board: TariffBoard): TariffRow[] {
  const j = board.judicial;
  if (!j) return [];
  const t = tariffBoardFa;
  return [
    ...j.fixed.map((x) => ({ key: x.code, label: feeLineFa[x.code], figure: formatRialsDigits(x.rials) })),
    { key: 'nonMonetary', label: t.nonMonetary, figure: t.range(j.nonMonetary.minRials, j.nonMonetary.maxRials) },
    ...j.percentages.map((x, i) => ({
      key: `${x.code}-${i}`,
      label: x.upToRials !== undefined ? `${feeLineFa[x.code]}، ${t.upTo(x.upToRials)}` : x.aboveRials !== undefined ? `${feeLineFa[x.code]}، ${t.above(x.aboveRials)}` : feeLineFa[x.code],
      figure: `${perMilleAsPercentFa(x.perMille)} ${t.ofValue}`,
    })),
  ];
}
