import type { FinalFilingReceipt, ProvisionalFilingReceipt, ReceiptData } from '../../native/receipt/model';

/**
 * A realistic receipt: three services, a discount, an exemption, a POS payment. For tests, the
 * printer test page and warming up the renderers.
 */
export const sampleReceipt: ReceiptData = {
  officeName: 'دفتر خدمات الکترونیک قضایی — تهران، ونک',
  officeCode: '12345',
  receiptYear: 1405,
  receiptNumber: 123,
  issuedAt: '2026-11-28T06:35:12.000Z',
  applicant: { name: 'زهرا محمدی‌نژاد', idLabel: 'کد ملی', id: '0012345678' },
  requestNumber: '140509071234567',
  lines: [
    { label: 'ثبت دادخواست', amountRials: 450_000 },
    { label: 'اسکن و بارگذاری مدارک (۸ برگ)', amountRials: 320_000 },
    { label: 'ابلاغ الکترونیک', amountRials: 100_000 },
  ],
  discount: { amountRials: 50_000, reason: 'ایثارگر' },
  exemption: { label: 'ماده ۱۴', exemptRials: 50_000 },
  totalRials: 770_000,
  partLabel: 'تعرفه خدمات دفتر',
  payment: { methodLabel: 'کارت‌خوان (پوز)', rrn: '123456789012', trace: '654321', terminalId: '98765432', maskedCard: '603799******1234' },
  clerkName: 'علی رضایی',
  duplicate: false,
  verifyHash: 'a3f1c9e07b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a',
};

/** A filing receipt still waiting in the outbox (رسید موقت), with a legal deadline. */
export const sampleProvisionalFilingReceipt: ProvisionalFilingReceipt = {
  variant: 'provisional',
  officeName: 'دفتر خدمات الکترونیک قضایی — تهران، ونک',
  officeCode: '12345',
  requestYear: 1405,
  requestNumber: 12,
  serviceLabel: 'دادخواست',
  applicant: { name: 'زهرا محمدی‌نژاد', idLabel: 'کد ملی', id: '0012345678' },
  pages: 8,
  queuedAt: '2026-11-28T07:05:40.000Z',
  deadline: '1405/09/20',
  submissionId: '3f2b9c1e-8d4a-4e6f-9a0b-7c5d3e1f2a4b',
  clerkName: 'علی رضایی',
  duplicate: false,
};

/** The same filing once the central system answered (رسید ارسال). */
export const sampleFinalFilingReceipt: FinalFilingReceipt = {
  ...sampleProvisionalFilingReceipt,
  variant: 'final',
  trackingCode: '1405091234567890',
  receivedAt: '2026-11-28T09:41:03.000Z',
  verifyDigest: '9c2e4b6d8f0a1c3e',
};
