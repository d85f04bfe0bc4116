import { addRegistryCase, addRegistryCoverage, addRegistryDocument, addRegistryNotice, addRegistryPerson, type RegistryCaseRow, type RegistryCoverageRow, type RegistryDocumentRow, type RegistryNoticeRow, type RegistryPersonRow } from '../../central/admin';
import type { Sql } from '../../central/sql';

/**
 * Registry rows for demos and the e2e suite (`npm start -- --demo-central <port>`), so a clerk can
 * try every inquiry: a person found, one with a relief-committee coverage, one whose coverage has
 * run out, a valid and a revoked document. Every national id passes the check digit.
 */
export const demoRegistry = {
  persons: [
    { nationalId: '0499370899', firstName: 'مریم', lastName: 'احمدی', fatherName: 'حسن', birthDate: '1362-04-12', alive: true },
    { nationalId: '0076229645', firstName: 'علی', lastName: 'رضایی', fatherName: 'محمد', birthDate: '1348-11-02', alive: true },
    { nationalId: '1284567311', firstName: 'زهرا', lastName: 'کریمی', fatherName: 'عباس', birthDate: '1375-07-25', alive: true },
  ],
  coverages: [
    // ماده ۱۴: covered by the relief committee until the end of 1406
    { nationalId: '0076229645', category: 'reliefCommittee', reference: 'KMK-58213', validUntil: '1406-12-29' },
    // a welfare pension that ended: the answer is «no coverage»
    { nationalId: '1284567311', category: 'welfarePensioner', reference: 'BHZ-30417', validUntil: '1403-12-29' },
  ],
  documents: [
    { code: '140402151234567890', title: 'سند رسمی انتقال', issuer: 'دفترخانهٔ اسناد رسمی شمارهٔ ۱۲ تهران', issuedOn: '1404-02-15', valid: true },
    { code: '140301089876543210', title: 'وکالت‌نامهٔ رسمی', issuer: 'دفترخانهٔ اسناد رسمی شمارهٔ ۷ شیراز', issuedOn: '1403-01-08', valid: false },
  ],
  notices: [
    { nationalId: '0499370899', number: '140409120031', issuedOn: '1404-09-12', authority: 'شعبهٔ ۱۲ دادگاه عمومی حقوقی تهران', title: 'اخطاریهٔ جلسهٔ رسیدگی', text: 'در پروندهٔ کلاسهٔ ۱۴۰۴۰۹۹۸۰۰۱۲، جلسهٔ رسیدگی روز ۱۴۰۴/۱۰/۰۵ ساعت ۹ صبح برگزار می‌شود؛ حضور شما الزامی است.' },
    { nationalId: '0499370899', number: '140407020017', issuedOn: '1404-07-02', authority: 'شعبهٔ ۳ دادیاری دادسرای ناحیهٔ ۲ تهران', title: 'ابلاغ قرار', text: 'قرار منع تعقیب صادر شده است؛ ظرف ده روز از ابلاغ قابل اعتراض است.' },
  ],
  cases: [
    { trackingCode: '1404091200000017', authority: 'شعبهٔ ۱۲ دادگاه عمومی حقوقی تهران', stage: 'در نوبت رسیدگی', lastAction: 'تعیین وقت رسیدگی', on: '1404-09-12' },
  ],
} as const satisfies { persons: readonly RegistryPersonRow[]; coverages: readonly RegistryCoverageRow[]; documents: readonly RegistryDocumentRow[]; notices: readonly RegistryNoticeRow[]; cases: readonly RegistryCaseRow[] };

/** One line for the start banner: what a demo inquiry can find. */
export const demoRegistrySummary =
  'registry: national ids 0499370899, 0076229645 (relief-committee coverage to 1406-12-29), 1284567311 (coverage expired); documents 140402151234567890 (valid), 140301089876543210 (revoked); 2 notifications for 0499370899; case 1404091200000017';

export async function seedDemoRegistry(sql: Sql): Promise<void> {
  for (const p of demoRegistry.persons) await addRegistryPerson(sql, p);
  for (const c of demoRegistry.coverages) await addRegistryCoverage(sql, c);
  for (const d of demoRegistry.documents) await addRegistryDocument(sql, d);
  for (const n of demoRegistry.notices) await addRegistryNotice(sql, n);
  for (const c of demoRegistry.cases) await addRegistryCase(sql, c);
}
