import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOfficeDay } from './effectiveDay';
import { FeeError } from './errors';
import { officeTariff1399 } from './tables/1399';
import { officeTariff1403 } from './tables/1403';
import { shippedTariffTables } from './tables/index';
import { addTable, tableInForce, tariffItemCodes, tariffRials, validateTables, type TariffItemCode, type TariffTable } from './tariff';
import { feeErrorCode } from '../../test/support/feeErrors';

const code = feeErrorCode;

const table1404: TariffTable = {
  id: 'office-1404',
  title: 'تعرفه ۱۴۰۴',
  effectiveFrom: '1404-01-01',
  source: 'test',
  items: { ...officeTariff1403.items, petition: 900_000 },
};

describe('shipped office tariff tables', () => {
  const expected1399: Partial<Record<TariffItemCode, number>> = {
    petition: 238_050,
    formalNotice: 198_380,
    brief: 198_380,
    extraPage: 29_090,
    extraPerson: 29_090,
    sanaRegistration: 115_000,
    sanaEdit: 46_000,
    sanaPassword: 23_000,
    notificationView: 25_300,
    followUp: 25_300,
    statusNotice: 27_830,
    electronicPayment: 14_540,
    powerOfAttorney: 200_000,
  };
  const expected1403: Record<TariffItemCode, number> = {
    petition: 770_000,
    formalNotice: 630_000,
    brief: 630_000,
    extraPage: 70_000,
    extraPerson: 70_000,
    sanaRegistration: 335_000,
    sanaEdit: 145_000,
    sanaPassword: 55_000,
    notificationView: 75_000,
    followUp: 75_000,
    statusNotice: 75_000,
    electronicPayment: 75_000,
    powerOfAttorney: 500_000,
    protest: 500_000,
    criminalRecord: 115_000,
    licenceRenewal: 75_000,
  };

  it.each(tariffItemCodes)('carries the FEES.md figure for %s in 1399 and 1403', (item) => {
    expect(officeTariff1403.items[item]).toBe(expected1403[item]);
    expect(officeTariff1399.items[item]).toBe(expected1399[item]);
  });

  it('has no 1399 figure for protest, criminal record or licence renewal, so they cannot be charged under it', () => {
    for (const item of ['protest', 'criminalRecord', 'licenceRenewal'] as const) {
      expect(code(() => tariffRials(officeTariff1399, item))).toBe('TARIFF_ITEM_MISSING');
    }
  });

  it('takes effect on the first day of each year and passes validation', () => {
    expect(officeTariff1399.effectiveFrom).toBe('1399-01-01');
    expect(officeTariff1403.effectiveFrom).toBe('1403-01-01');
    expect(() => validateTables(shippedTariffTables)).not.toThrow();
  });

  it('cannot be changed at run time', () => {
    expect(() => {
      (officeTariff1403.items as Record<string, number>).petition = 1;
    }).toThrow(TypeError);
    expect(officeTariff1403.items.petition).toBe(770_000);
  });
});

describe('tableInForce', () => {
  it('switches to a table exactly on its effective day', () => {
    expect(tableInForce(shippedTariffTables, '1402-12-29').id).toBe('office-1399');
    expect(tableInForce(shippedTariffTables, '1403-01-01').id).toBe('office-1403');
    expect(tableInForce(shippedTariffTables, '1399-01-01').id).toBe('office-1399');
  });

  it('refuses a day before the first table with NO_TARIFF_IN_FORCE', () => {
    expect(code(() => tableInForce(shippedTariffTables, '1398-12-29'))).toBe('NO_TARIFF_IN_FORCE');
    expect(code(() => tableInForce([], '1403-05-05'))).toBe('NO_TARIFF_IN_FORCE');
  });

  it('does not depend on the order the tables are listed in', () => {
    const tables = [table1404, officeTariff1399, officeTariff1403];
    expect(tableInForce(tables, '1403-12-30').id).toBe('office-1403');
    expect(tableInForce(tables, '1404-01-01').id).toBe('office-1404');
  });

  it('refuses a malformed or Gregorian day rather than picking the latest table', () => {
    for (const day of ['2024-03-20', '1403/01/01', '1403-1-1', '1403-13-01', '1403-07-31', '1403-00-10', '']) {
      expect(() => tableInForce(shippedTariffTables, day), day).toThrow(RangeError);
    }
  });

  it('always picks the latest table that took effect on or before the day', () => {
    const dayArb = fc
      .record({ y: fc.integer({ min: 1390, max: 1410 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 29 }) })
      .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    const tablesArb = fc.uniqueArray(dayArb, { minLength: 1, maxLength: 6 }).map((days) => days.map((effectiveFrom, i): TariffTable => ({ ...officeTariff1403, id: `t${i}`, effectiveFrom })));
    fc.assert(
      fc.property(tablesArb, dayArb, (tables, day) => {
        const started = tables.filter((t) => t.effectiveFrom <= day).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
        if (started.length === 0) expect(code(() => tableInForce(tables, day))).toBe('NO_TARIFF_IN_FORCE');
        else expect(tableInForce(tables, day).id).toBe(started.at(-1)!.id);
      }),
    );
  });
});

