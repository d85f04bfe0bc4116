import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOfficeDay } from './effectiveDay';
import { FeeError } from './errors';
import type { JudicialClaim, JudicialClaimKind } from './judicialCosts';
import type { FeeLine, OfficeTariffLine } from './lines';
import { applyDiscount, applyExemption, assertNotAboveTariff, quote, type OfficeTariffExemption, type Quote, type QuoteRequest } from './quote';
import { defaultServiceCatalogue, serviceCodes } from './services';
import { shippedTariffTables as tables } from './tables/index';
import { tableInForce } from './tariff';
import { feeErrorCode } from '../../test/support/feeErrors';

const code = feeErrorCode;

const DAY = '1404-03-15';
const office = (q: Quote) => q.lines.filter((l) => l.kind === 'officeTariff').map((l) => [l.code, l.quantity, l.unitRials, l.amountRials]);
const relief: OfficeTariffExemption = { category: 'reliefCommittee', evidence: { cardNumber: '1234567', confirmationRef: 'استعلام-۸۸۲' } };

describe('quote: office tariff', () => {
  it('charges a petition with its included persons and pages at the base fee alone', () => {
    const q = quote({ service: 'petition', day: DAY, persons: 2, pages: 2 }, tables);
    expect(office(q)).toEqual([['petition', 1, 770_000, 770_000]]);
    expect(q.totals).toEqual({ officeTariffRials: 770_000, judicialCostRials: 0, discountRials: 0, exemptRials: 0, judicialExemptRials: 0, payableRials: 770_000 });
  });

  it('charges each person and page beyond what a petition includes', () => {
    const q = quote({ service: 'petition', day: DAY, persons: 5, pages: 7 }, tables);
    expect(office(q)).toEqual([
      ['petition', 1, 770_000, 770_000],
      ['extraPerson', 3, 70_000, 210_000],
      ['extraPage', 5, 70_000, 350_000],
    ]);
    expect(q.totals.payableRials).toBe(1_330_000);
  });

  it('charges one page more on a petition from the third page, not before', () => {
    expect(quote({ service: 'petition', day: DAY, pages: 2 }, tables).totals.payableRials).toBe(770_000);
    expect(quote({ service: 'petition', day: DAY, pages: 3 }, tables).totals.payableRials).toBe(840_000);
    expect(quote({ service: 'petition', day: DAY, persons: 3 }, tables).totals.payableRials).toBe(840_000);
  });

  it('lowers nothing when a request has fewer persons or pages than included', () => {
    expect(office(quote({ service: 'petition', day: DAY, persons: 1, pages: 0 }, tables))).toEqual([['petition', 1, 770_000, 770_000]]);
  });

  it('charges a formal notice from its second page and third person', () => {
    expect(office(quote({ service: 'formalNotice', day: DAY, persons: 2, pages: 1 }, tables))).toEqual([['formalNotice', 1, 630_000, 630_000]]);
    expect(office(quote({ service: 'formalNotice', day: DAY, persons: 3, pages: 4 }, tables))).toEqual([
      ['formalNotice', 1, 630_000, 630_000],
      ['extraPerson', 1, 70_000, 70_000],
      ['extraPage', 3, 70_000, 210_000],
    ]);
  });

  it('charges a brief beyond its submitter and two pages', () => {
    expect(quote({ service: 'brief', day: DAY, persons: 2, pages: 3 }, tables).totals.officeTariffRials).toBe(630_000 + 70_000 + 70_000);
  });

  it('charges no extras on services without them, whatever the counts', () => {
    expect(office(quote({ service: 'sanaRegistration', day: DAY, persons: 5, pages: 40 }, tables))).toEqual([['sanaRegistration', 1, 335_000, 335_000]]);
  });

  it.each([
    ['petition', 770_000],
    ['complaint', 770_000],
    ['criminalReport', 770_000],
    ['request', 770_000],
    ['objection', 770_000],
    ['formalNotice', 630_000],
    ['brief', 630_000],
    ['expertOpinion', 630_000],
    ['sanaRegistration', 335_000],
    ['sanaEdit', 145_000],
    ['sanaPassword', 55_000],
    ['notificationView', 75_000],
    ['followUp', 75_000],
    ['statusNotice', 75_000],
    ['electronicPayment', 75_000],
    ['powerOfAttorney', 500_000],
    ['protest', 500_000],
    ['criminalRecord', 115_000],
    ['licenceRenewal', 75_000],
  ] as const)('charges %s at %d rials in 1403', (service, rials) => {
    expect(quote({ service, day: '1403-01-01' }, tables).totals.payableRials).toBe(rials);
  });

  it('uses the table in force on the request’s day and records its id', () => {
    const before = quote({ service: 'petition', day: '1402-12-29', persons: 3, pages: 3 }, tables);
    const on = quote({ service: 'petition', day: '1403-01-01', persons: 3, pages: 3 }, tables);
    expect(before.tableId).toBe('office-1399');
    expect(before.totals.payableRials).toBe(238_050 + 29_090 + 29_090);
    expect(on.tableId).toBe('office-1403');
    expect(on.totals.payableRials).toBe(770_000 + 70_000 + 70_000);
  });

  it('refuses a service the table in force has no figure for', () => {
    expect(code(() => quote({ service: 'protest', day: '1402-06-01' }, tables))).toBe('TARIFF_ITEM_MISSING');
  });

  it('refuses a day the calendar does not have: 30 Esfand of a common year', () => {
    expect(code(() => quote({ service: 'petition', day: '1404-12-30' }, tables))).toBe('INVALID_QUOTE_REQUEST');
    expect(quote({ service: 'petition', day: '1403-12-30' }, tables).totals.payableRials).toBeGreaterThan(0);
  });

  it('refuses a day no table covers, a malformed day, an unknown service and bad counts', () => {
    expect(code(() => quote({ service: 'petition', day: '1398-12-29' }, tables))).toBe('NO_TARIFF_IN_FORCE');
    expect(code(() => quote({ service: 'petition', day: '2025-06-05' }, tables))).toBe('INVALID_QUOTE_REQUEST');
    expect(code(() => quote({ service: 'divorce' as 'petition', day: DAY }, tables))).toBe('INVALID_QUOTE_REQUEST');
    expect(code(() => quote({ service: 'toString' as 'petition', day: DAY }, tables))).toBe('INVALID_QUOTE_REQUEST');
    expect(code(() => quote({ service: 'petition', day: DAY, pages: -1 }, tables))).toBe('INVALID_QUOTE_REQUEST');
    expect(code(() => quote({ service: 'petition', day: DAY, persons: 2.5 }, tables))).toBe('INVALID_QUOTE_REQUEST');
    expect(code(() => quote({ service: 'petition', day: DAY, pages: 1e9 }, tables))).toBe('INVALID_QUOTE_REQUEST');
  });

  it('uses a catalogue the hub passes in', () => {
    const services = { ...defaultServiceCatalogue, brief: { ...defaultServiceCatalogue.brief, includedPages: 5 } };
    expect(quote({ service: 'brief', day: DAY, pages: 5 }, tables, { services }).totals.payableRials).toBe(630_000);
  });
});

