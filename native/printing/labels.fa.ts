import { toPersianDigits } from '../../core/text/digits';

/**
 * Every Persian word printed on paper, in one place (the renderer's catalogue is browser code and
 * out of reach of native/). Digits are Persian on paper, always.
 */
export const printedFa = {
  dateAndTime: (date: string, time: string) => `تاریخ: ${date}  ساعت: ${time}`,
  peopleAhead: (count: number) => `نفرات پیش از شما: ${toPersianDigits(count)}`,
  estimatedWait: (minutes: number) => `زمان تقریبی انتظار: ${waitPhrase(minutes)}`,
  footer: 'لطفاً تا فراخوانی شماره‌تان منتظر بمانید',
  testPage: {
    title: 'صفحهٔ آزمایشی چاپگر',
    printer: (address: string) => `چاپگر: ${toPersianDigits(address)}`,
    paper: (mm: number, dots: number) => `عرض کاغذ: ${toPersianDigits(mm)} میلی‌متر (${toPersianDigits(dots)} نقطه)`,
    sampleNumber: 'الف-۱۲۳',
    alphabet: 'ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی',
    digits: '۰۱۲۳۴۵۶۷۸۹',
    ok: 'اگر این نوشته‌ها خوانا و کامل‌اند، چاپگر آماده است.',
  },
} as const;

function waitPhrase(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 1) return 'کمتر از یک دقیقه';
  if (m < 60) return `حدود ${toPersianDigits(m)} دقیقه`;
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  return rest === 0
    ? `حدود ${toPersianDigits(hours)} ساعت`
    : `حدود ${toPersianDigits(hours)} ساعت و ${toPersianDigits(rest)} دقیقه`;
}
