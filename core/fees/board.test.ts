import { describe, expect, it } from 'vitest';
import { tariffBoardOf } from './board';
import { shippedTariffTables } from './tables';
import { shippedJudicialCostSchedules } from './tables/judicial1403';
import type { TariffTable } from './tariff';

const next: TariffTable = { id: 'office-1406', title: 'تعرفه ۱۴۰۶', effectiveFrom: '1406-01-01', source: 'بخشنامهٔ ۱۲۳/۴۵', items: { petition: 900_000 } };

describe('the tariff board (ماده ۳۴ ت)', () => {
  it('shows the table in force on the day, its items in the catalogue order, and the judicial costs', () => {
    const b = tariffBoardOf(shippedTariffTables, shippedJudicialCostSchedules, '1405-09-16');
    expect(b.office?.id).toBe('office-1403');
    expect(b.office?.items[0]).toEqual({ code: 'petition', rials: 770_000 });
    expect(b.office?.items).toHaveLength(16);
    expect(b.judicial?.fixed.find((x) => x.code === 'formSheet')?.rials).toBe(20_000);
    expect(b.judicial?.percentages.slice(0, 2)).toEqual([
      { code: 'monetaryFirstInstance', perMille: 25, upToRials: 200_000_000 },
      { code: 'monetaryFirstInstance', perMille: 35, aboveRials: 200_000_000 },
    ]);
    expect(b.nextChangeDay).toBeNull();
  });

  it('changes on the day a new table takes effect, and names that day before it', () => {
    const tables = [...shippedTariffTables, next];
    const eve = tariffBoardOf(tables, shippedJudicialCostSchedules, '1405-12-29');
    expect(eve.office?.id).toBe('office-1403');
    expect(eve.nextChangeDay).toBe('1406-01-01');
    const day = tariffBoardOf(tables, shippedJudicialCostSchedules, '1406-01-01');
    expect(day.office?.id).toBe('office-1406');
    expect(day.office?.items).toEqual([{ code: 'petition', rials: 900_000 }]);
    expect(day.nextChangeDay).toBeNull();
  });

  it('leaves out an item the table lacks (1399 had no «واخواست»)', () => {
    const b = tariffBoardOf(shippedTariffTables, shippedJudicialCostSchedules, '1400-05-01');
    expect(b.office?.id).toBe('office-1399');
    expect(b.office?.items.map((x) => x.code)).not.toContain('protest');
    // no judicial schedule before 1402 on record
    expect(b.judicial).toBeNull();
    expect(b.nextChangeDay).toBe('1402-01-01');
  });

  it('has no office table before the first one, and refuses a malformed day', () => {
    expect(tariffBoardOf(shippedTariffTables, shippedJudicialCostSchedules, '1398-01-01').office).toBeNull();
    expect(() => tariffBoardOf(shippedTariffTables, shippedJudicialCostSchedules, '2026-12-07')).toThrow(RangeError);
  });
});

describe('the tariff board in Persian', async () => {
  const { jalaliDayInWords, perMilleAsPercentFa, officeTariffRows, judicialCostRows } = await import('./boardLabels.fa');
  it('writes days in words and per-mille as percentages, in Persian digits', () => {
    expect(jalaliDayInWords('1406-01-01')).toBe('۱ فروردین ۱۴۰۶');
    expect(jalaliDayInWords('1403-12-30')).toBe('۳۰ اسفند ۱۴۰۳');
    expect(perMilleAsPercentFa(25)).toBe('۲٫۵٪');
    expect(perMilleAsPercentFa(30)).toBe('۳٪');
  });
  it('has one row per item and figure, grouped rials in Persian digits', () => {
    const b = tariffBoardOf(shippedTariffTables, shippedJudicialCostSchedules, '1405-09-16');
    const office = officeTariffRows(b);
    expect(office[0]).toEqual({ key: 'petition', label: 'تنظیم و ثبت دادخواست، شکوائیه یا درخواست', figure: '۷۷۰٬۰۰۰' });
    const judicial = judicialCostRows(b);
    expect(judicial).toHaveLength(6 + 1 + 7);
    expect(judicial.find((r) => r.key === 'nonMonetary')?.figure).toBe('۴۰۰٬۰۰۰ تا ۱٬۸۰۰٬۰۰۰');
    expect(judicial.find((r) => r.key === 'monetaryFirstInstance-0')).toMatchObject({ label: 'هزینهٔ دادرسی مرحلهٔ بدوی، تا ۲۰۰٬۰۰۰٬۰۰۰ ریال', figure: '۲٫۵٪ از بهای خواسته' });
  });
});
