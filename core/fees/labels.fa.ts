import type { JudicialCostLineCode } from './lines';
import type { ServiceCode } from './services';
import type { TariffItemCode } from './tariff';
import { toPersianDigits } from '../text/digits';

/**
 * The Persian words a receipt needs for what the hub stores as codes: fee lines, services, the part
 * of the fees a payment is for, the payment method, identity documents and exemptions. The hub
 * holds no Persian text; it looks these up when it assembles a receipt (hub/receipt/receipts.ts).
 */

/** Office-tariff items (core/fees/tariff.ts) and judicial-cost lines (core/fees/lines.ts). */
export const feeLineFa: Readonly<Record<TariffItemCode | JudicialCostLineCode, string>> = {
  petition: 'تنظیم و ثبت دادخواست، شکوائیه یا درخواست',
  formalNotice: 'تنظیم اظهارنامه',
  brief: 'تنظیم و ثبت لایحه یا نظریهٔ کارشناسی',
  extraPage: 'برگ پیوست اضافه',
  extraPerson: 'شخص اضافه (طرف، وکیل یا نماینده)',
  sanaRegistration: 'ثبت‌نام در سامانهٔ ثنا',
  sanaEdit: 'ویرایش اطلاعات ثنا',
  sanaPassword: 'بازیابی گذرواژهٔ ثنا',
  notificationView: 'گشودن و رؤیت ابلاغیه',
  followUp: 'پیگیری پرونده',
  statusNotice: 'اعلام وضعیت پرونده',
  electronicPayment: 'پرداخت الکترونیک وجوه',
  powerOfAttorney: 'ثبت وکالتنامه',
  protest: 'واخواست اسناد تجاری',
  criminalRecord: 'درخواست گواهی عدم سوءپیشینه',
  licenceRenewal: 'تمدید پروانه',
  formSheet: 'برگ دادخواست و شکوائیه (هزینهٔ دادرسی)',
  certifiedCopy: 'رونوشت مصدق (هزینهٔ دادرسی)',
  criminalComplaint: 'هزینهٔ دادرسی شکوائیه',
  adminCourtFirstInstance: 'هزینهٔ دادرسی دیوان عدالت اداری (بدوی)',
  adminCourtAppeal: 'هزینهٔ دادرسی دیوان عدالت اداری (تجدیدنظر)',
  nonMonetary: 'هزینهٔ دادرسی دعوای غیرمالی',
  unknownValue: 'هزینهٔ دادرسی (بهای خواستهٔ نامعلوم)',
  monetaryFirstInstance: 'هزینهٔ دادرسی مرحلهٔ بدوی',
  appeal: 'هزینهٔ دادرسی تجدیدنظر',
  defaultJudgmentObjection: 'هزینهٔ دادرسی واخواهی',
  cassation: 'هزینهٔ دادرسی فرجام',
  retrial: 'هزینهٔ دادرسی اعادهٔ دادرسی',
  thirdPartyObjection: 'هزینهٔ دادرسی اعتراض ثالث',
};

/** A fee line as the receipt prints it: «برگ پیوست اضافه (۲ عدد)» when there is more than one. */
export function feeLineLabel(code: TariffItemCode | JudicialCostLineCode, quantity: number): string {
  const label = feeLineFa[code] ?? code;
  return quantity > 1 ? `${label} (${toPersianDigits(quantity)} عدد)` : label;
}

export const serviceFa: Readonly<Record<ServiceCode, string>> = {
  petition: 'دادخواست',
  complaint: 'شکوائیه',
  criminalReport: 'اعلام جرم',
  request: 'درخواست',
  objection: 'اعتراض به رأی',
  formalNotice: 'اظهارنامه',
  brief: 'لایحه',
  expertOpinion: 'نظریهٔ کارشناسی',
  sanaRegistration: 'ثبت‌نام ثنا',
  sanaEdit: 'ویرایش ثنا',
  sanaPassword: 'گذرواژهٔ ثنا',
  notificationView: 'رؤیت ابلاغیه',
  followUp: 'پیگیری',
  statusNotice: 'اعلام وضعیت',
  electronicPayment: 'پرداخت الکترونیک',
  powerOfAttorney: 'وکالتنامه',
  protest: 'واخواست',
  criminalRecord: 'گواهی عدم سوءپیشینه',
  licenceRenewal: 'تمدید پروانه',
  remedy: 'رفع نقص',
};

/** Which account the money goes to. */
export const paymentPartFa = {
  officeTariff: 'تعرفه خدمات دفتر',
  judicialCost: 'هزینه دادرسی',
} as const;

export const paymentMethodFa = {
  pcpos: 'کارت‌خوان (پوز)',
  manual: 'کارت‌خوان (ثبت دستی رسید)',
} as const;

/** The label of the identity number printed under the applicant's name. */
export const applicantIdFa = {
  natural: 'کد ملی',
  legalEntity: 'شناسه ملی',
  foreignId: 'کد فراگیر',
  passport: 'شماره گذرنامه',
} as const;

/** ماده ۱۴ exemptions of the office tariff. */
export const officeExemptionFa = {
  reliefCommittee: 'معافیت ماده ۱۴ — کمیتهٔ امداد',
  welfarePensioner: 'معافیت ماده ۱۴ — مستمری‌بگیر بهزیستی',
  indigentPrisoner: 'معافیت ماده ۱۴ — زندانی نیازمند',
} as const;