describe('validateTables', () => {
  it('refuses two tables taking effect on the same day with TARIFF_OVERLAP', () => {
    const twin = { ...officeTariff1403, id: 'office-1403-bis' };
    expect(code(() => validateTables([officeTariff1403, twin]))).toBe('TARIFF_OVERLAP');
  });

  it('refuses two tables with the same id with TARIFF_OVERLAP', () => {
    expect(code(() => validateTables([officeTariff1403, { ...table1404, id: 'office-1403' }]))).toBe('TARIFF_OVERLAP');
  });

  it.each([
    ['a negative amount', { petition: -1 }],
    ['a fractional amount', { petition: 770_000.5 }],
    ['a non-number', { petition: '770000' as unknown as number }],
    ['NaN', { extraPage: Number.NaN }],
    ['an absurd amount', { extraPage: 10_000_000_000 }],
    ['an unknown item', { stamp: 1_000 } as Partial<Record<TariffItemCode, number>>],
  ])('refuses a table with %s as INVALID_TARIFF', (_, items) => {
    expect(code(() => validateTables([{ ...table1404, items: { ...table1404.items, ...items } }]))).toBe('INVALID_TARIFF');
  });

  it('refuses a table without a source, a title or a Jalali effective day', () => {
    expect(code(() => validateTables([{ ...table1404, source: ' ' }]))).toBe('INVALID_TARIFF');
    expect(code(() => validateTables([{ ...table1404, title: '' }]))).toBe('INVALID_TARIFF');
    expect(code(() => validateTables([{ ...table1404, effectiveFrom: '2025-03-21' }]))).toBe('INVALID_TARIFF');
  });

  it('accepts a zero figure: charging nothing is never above tariff', () => {
    expect(() => validateTables([{ ...table1404, items: { ...table1404.items, followUp: 0 } }])).not.toThrow();
  });
});

describe('addTable', () => {
  it('adds next year’s table and returns the list oldest first without touching the input', () => {
    const input = [officeTariff1403, officeTariff1399];
    const next = addTable(input, table1404);
    expect(next.map((t) => t.id)).toEqual(['office-1399', 'office-1403', 'office-1404']);
    expect(input.map((t) => t.id)).toEqual(['office-1403', 'office-1399']);
    expect(tableInForce(next, '1404-01-01').items.petition).toBe(900_000);
  });

  it('never overwrites a table: the same effective day or id is refused', () => {
    expect(code(() => addTable(shippedTariffTables, { ...table1404, effectiveFrom: '1403-01-01' }))).toBe('TARIFF_OVERLAP');
    expect(code(() => addTable(shippedTariffTables, { ...table1404, id: 'office-1399' }))).toBe('TARIFF_OVERLAP');
  });

  it('keeps its own copy, so changing the added object later changes nothing', () => {
    const mine = { ...table1404, items: { ...table1404.items } };
    const next = addTable(shippedTariffTables, mine);
    mine.items.petition = 5_000_000;
    expect(tableInForce(next, '1404-06-01').items.petition).toBe(900_000);
  });

  it('refuses a malformed table', () => {
    expect(code(() => addTable(shippedTariffTables, { ...table1404, items: null as unknown as TariffTable['items'] }))).toBe('INVALID_TARIFF');
    expect(code(() => addTable(shippedTariffTables, { ...table1404, items: { petition: -5 } }))).toBe('INVALID_TARIFF');
  });
});

describe('isOfficeDay', () => {
  it('accepts Jalali days and the 31st only in the first six months', () => {
    expect(isOfficeDay('1403-06-31')).toBe(true);
    expect(isOfficeDay('1403-07-31')).toBe(false);
    expect(isOfficeDay('1403-12-30')).toBe(true);
    expect(isOfficeDay(14030101)).toBe(false);
  });

  it('has 30 Esfand only in a leap year: a table may not take effect on 1404-12-30, a day that never comes', () => {
    expect(isOfficeDay('1403-12-30')).toBe(true); // 1403 is leap
    expect(isOfficeDay('1404-12-30')).toBe(false);
    expect(() => addTable(shippedTariffTables, { ...officeTariff1403, id: 'x', effectiveFrom: '1404-12-30' })).toThrow(FeeError);
  });
});
