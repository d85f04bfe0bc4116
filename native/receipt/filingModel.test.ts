import { describe, expect, it } from 'vitest';
import { formatDigest, formatRequestNumber, formatTrackingCode, parseFilingReceipt } from './filingModel';
import { buildFilingReceiptHtml, filingReceiptTitle } from './filingTemplate';
import { filingReceiptFa } from './labels.fa';
import { sampleFinalFilingReceipt, sampleProvisionalFilingReceipt } from '../../test/support/receiptSamples';

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

describe('buildFilingReceiptHtml', () => {
  it('titles the two variants differently', () => {
    expect(filingReceiptTitle(sampleProvisionalFilingReceipt)).toBe('رسید موقت ثبت درخواست ۱۴۰۵/۱۲');
    expect(filingReceiptTitle({ ...sampleFinalFilingReceipt, duplicate: true })).toBe('رسید ثبت و ارسال درخواست ۱۴۰۵/۱۲ (المثنی)');
  });

  it('promises the tracking code on the provisional receipt, with the local submission id', () => {
    const html = buildFilingReceiptHtml(sampleProvisionalFilingReceipt);
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
    const html = buildFilingReceiptHtml(sampleFinalFilingReceipt);
    expect(html).toContain(filingReceiptFa.titleFinal);
    expect(html).toContain('<bdi dir="ltr">۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰</bdi>');
    expect(html).toContain('9c2e 4b6d 8f0a 1c3e');
    expect(html).not.toContain(filingReceiptFa.promise);
    expect(html).toContain('<svg');
  });

  it('leaves out the deadline row when there is none, and escapes every field', () => {
    const html = buildFilingReceiptHtml({ ...sampleProvisionalFilingReceipt, deadline: null, applicant: { ...sampleProvisionalFilingReceipt.applicant, name: '<script>x</script>' } });
    expect(html).not.toContain(filingReceiptFa.deadline);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    // self-contained: no URL but the inline fonts
    expect(html).not.toMatch(/(?:src|href)=["']?(?:https?:|\/\/)/);
  });
});