describe('quote: judicial costs', () => {
  it('adds the judicial costs of a monetary petition after the office tariff', () => {
    const q = quote({ service: 'petition', day: DAY, judicialCosts: { claims: [{ kind: 'monetaryFirstInstance', valueRials: 300_000_000 }], formSheets: 1 } }, tables);
    expect(q.lines.map((l) => [l.kind, l.code, l.amountRials])).toEqual([
      ['officeTariff', 'petition', 770_000],
      ['judicialCost', 'monetaryFirstInstance', 8_500_000],
      ['judicialCost', 'formSheet', 20_000],
    ]);
    expect(q.totals).toMatchObject({ officeTariffRials: 770_000, judicialCostRials: 8_520_000, payableRials: 9_290_000 });
    expect(q.judicialScheduleId).toBe('judicial-1403');
    expect(q.monetaryTierRule).toBe('marginal');
  });

  it('takes the whole-value rule from the options', () => {
    const q = quote({ service: 'petition', day: DAY, judicialCosts: { claims: [{ kind: 'monetaryFirstInstance', valueRials: 300_000_000 }] } }, tables, { monetaryTierRule: 'whole' });
    expect(q.totals.judicialCostRials).toBe(10_500_000);
    expect(q.monetaryTierRule).toBe('whole');
  });

  it('refuses judicial costs on a service they do not come with, and claims of the wrong stage', () => {
    expect(code(() => quote({ service: 'sanaRegistration', day: DAY, judicialCosts: { formSheets: 1 } }, tables))).toBe('INVALID_QUOTE_REQUEST');
    expect(code(() => quote({ service: 'petition', day: DAY, judicialCosts: { claims: [{ kind: 'appeal', valueRials: 1_000_000 }] } }, tables))).toBe('INVALID_QUOTE_REQUEST');
    expect(code(() => quote({ service: 'formalNotice', day: DAY, judicialCosts: { claims: [{ kind: 'unknownValue' }] } }, tables))).toBe('INVALID_QUOTE_REQUEST');
    expect(quote({ service: 'formalNotice', day: DAY, judicialCosts: { formSheets: 1 } }, tables).totals.judicialCostRials).toBe(20_000);
  });

  it('refuses an invalid claim value', () => {
    expect(code(() => quote({ service: 'petition', day: DAY, judicialCosts: { claims: [{ kind: 'monetaryFirstInstance', valueRials: -10 }] } }, tables))).toBe('INVALID_CLAIM_VALUE');
  });

  it('refuses judicial costs on a day no schedule covers', () => {
    expect(code(() => quote({ service: 'petition', day: '1401-05-01', judicialCosts: { claims: [{ kind: 'unknownValue' }] } }, tables))).toBe('NO_JUDICIAL_SCHEDULE_IN_FORCE');
  });

  it('charges no judicial costs to an exempt applicant and keeps them apart from the office exemption', () => {
    const q = quote(
      { service: 'complaint', day: DAY, judicialCosts: { claims: [{ kind: 'criminalComplaint' }], exemption: { category: 'indigentByCourtDecision', evidence: { confirmationRef: 'دادنامه ۵۵' } } } },
      tables,
    );
    expect(q.totals).toMatchObject({ officeTariffRials: 770_000, judicialCostRials: 0, judicialExemptRials: 100_000, exemptRials: 0, payableRials: 770_000 });
    expect(q.judicialExemption?.category).toBe('indigentByCourtDecision');
  });
});

