import { describe, expect, it } from 'vitest';
import { filingReceiptFa } from './labels.fa';
import {
  formatDigest,
  formatReceiptNumber,
  formatRequestNumber,
  formatRials,
  formatRialsDigits,
  formatTrackingCode,
  parseFilingReceipt,
  parsePaymentReceipt,
  parseReceipt,
  withDuplicate,
  type FilingReceiptData,
  type Receipt,
  type ReceiptData,
} from './model';
import { sampleFinalFilingReceipt, sampleProvisionalFilingReceipt, sampleReceipt } from '../../test/support/receiptSamples';
import { buildReceiptHtml, escapeHtml, receiptTitle } from './template';

const pay = (body: ReceiptData): Receipt => ({ for: 'payment', body });
const filing = (body: FilingReceiptData): Receipt => ({ for: 'filing', body });
const paymentHtml = (body: ReceiptData) => buildReceiptHtml(pay(body));
const paymentTitle = (body: ReceiptData) => receiptTitle(pay(body));
const filingHtml = (body: FilingReceiptData) => buildReceiptHtml(filing(body));
const filingTitle = (body: FilingReceiptData) => receiptTitle(filing(body));

describe('receipt formatting', () => {
  it('groups rials with Persian digits and the Arabic thousands separator', () => {
    expect(formatRialsDigits(770_000)).toBe('۷۷۰٬۰۰۰');
    expect(formatRialsDigits(1_234_567_890)).toBe('۱٬۲۳۴٬۵۶۷٬۸۹۰');
    expect(formatRialsDigits(0)).toBe('۰');
    expect(formatRials(999)).toBe('۹۹۹ ریال');
  });

  it('numbers receipts per year', () => {
    expect(formatReceiptNumber({ receiptYear: 1405, receiptNumber: 123 })).toBe('۱۴۰۵/۰۰۰۱۲۳');
    expect(paymentTitle({ ...sampleReceipt, duplicate: true })).toBe('رسید پرداخت شماره ۱۴۰۵/۰۰۰۱۲۳ (المثنی)');
  });

  it('accepts the sample and rejects bad data', () => {
    expect(parsePaymentReceipt(sampleReceipt)).toEqual(sampleReceipt);
    expect(() => parsePaymentReceipt({ ...sampleReceipt, lines: [] })).toThrow();
    expect(() => parsePaymentReceipt({ ...sampleReceipt, issuedAt: 'yesterday' })).toThrow();
    expect(() => parsePaymentReceipt({ ...sampleReceipt, verifyHash: 'not hex' })).toThrow();
    expect(() => parsePaymentReceipt({ ...sampleReceipt, payment: { ...sampleReceipt.payment, maskedCard: '6037991234561234' } })).toThrow();
    expect(() => parsePaymentReceipt({ ...sampleReceipt, totalRials: 870_000 })).toThrow(/total/);
  });
});

