import { describe, expect, it } from 'vitest';
import { formatRials, formatRialsDigits, formatReceiptNumber, parseReceipt } from './model';
import { sampleReceipt } from '../../test/support/receiptSamples';
import { buildReceiptHtml, escapeHtml, receiptTitle } from './template';

describe('receipt formatting', () => {
  it('groups rials with Persian digits and the Arabic thousands separator', () => {
    expect(formatRialsDigits(770_000)).toBe('۷۷۰٬۰۰۰');
    expect(formatRialsDigits(1_234_567_890)).toBe('۱٬۲۳۴٬۵۶۷٬۸۹۰');
    expect(formatRialsDigits(0)).toBe('۰');
    expect(formatRials(999)).toBe('۹۹۹ ریال');
  });

  it('numbers receipts per year', () => {
    expect(formatReceiptNumber({ receiptYear: 1405, receiptNumber: 123 })).toBe('۱۴۰۵/۰۰۰۱۲۳');
    expect(receiptTitle({ ...sampleReceipt, duplicate: true })).toBe('رسید پرداخت شماره ۱۴۰۵/۰۰۰۱۲۳ (المثنی)');
  });

  it('accepts the sample and rejects bad data', () => {
    expect(parseReceipt(sampleReceipt)).toEqual(sampleReceipt);
    expect(() => parseReceipt({ ...sampleReceipt, lines: [] })).toThrow();
    expect(() => parseReceipt({ ...sampleReceipt, issuedAt: 'yesterday' })).toThrow();
    expect(() => parseReceipt({ ...sampleReceipt, verifyHash: 'not hex' })).toThrow();
    expect(() => parseReceipt({ ...sampleReceipt, payment: { ...sampleReceipt.payment, maskedCard: '6037991234561234' } })).toThrow();
    expect(() => parseReceipt({ ...sampleReceipt, totalRials: 870_000 })).toThrow(/total/);
  });
});

describe('buildReceiptHtml', () => {
  it('escapes every field', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    const evil = '<img src=x onerror=alert(1)>';
    const html = buildReceiptHtml({
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
    const html = buildReceiptHtml(sampleReceipt);
    expect(html.includes('src:url(data:font/woff2;base64,')).toBe(true);
    expect(/(?:src|href)\s*=\s*["']?(?:https?:|\/\/)/i.test(html)).toBe(false);
    expect(/url\((?!data:)/.test(html)).toBe(false);
    expect(html.includes('<html lang="fa" dir="rtl">')).toBe(true);
  });

  it('isolates bank references left-to-right and marks reprints', () => {
    const html = buildReceiptHtml({ ...sampleReceipt, duplicate: true });
    expect(html.includes('<bdi dir="ltr">603799******1234</bdi>')).toBe(true);
    expect(html.includes('<bdi dir="ltr">123456789012</bdi>')).toBe(true);
    expect(html.includes('class="dup">المثنی<')).toBe(true);
    expect(buildReceiptHtml(sampleReceipt).includes('المثنی')).toBe(false);
  });
});
