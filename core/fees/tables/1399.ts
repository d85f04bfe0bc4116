import type { TariffTable } from '../tariff';

/** The 1399 office tariff, as gathered in shared/domain/FEES.md §1. Protest, criminal record and licence renewal were not in it. */
export const officeTariff1399: TariffTable = Object.freeze({
  id: 'office-1399',
  title: 'تعرفه خدمات دفاتر خدمات الکترونیک قضایی — ۱۳۹۹',
  effectiveFrom: '1399-01-01',
  source: 'FEES.md §1, ستون ۱۳۹۹: ارقام گردآوری‌شده از پایگاه‌های حقوقی عمومی فارسی؛ با بخشنامه رسمی کانون تطبیق داده شود',
  items: Object.freeze({
    petition: 238_050,
    formalNotice: 198_380,
    brief: 198_380,
    extraPage: 29_090,
    extraPerson: 29_090,
    sanaRegistration: 115_000,
    sanaEdit: 46_000,
    sanaPassword: 23_000,
    notificationView: 25_300,
    followUp: 25_300,
    statusNotice: 27_830,
    electronicPayment: 14_540,
    powerOfAttorney: 200_000,
  }),
});