describe('buildReceiptHtml of a payment receipt', () => {
  it('escapes every field', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    const evil = '<img src=x onerror=alert(1)>';
    const html = paymentHtml({
      ...sampleReceipt,
      officeName: `${evil} دفتر`,
      applicant: { ...sampleReceipt.applicant, name: `</td><script>alert(1)</script>` },
      lines: [{ label: `"><b>ثبت</b>`, amountRials: 870_000 }],
      discount: { amountRials: 50_000, reason: '<i>x</i>' },
      clerkName: '&amp;',
      partLabel: '<style>*{display:none}</style>',
    });
    // booleans, not toContain: a failure must not print 200 KB of embedded fonts
    for (const raw of [evil, '<script', '<img', '"><b>ثبت', '<i>x</i>', '<style>*{display:none}']) expect(html.includes(raw), raw).toBe(false);
    for (const escaped of ['&#60;script&#62;', '&#34;&#62;&#60;b&#62;ثبت', '&#60;i&#62;x&#60;/i&#62;', '&#38;amp;']) expect(html.includes(escaped), escaped).toBe(true);
  });

  it('is self-contained: fonts inline, nothing fetched', () => {
    const html = paymentHtml(sampleReceipt);
    expect(html.includes('src:url(data:font/woff2;base64,')).toBe(true);
    expect(/(?:src|href)\s*=\s*["']?(?:https?:|\/\/)/i.test(html)).toBe(false);
    expect(/url\((?!data:)/.test(html)).toBe(false);
    expect(html.includes('<html lang="fa" dir="rtl">')).toBe(true);
  });

  it('marks a receipt whose payment was given back «ابطال شد», in the page and in its title, and no other', () => {
    expect(paymentHtml(sampleReceipt)).not.toContain('ابطال شد');
    const html = paymentHtml({ ...sampleReceipt, voided: true, duplicate: true });
    expect(html).toContain('<div class="dup void">ابطال شد</div>');
    expect(html).toContain('بازگردانده شده و این رسید اعتبار ندارد');
    expect(paymentTitle({ ...sampleReceipt, voided: true, duplicate: true })).toMatch(/\(المثنی\) \(ابطال شد\)$/);
  });

  it('isolates bank references left-to-right and marks reprints', () => {
    const html = paymentHtml({ ...sampleReceipt, duplicate: true });
    expect(html.includes('<bdi dir="ltr">603799******1234</bdi>')).toBe(true);
    expect(html.includes('<bdi dir="ltr">123456789012</bdi>')).toBe(true);
    expect(html.includes('class="dup">المثنی<')).toBe(true);
    expect(paymentHtml(sampleReceipt).includes('المثنی')).toBe(false);
  });
});

describe('filing receipt model', () => {
  it('groups the tracking code 4-4-4-4 in Persian digits, for reading aloud', () => {
    expect(formatTrackingCode('1405091234567890')).toBe('۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰');
    expect(formatTrackingCode('1405091234567890', false)).toBe('1405 0912 3456 7890');
    expect(formatDigest('9c2e4b6d8f0a1c3e')).toBe('9c2e 4b6d 8f0a 1c3e');
    expect(formatRequestNumber({ requestYear: 1405, requestNumber: 12 })).toBe('۱۴۰۵/۱۲');
  });

  it('accepts both samples and rejects a final receipt without its tracking code', () => {
    expect(parseFilingReceipt(sampleProvisionalFilingReceipt)).toEqual(sampleProvisionalFilingReceipt);
    expect(parseFilingReceipt(sampleFinalFilingReceipt)).toEqual(sampleFinalFilingReceipt);
    const { trackingCode: _, ...noCode } = sampleFinalFilingReceipt;
    expect(() => parseFilingReceipt(noCode)).toThrow();
    expect(() => parseFilingReceipt({ ...sampleFinalFilingReceipt, trackingCode: '123' })).toThrow();
    expect(() => parseFilingReceipt({ ...sampleFinalFilingReceipt, verifyDigest: 'XYZ' })).toThrow();
    expect(() => parseFilingReceipt({ ...sampleProvisionalFilingReceipt, deadline: '20 azar' })).toThrow();
    expect(() => parseFilingReceipt({ ...sampleProvisionalFilingReceipt, submissionId: 'abc' })).toThrow();
    expect(() => parseFilingReceipt({ ...sampleProvisionalFilingReceipt, pages: 0 })).toThrow();
  });
});

describe('buildReceiptHtml of a filing receipt', () => {
  it('titles the two variants differently', () => {
    expect(filingTitle(sampleProvisionalFilingReceipt)).toBe('رسید موقت ثبت درخواست ۱۴۰۵/۱۲');
    expect(filingTitle({ ...sampleFinalFilingReceipt, duplicate: true })).toBe('رسید ثبت و ارسال درخواست ۱۴۰۵/۱۲ (المثنی)');
  });

  it('promises the tracking code on the provisional receipt, with the local submission id', () => {
    const html = filingHtml(sampleProvisionalFilingReceipt);
    expect(html).toContain(filingReceiptFa.titleProvisional);
    expect(html).toContain(filingReceiptFa.promise);
    expect(html).toContain(sampleProvisionalFilingReceipt.submissionId);
    expect(html).toContain('۱۴۰۵/۰۹/۲۰'); // the legal deadline
    expect(html).toContain('۸ برگ');
    expect(html).not.toContain(filingReceiptFa.titleFinal);
    expect(html).not.toContain('<svg'); // no QR: nothing to verify yet
    expect(html).not.toContain('المثنی');
  });

  it('sets the tracking code, left to right, on the final receipt, with the verification digest', () => {
    const html = filingHtml(sampleFinalFilingReceipt);
    expect(html).toContain(filingReceiptFa.titleFinal);
    expect(html).toContain('<bdi dir="ltr">۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰</bdi>');
    expect(html).toContain('9c2e 4b6d 8f0a 1c3e');
    expect(html).not.toContain(filingReceiptFa.promise);
    expect(html).toContain('<svg');
  });

  it('names, on a remedy’s receipt, the returned request and the case’s tracking code (left to right); no other receipt has them', () => {
    const html = filingHtml({ ...sampleFinalFilingReceipt, remedyOf: { requestYear: 1405, requestNumber: 7, trackingCode: '1405091234567890' } });
    expect(html).toContain(filingReceiptFa.remedyOf);
    expect(html).toContain('۱۴۰۵/۷');
    expect(html).toContain(filingReceiptFa.caseTrackingCode);
    expect(html.split('<bdi dir="ltr">۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰</bdi>')).toHaveLength(3);
    expect(filingHtml(sampleFinalFilingReceipt)).not.toContain(filingReceiptFa.remedyOf);
  });

  it('leaves out the deadline row when there is none, and escapes every field', () => {
    const html = filingHtml({ ...sampleProvisionalFilingReceipt, deadline: null, applicant: { ...sampleProvisionalFilingReceipt.applicant, name: '<script>x</script>' } });
    expect(html).not.toContain(filingReceiptFa.deadline);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    // self-contained: no URL but the inline fonts
    expect(html).not.toMatch(/(?:src|href)=["']?(?:https?:|\/\/)/);
  });
});

describe('a receipt of either kind', () => {
  it('is told apart by what it is for: a body of the other kind is refused', () => {
    expect(parseReceipt(pay(sampleReceipt))).toEqual(pay(sampleReceipt));
    expect(parseReceipt(filing(sampleFinalFilingReceipt))).toEqual(filing(sampleFinalFilingReceipt));
    expect(() => parseReceipt({ for: 'payment', body: sampleProvisionalFilingReceipt })).toThrow();
    expect(() => parseReceipt({ for: 'filing', body: sampleReceipt })).toThrow();
    expect(() => parseReceipt({ for: 'refund', body: sampleReceipt })).toThrow();
  });

  it('draws each kind in its own words on the same page', () => {
    const payment = buildReceiptHtml(pay(sampleReceipt));
    const provisional = buildReceiptHtml(filing(sampleProvisionalFilingReceipt));
    expect(payment.includes('<title>رسید پرداخت شماره ۱۴۰۵/۰۰۰۱۲۳</title>')).toBe(true);
    expect(provisional.includes('<title>رسید موقت ثبت درخواست ۱۴۰۵/۱۲</title>')).toBe(true);
    expect(payment.includes(filingReceiptFa.promise)).toBe(false);
    expect(provisional.includes('class="lines"')).toBe(false);
    for (const html of [payment, provisional]) {
      expect(html.includes('<header>')).toBe(true);
      expect(html.includes('<div class="code">کد دفتر: ۱۲۳۴۵</div>')).toBe(true);
    }
  });

  it('marks a reprint of either kind «المثنی», leaving the original as it was', () => {
    const original = filing(sampleFinalFilingReceipt);
    const reprint = withDuplicate(original, true);
    expect(reprint.body.duplicate).toBe(true);
    expect(original.body.duplicate).toBe(false);
    expect(receiptTitle(reprint)).toBe('رسید ثبت و ارسال درخواست ۱۴۰۵/۱۲ (المثنی)');
    expect(receiptTitle(withDuplicate(pay(sampleReceipt), true))).toBe('رسید پرداخت شماره ۱۴۰۵/۰۰۰۱۲۳ (المثنی)');
  });
});