describe('applyDiscount', () => {
  const base = () => quote({ service: 'petition', day: DAY, persons: 3, pages: 4, judicialCosts: { claims: [{ kind: 'unknownValue' }] } }, tables);

  it('takes the discount off the office tariff only, base line first, and records the reason', () => {
    const q = applyDiscount(base(), { amountRials: 800_000, reason: ' همکار بازنشسته ' });
    expect(q.lines.map((l) => [l.code, l.discountRials, l.chargedRials])).toEqual([
      ['petition', 770_000, 0],
      ['extraPerson', 30_000, 40_000],
      ['extraPage', 0, 140_000],
      ['unknownValue', 0, 1_500_000],
    ]);
    expect(q.discount).toEqual({ amountRials: 800_000, reason: 'همکار بازنشسته' });
    expect(q.totals).toMatchObject({ officeTariffRials: 980_000, judicialCostRials: 1_500_000, discountRials: 800_000, payableRials: 1_680_000 });
  });

  it('needs a reason', () => {
    expect(code(() => applyDiscount(base(), { amountRials: 10_000, reason: '' }))).toBe('DISCOUNT_NEEDS_REASON');
    expect(code(() => applyDiscount(base(), { amountRials: 10_000, reason: '  \n' }))).toBe('DISCOUNT_NEEDS_REASON');
    expect(code(() => applyDiscount(base(), { amountRials: 10_000 } as never))).toBe('DISCOUNT_NEEDS_REASON');
  });

  it('can only lower the charge: zero, negative and fractional discounts are refused', () => {
    for (const amountRials of [0, -70_000, 10.5, Number.NaN]) {
      expect(code(() => applyDiscount(base(), { amountRials, reason: 'x' })), String(amountRials)).toBe('INVALID_DISCOUNT');
    }
  });

  it('refuses more than the office tariff, even when judicial costs would cover it', () => {
    expect(code(() => applyDiscount(base(), { amountRials: 980_001, reason: 'x' }))).toBe('DISCOUNT_ABOVE_CHARGE');
    expect(applyDiscount(base(), { amountRials: 980_000, reason: 'x' }).totals.payableRials).toBe(1_500_000);
  });

  it('replaces an earlier discount instead of adding to it', () => {
    const q = applyDiscount(applyDiscount(base(), { amountRials: 900_000, reason: 'a' }), { amountRials: 100_000, reason: 'b' });
    expect(q.totals.discountRials).toBe(100_000);
    expect(q.discount?.reason).toBe('b');
    expect(q.lines[0]).toMatchObject({ discountRials: 100_000, chargedRials: 670_000 });
  });
});

