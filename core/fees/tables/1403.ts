import type { TariffTable } from '../tariff';

/** The 1403 office tariff, as gathered in shared/domain/FEES.md §1. */
export const officeTariff1403: TariffTable = Object.freeze({
  id: 'office-1403',
  title: 'تعرفه خدمات دفاتر خدمات الکترونیک قضایی — ۱۴۰۳',
  effectiveFrom: '1403-01-01',
  source: 'FEES.md §1, ستون ۱۴۰۳: ارقام گردآوری‌شده از پایگاه‌های حقوقی عمومی فارسی؛ با بخشنامه رسمی کانون تطبیق داده شود',
  items: Object.freeze({
    petition: 770_000,
    formalNotice: 630_000,
    brief: 630_000,
    extraPage: 70_000,
    extraPerson: 70_000,
    sanaRegistration: 335_000,
    sanaEdit: 145_000,
    sanaPassword: 55_000,
    notificationView: 75_000,
    followUp: 75_000,
    statusNotice: 75_000,
    electronicPayment: 75_000,
    powerOfAttorney: 500_000, // وکالتنامه و ثبت قرارداد
    protest: 500_000,
    criminalRecord: 115_000,
    licenceRenewal: 75_000,
  }),
});
