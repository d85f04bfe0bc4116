import { describe, expect, it } from 'vitest';
import { moneyReportCsv } from './moneyReportCsv';

describe('moneyReportCsv', () => {
  const discounts = {
    from: '1405-09-01',
    to: '1405-09-07',
    rows: [{ day: '1405-09-07', requestYear: 1405, requestNumber: 1, receiptYear: 1405, receiptNumber: 1, service: 'petition' as const, officeTariffRials: 910_000, discountRials: 100_000, reason: '=HYPERLINK("x")', clerk: 'رضا' }],
    total: { count: 1, officeTariffRials: 910_000, discountRials: 100_000 },
  };
  const csv = moneyReportCsv({ kind: 'discounts', data: discounts });
  const lines = csv.split('\r\n');

  it('is UTF-8 with a BOM and CRLF lines, Persian headings, amounts as Latin-digit integers', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines[1]).toBe('"تاریخ","شماره درخواست","شماره رسید","خدمت","تعرفه (ریال)","تخفیف (ریال)","علت","متصدی"');
    expect(lines[2]).toBe('"1405/09/07","1405/1","1405/000001","دادخواست","910000","100000","\'=HYPERLINK(""x"")","رضا"');
    expect(lines[3]).toBe('"جمع","","","","910000","100000","",""');
  });
});