describe('applyExemption (ماده ۱۴)', () => {
  const base = () => quote({ service: 'petition', day: DAY, persons: 4, judicialCosts: { claims: [{ kind: 'monetaryFirstInstance', valueRials: 10_000_000 }] } }, tables);

  it('charges nothing for the office tariff and records it all for the association', () => {
    const q = applyExemption(base(), relief);
    expect(q.lines.filter((l) => l.kind === 'officeTariff').every((l) => l.chargedRials === 0 && l.exemptRials === l.amountRials)).toBe(true);
    expect(q.totals).toEqual({ officeTariffRials: 910_000, judicialCostRials: 250_000, discountRials: 0, exemptRials: 910_000, judicialExemptRials: 0, payableRials: 250_000 });
    expect(q.exemption).toEqual(relief);
  });

  it('needs a confirmation reference and a known category', () => {
    expect(code(() => applyExemption(base(), { category: 'welfarePensioner', evidence: { confirmationRef: ' ' } }))).toBe('EXEMPTION_NEEDS_EVIDENCE');
    expect(code(() => applyExemption(base(), { category: 'indigentPrisoner' } as never))).toBe('EXEMPTION_NEEDS_EVIDENCE');
    expect(code(() => applyExemption(base(), { category: 'indigentByCourtDecision', evidence: { confirmationRef: 'x' } } as never))).toBe('INVALID_QUOTE_REQUEST');
  });

  it('drops an earlier discount, so the association reimburses the tariff', () => {
    const q = applyExemption(applyDiscount(base(), { amountRials: 100_000, reason: 'x' }), relief);
    expect(q.discount).toBeNull();
    expect(q.totals).toMatchObject({ discountRials: 0, exemptRials: 910_000, payableRials: 250_000 });
  });

  it('leaves nothing to discount afterwards', () => {
    expect(code(() => applyDiscount(applyExemption(base(), relief), { amountRials: 1, reason: 'x' }))).toBe('DISCOUNT_ABOVE_CHARGE');
  });
});

