import { describe, expect, it } from 'vitest';
import { buildReportHtml } from './template';

const page = (reason: string) =>
  buildReportHtml({
    officeName: 'دفتر <b>1234</b>',
    officeCode: '1234',
    generatedAt: '2026-11-28T15:00:00.000Z',
    report: {
      kind: 'discounts',
      data: {
        from: '1405-09-01',
        to: '1405-09-07',
        rows: [{ day: '1405-09-07', requestYear: 1405, requestNumber: 1, receiptYear: 1405, receiptNumber: 12, service: 'petition', officeTariffRials: 910_000, discountRials: 100_000, reason, clerk: 'رضا' }],
        total: { count: 1, officeTariffRials: 910_000, discountRials: 100_000 },
      },
    },
  });

describe('report HTML', () => {
  it('is self-contained: no script, no URL but the embedded fonts', () => {
    const html = page('همسایه');
    expect(html).not.toMatch(/<script/i);
    expect(html.replace(/url\(data:[^)]*\)/g, '')).not.toMatch(/url\(|https?:|src=/i);
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain("@page { size: A4; margin: 12mm 10mm; }");
  });

  it('escapes every field and prints figures with Persian digits and separators', () => {
    const html = page('<img src=x onerror=alert(1)>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('دفتر &#60;b&#62;۱۲۳۴&#60;/b&#62;');
    expect(html).toContain('۹۱۰٬۰۰۰');
    expect(html).toContain('۱۴۰۵/۰۰۰۰۱۲');
    expect(html).toContain('یکصد هزار ریال');
  });
});
