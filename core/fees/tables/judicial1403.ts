import type { JudicialCostSchedule } from '../judicialCosts';

/**
 * Judicial costs as published for 1403 (unchanged from 1402, so in force from 1402-01-01), as gathered
 * in shared/domain/FEES.md §2. The central system's figure is the authority.
 */
export const judicialCosts1403: JudicialCostSchedule = Object.freeze({
  id: 'judicial-1403',
  title: 'هزینه دادرسی ۱۴۰۳ (بدون تغییر از ۱۴۰۲)',
  effectiveFrom: '1402-01-01',
  source: 'FEES.md §2: ارقام ۱۴۰۳ (بدون تغییر از ۱۴۰۲) گردآوری‌شده از پایگاه‌های حقوقی عمومی؛ دعاوی غیرمالی طبق بخشنامه ۱۰۰/۳۵۷۳۹/۹۰۰۰؛ مرجع نهایی محاسبه سامانه است',
  formSheetRials: 20_000,
  criminalComplaintRials: 100_000,
  certifiedCopyRials: 300_000,
  adminCourtFirstInstanceRials: 200_000,
  adminCourtAppealRials: 400_000,
  nonMonetaryRangeRials: Object.freeze({ min: 400_000, max: 1_800_000 }),
  unknownValueRials: 1_500_000,
  monetaryFirstInstance: Object.freeze({ thresholdRials: 200_000_000, lowerPerMille: 25, upperPerMille: 35 }),
  appealPerMille: 45,
  cassationPerMille: 55,
});

export const shippedJudicialCostSchedules: readonly JudicialCostSchedule[] = [judicialCosts1403];