describe('assertNotAboveTariff (ماده ۳۸ ذ)', () => {
  const request: QuoteRequest = { service: 'petition', day: DAY, persons: 3, pages: 4 };
  const good = () => quote(request, tables).lines;
  const withLine = (i: number, change: Partial<OfficeTariffLine>): FeeLine[] => good().map((l, j) => (j === i ? ({ ...l, ...change } as FeeLine) : l));

  it('passes the quote’s own lines', () => {
    expect(() => assertNotAboveTariff(good(), tables, DAY, { request })).not.toThrow();
  });

  it('catches a unit price above the tariff', () => {
    expect(code(() => assertNotAboveTariff(withLine(0, { unitRials: 770_001, amountRials: 770_001, chargedRials: 770_001 }), tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
  });

  it('catches a list price above the tariff even when a discount brings the charge back under it', () => {
    const lines = withLine(0, { unitRials: 800_000, amountRials: 800_000, discountRials: 30_000, chargedRials: 770_000 });
    expect(code(() => assertNotAboveTariff(lines, tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
  });

  it('catches a discount or exemption on record that was not taken off the charge', () => {
    expect(code(() => assertNotAboveTariff(withLine(1, { discountRials: 10_000 }), tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
    expect(code(() => assertNotAboveTariff(withLine(0, { exemptRials: 770_000 }), tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
  });

  it('catches a charge larger than its amount, or an amount that is not quantity × unit', () => {
    expect(code(() => assertNotAboveTariff(withLine(0, { chargedRials: 800_000 }), tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
    expect(code(() => assertNotAboveTariff(withLine(1, { amountRials: 140_000, chargedRials: 140_000 }), tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
    expect(code(() => assertNotAboveTariff(withLine(1, { discountRials: -10_000, chargedRials: 80_000 }), tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
    expect(code(() => assertNotAboveTariff(withLine(0, { chargedRials: 770_000.5 }), tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
  });

  it('catches 1403 figures charged on a day the 1399 table was in force', () => {
    expect(code(() => assertNotAboveTariff(good(), tables, '1402-12-29'))).toBe('CHARGE_ABOVE_TARIFF');
  });

  it('catches an item the table has no figure for, and a line of unknown kind', () => {
    const protest: FeeLine = { kind: 'officeTariff', code: 'protest', quantity: 1, unitRials: 100, amountRials: 100, discountRials: 0, exemptRials: 0, chargedRials: 100 };
    expect(code(() => assertNotAboveTariff([protest], tables, '1402-01-01'))).toBe('CHARGE_ABOVE_TARIFF');
    expect(code(() => assertNotAboveTariff([{ ...protest, code: 'stamp' as 'protest' }], tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
    expect(code(() => assertNotAboveTariff([{ ...protest, kind: 'tip' as 'officeTariff' }], tables, DAY))).toBe('CHARGE_ABOVE_TARIFF');
  });

  it('with the request, catches more units than it allows', () => {
    const morePages = withLine(2, { quantity: 5, amountRials: 350_000, chargedRials: 350_000 });
    expect(() => assertNotAboveTariff(morePages, tables, DAY)).not.toThrow(); // each line alone is within tariff
    expect(code(() => assertNotAboveTariff(morePages, tables, DAY, { request }))).toBe('CHARGE_ABOVE_TARIFF');
    expect(code(() => assertNotAboveTariff([...good(), good()[0]!], tables, DAY, { request }))).toBe('CHARGE_ABOVE_TARIFF');
    expect(code(() => assertNotAboveTariff(good(), tables, DAY, { request: { ...request, day: '1404-03-16' } }))).toBe('CHARGE_ABOVE_TARIFF');
  });

  it('with the request, catches judicial costs above the computed ones', () => {
    const req: QuoteRequest = { ...request, judicialCosts: { claims: [{ kind: 'criminalComplaint' }] } };
    const lines = quote({ ...req, service: 'complaint' }, tables).lines;
    const inflated = lines.map((l) => (l.kind === 'judicialCost' ? { ...l, unitRials: 150_000, amountRials: 150_000, chargedRials: 150_000 } : l));
    expect(() => assertNotAboveTariff(lines, tables, DAY, { request: { ...req, service: 'complaint' } })).not.toThrow();
    expect(code(() => assertNotAboveTariff(inflated, tables, DAY, { request: { ...req, service: 'complaint' } }))).toBe('CHARGE_ABOVE_TARIFF');
  });
});

// ---- properties -------------------------------------------------------------------------------

const dayArb = fc
  .record({ y: fc.integer({ min: 1399, max: 1406 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 30 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
  // only days the calendar has: 30 Esfand of a common year (1404-12-30) is refused as a day
  .filter((day) => isOfficeDay(day));

const claimArb = (kind: JudicialClaimKind): fc.Arbitrary<JudicialClaim> => {
  switch (kind) {
    case 'nonMonetary':
      return fc.integer({ min: 400_000, max: 1_800_000 }).map((amountRials) => ({ kind, amountRials }));
    case 'unknownValue':
    case 'criminalComplaint':
    case 'adminCourtFirstInstance':
    case 'adminCourtAppeal':
      return fc.constant({ kind });
    default:
      return fc
        .oneof(fc.integer({ min: 1, max: 1_000_000_000_000_000 }), fc.integer({ min: 199_999_000, max: 200_001_000 }))
        .map((valueRials) => ({ kind, valueRials }));
  }
};

const requestArb: fc.Arbitrary<QuoteRequest> = fc.constantFrom(...serviceCodes).chain((service) => {
  const def = defaultServiceCatalogue[service];
  const judicial = def.judicialCostsApply
    ? fc.option(
        fc.record(
          {
            claims: def.claimKinds.length > 0 ? fc.array(fc.constantFrom(...def.claimKinds).chain(claimArb), { maxLength: 3 }) : fc.constant([]),
            formSheets: fc.integer({ min: 0, max: 5 }),
            certifiedCopies: fc.integer({ min: 0, max: 5 }),
            exemption: fc.constantFrom('reliefCommittee' as const, 'welfarePensioner' as const, 'indigentByCourtDecision' as const).map((category) => ({
              category,
              evidence: { cardNumber: '55', confirmationRef: 'ref' },
            })),
          },
          { requiredKeys: [] },
        ),
        { nil: undefined },
      )
    : fc.constant(undefined);
  return fc.record(
    {
      service: fc.constant(service),
      day: dayArb,
      persons: fc.integer({ min: 0, max: 60 }),
      pages: fc.integer({ min: 0, max: 400 }),
      judicialCosts: judicial,
    },
    { requiredKeys: ['service', 'day'] },
  );
});

interface Adjustment {
  discount: { amountRials: number; reason: string } | undefined;
  exempt: boolean;
  exemptFirst: boolean;
}

const adjustmentArb: fc.Arbitrary<Adjustment> = fc.record({
  discount: fc.option(fc.record({ amountRials: fc.oneof(fc.integer({ min: 1, max: 3_000_000 }), fc.integer({ min: 1, max: 100_000_000 })), reason: fc.constant('مشتری قدیمی') }), { nil: undefined }),
  exempt: fc.boolean(),
  exemptFirst: fc.boolean(),
});

/** The quote, or null when its day legitimately has no figure (a 1399-only day, or no judicial schedule yet). */
function quoteOrNull(request: QuoteRequest): Quote | null {
  try {
    return quote(request, tables);
  } catch (e) {
    const c = e instanceof FeeError ? e.code : undefined;
    const table = tableInForce(tables, request.day);
    if (c === 'TARIFF_ITEM_MISSING') {
      expect(table.items[defaultServiceCatalogue[request.service].baseItem]).toBeUndefined();
      return null;
    }
    if (c === 'NO_JUDICIAL_SCHEDULE_IN_FORCE') {
      expect(request.day < '1402-01-01' && request.judicialCosts !== undefined).toBe(true);
      return null;
    }
    throw e;
  }
}

/** A discount, an exemption, both in either order, or neither; a discount above what is left must be refused. */
function adjust(q: Quote, a: Adjustment): Quote {
  let out = q;
  const discount = (x: Quote): Quote => {
    if (!a.discount) return x;
    const left = x.lines.reduce((s, l) => s + (l.kind === 'officeTariff' ? l.chargedRials : 0), 0);
    if (a.discount.amountRials > left) {
      expect(code(() => applyDiscount(x, a.discount!))).toBe('DISCOUNT_ABOVE_CHARGE');
      return x;
    }
    return applyDiscount(x, a.discount);
  };
  if (a.exempt && a.exemptFirst) out = applyExemption(out, relief);
  out = discount(out);
  if (a.exempt && !a.exemptFirst) out = applyExemption(out, relief);
  return out;
}

/** Checks 500 generated requests that quote, each with a generated discount and/or exemption applied (`adjust`). */
function forEveryAdjustedQuote(check: (request: QuoteRequest, q: Quote, adjusted: Quote) => void): void {
  fc.assert(
    fc.property(requestArb, adjustmentArb, (request, a) => {
      const q = quoteOrNull(request);
      if (q === null) return;
      check(request, q, adjust(q, a));
    }),
    { numRuns: 500 },
  );
}

describe('quote properties', () => {
  it('never charges an office-tariff line above the tariff, with or without a discount or exemption', () => {
    forEveryAdjustedQuote((request, _q, adjusted) => {
        assertNotAboveTariff(adjusted.lines, tables, request.day, { request });
        const table = tableInForce(tables, request.day);
        for (const l of adjusted.lines) if (l.kind === 'officeTariff') expect(l.chargedRials).toBeLessThanOrEqual(l.quantity * table.items[l.code]!);
    });
  });

  it('keeps totals whole and payable = office + judicial − discount − exempt ≥ 0', () => {
    forEveryAdjustedQuote((_request, q, adjusted) => {
        const t = adjusted.totals;
        for (const v of Object.values(t)) {
          expect(Number.isSafeInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(t.payableRials).toBe(t.officeTariffRials + t.judicialCostRials - t.discountRials - t.exemptRials);
        expect(t.payableRials).toBe(adjusted.lines.reduce((s, l) => s + l.chargedRials, 0));
        expect(t.payableRials).toBeLessThanOrEqual(q.totals.payableRials);
        expect(t.judicialCostRials).toBe(q.totals.judicialCostRials);
        expect(t.officeTariffRials).toBe(q.totals.officeTariffRials);
        for (const l of adjusted.lines) expect(l.chargedRials).toBeGreaterThanOrEqual(0);
        if (adjusted.discount) expect(t.discountRials).toBe(adjusted.discount.amountRials);
        if (adjusted.exemption) expect(t.exemptRials).toBe(t.officeTariffRials);
    });
  });

  it('lowers the payable by exactly the discount', () => {
    fc.assert(
      fc.property(requestArb, fc.integer({ min: 1, max: 5_000_000 }), (request, amount) => {
        const q = quoteOrNull(request);
        if (q === null) return;
        const left = q.totals.officeTariffRials;
        if (amount > left) {
          expect(code(() => applyDiscount(q, { amountRials: amount, reason: 'r' }))).toBe('DISCOUNT_ABOVE_CHARGE');
          return;
        }
        expect(applyDiscount(q, { amountRials: amount, reason: 'r' }).totals.payableRials).toBe(q.totals.payableRials - amount);
      }),
    );
  });

  it('catches any office line raised above what the quote gave', () => {
    fc.assert(
      fc.property(requestArb, fc.nat(), fc.integer({ min: 1, max: 1_000_000 }), (request, pick, raise) => {
        const q = quoteOrNull(request);
        if (q === null) return;
        const officeIdx = q.lines.flatMap((l, i) => (l.kind === 'officeTariff' ? [i] : []));
        const i = officeIdx[pick % officeIdx.length]!;
        const raised = q.lines.map((l, j) => (j === i ? { ...l, unitRials: l.unitRials + raise, amountRials: l.quantity * (l.unitRials + raise), chargedRials: l.quantity * (l.unitRials + raise) } : l));
        expect(code(() => assertNotAboveTariff(raised, tables, request.day))).toBe('CHARGE_ABOVE_TARIFF');
      }),
    );
  });
});
