import { describe, expect, it } from 'vitest';
import { judicialClaimKinds } from './judicialCosts';
import { defaultServiceCatalogue, serviceCodes } from './services';
import { officeTariff1403 } from './tables/1403';

describe('the service catalogue', () => {
  it('defines every service under its own code', () => {
    expect(Object.keys(defaultServiceCatalogue).sort()).toEqual([...serviceCodes].sort());
    for (const code of serviceCodes) expect(defaultServiceCatalogue[code].code).toBe(code);
  });

  it('bases every service on an item the 1403 tariff sets', () => {
    for (const code of serviceCodes) expect(officeTariff1403.items[defaultServiceCatalogue[code].baseItem], code).toBeTypeOf('number');
  });

  it('includes one plaintiff, one defendant and two attachment pages in a petition (FEES.md)', () => {
    expect(defaultServiceCatalogue.petition).toMatchObject({ baseItem: 'petition', includedPersons: 2, includedPages: 2, chargesExtraPersons: true, chargesExtraPages: true, judicialCostsApply: true });
  });

  it('includes one sender, one addressee and one page in a formal notice (FEES.md)', () => {
    expect(defaultServiceCatalogue.formalNotice).toMatchObject({ baseItem: 'formalNotice', includedPersons: 2, includedPages: 1, chargesExtraPersons: true, chargesExtraPages: true });
  });

  it('charges complaints, reports, requests and objections under the petition item', () => {
    for (const code of ['complaint', 'criminalReport', 'request', 'objection'] as const) expect(defaultServiceCatalogue[code].baseItem).toBe('petition');
  });

  it('lists claims only for services whose judicial costs apply, and only known claim kinds', () => {
    for (const code of serviceCodes) {
      const s = defaultServiceCatalogue[code];
      if (!s.judicialCostsApply) expect(s.claimKinds, code).toEqual([]);
      for (const k of s.claimKinds) expect(judicialClaimKinds).toContain(k);
    }
  });

  it('charges no extras for services FEES.md gives no extras for', () => {
    for (const code of ['sanaRegistration', 'sanaEdit', 'sanaPassword', 'notificationView', 'followUp', 'statusNotice', 'electronicPayment', 'powerOfAttorney', 'protest', 'criminalRecord', 'licenceRenewal'] as const) {
      expect(defaultServiceCatalogue[code], code).toMatchObject({ chargesExtraPersons: false, chargesExtraPages: false, judicialCostsApply: false });
    }
  });
});

describe('remedy (رفع نقص)', () => {
  it('charges each new page once at the attachment-page item, and nothing else', async () => {
    const { quote } = await import('./quote');
    const { shippedTariffTables } = await import('./tables');
    const q = quote({ service: 'remedy', day: '1405-09-10', pages: 2, persons: 3 }, shippedTariffTables);
    expect(q.lines.map((l) => [l.code, l.quantity, l.unitRials])).toEqual([
      ['extraPage', 1, 70_000],
      ['extraPage', 1, 70_000],
    ]);
    expect(q.totals.payableRials).toBe(140_000);
    const one = quote({ service: 'remedy', day: '1405-09-10', pages: 1 }, shippedTariffTables);
    expect(one.totals.payableRials).toBe(70_000);
  });
});
