import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeeError } from './errors';
import {
  judicialCostLines,
  judicialScheduleInForce,
  MAX_CLAIM_VALUE_RIALS,
  monetaryFirstInstanceCost,
  perMilleOf,
  validateJudicialSchedules,
  type JudicialClaim,
} from './judicialCosts';
import { judicialCosts1403 as s } from './tables/judicial1403';
import { feeErrorCode } from '../../test/support/feeErrors';

const code = feeErrorCode;

const amounts = (claims: JudicialClaim[]) => judicialCostLines({ claims }, s).map((l) => l.amountRials);

describe('monetary first-instance claims (2.5 % / 3.5 %)', () => {
  it.each([
    // value, marginal, whole
    [1, 0, 0], // 0.025 rounds down
    [20, 1, 1], // 0.5 rounds half up
    [1_000_000, 25_000, 25_000],
    [199_999_999, 5_000_000, 5_000_000], // 4,999,999.975 → 5,000,000
    [200_000_000, 5_000_000, 5_000_000], // the threshold itself is at 2.5 %
    [200_000_001, 5_000_000, 7_000_000], // 5,000,000.035 / 7,000,000.035
    [200_000_100, 5_000_004, 7_000_004], // 5,000,003.5 → 5,000,004 (half up); 7,000,003.5 → 7,000,004
    [300_000_000, 8_500_000, 10_500_000],
    [1_000_000_000, 33_000_000, 35_000_000],
    [MAX_CLAIM_VALUE_RIALS, 34_999_998_000_000, 35_000_000_000_000], // 5,000,000 + 3.5 % of (10^15 − 2×10^8)
  ])('on a claim of %d rials: %d marginal, %d whole', (value, marginal, whole) => {
    expect(monetaryFirstInstanceCost(value, s, 'marginal')).toBe(marginal);
    expect(monetaryFirstInstanceCost(value, s, 'whole')).toBe(whole);
  });

  it('applies the marginal rule unless told otherwise', () => {
    expect(monetaryFirstInstanceCost(300_000_000, s)).toBe(8_500_000);
    expect(amounts([{ kind: 'monetaryFirstInstance', valueRials: 300_000_000 }])).toEqual([8_500_000]);
    expect(judicialCostLines({ claims: [{ kind: 'monetaryFirstInstance', valueRials: 300_000_000 }] }, s, 'whole')[0]?.amountRials).toBe(10_500_000);
  });

  it('never decreases as the claim grows, and whole is never below marginal', () => {
    const v = fc.integer({ min: 1, max: MAX_CLAIM_VALUE_RIALS - 1 });
    fc.assert(
      fc.property(v, (value) => {
        const m = monetaryFirstInstanceCost(value, s, 'marginal');
        expect(monetaryFirstInstanceCost(value + 1, s, 'marginal')).toBeGreaterThanOrEqual(m);
        expect(monetaryFirstInstanceCost(value, s, 'whole')).toBeGreaterThanOrEqual(m);
        expect(Number.isSafeInteger(m)).toBe(true);
      }),
    );
  });

  it('matches the exact percentage to within half a rial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000_000 }), (value) => {
        const exact = value <= 200_000_000 ? value * 0.025 : 5_000_000 + (value - 200_000_000) * 0.035;
        expect(Math.abs(monetaryFirstInstanceCost(value, s) - exact)).toBeLessThanOrEqual(0.5 + exact * 1e-12);
      }),
    );
  });
});

describe('percentages of later stages', () => {
  it('charges 4.5 % for appeal and objection to a default judgment', () => {
    expect(amounts([{ kind: 'appeal', valueRials: 100_000_000 }, { kind: 'defaultJudgmentObjection', valueRials: 100_000_000 }])).toEqual([4_500_000, 4_500_000]);
  });

  it('charges 5.5 % for cassation, retrial and third-party objection', () => {
    expect(
      amounts([
        { kind: 'cassation', valueRials: 100_000_000 },
        { kind: 'retrial', valueRials: 100_000_000 },
        { kind: 'thirdPartyObjection', valueRials: 100_000_000 },
      ]),
    ).toEqual([5_500_000, 5_500_000, 5_500_000]);
  });

  it('rounds half a rial up', () => {
    expect(perMilleOf(100, 45)).toBe(5); // 4.5
    expect(perMilleOf(10, 45)).toBe(0); // 0.45
    expect(perMilleOf(110, 55)).toBe(6); // 6.05
  });

  it('records the value the percentage was taken of', () => {
    expect(judicialCostLines({ claims: [{ kind: 'appeal', valueRials: 7_000_000 }] }, s)[0]).toMatchObject({ basisRials: 7_000_000, quantity: 1, unitRials: 315_000 });
  });
});

describe('fixed judicial costs', () => {
  it('charges the 1403 figures', () => {
    expect(
      amounts([
        { kind: 'criminalComplaint' },
        { kind: 'adminCourtFirstInstance' },
        { kind: 'adminCourtAppeal' },
        { kind: 'unknownValue' },
        { kind: 'nonMonetary', amountRials: 900_000 },
      ]),
    ).toEqual([100_000, 200_000, 400_000, 1_500_000, 900_000]);
  });

  it('charges form sheets and certified copies per unit', () => {
    const lines = judicialCostLines({ formSheets: 3, certifiedCopies: 2 }, s);
    expect(lines.map((l) => [l.code, l.quantity, l.unitRials, l.amountRials])).toEqual([
      ['formSheet', 3, 20_000, 60_000],
      ['certifiedCopy', 2, 300_000, 600_000],
    ]);
  });

  it('accepts a non-monetary amount only within 400,000–1,800,000', () => {
    expect(amounts([{ kind: 'nonMonetary', amountRials: 400_000 }, { kind: 'nonMonetary', amountRials: 1_800_000 }])).toEqual([400_000, 1_800_000]);
    for (const amountRials of [399_999, 1_800_001, 500_000.5, -400_000]) {
      expect(code(() => amounts([{ kind: 'nonMonetary', amountRials }])), String(amountRials)).toBe('INVALID_CLAIM_VALUE');
    }
  });
});

describe('claim values', () => {
  it.each([-1, 0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_CLAIM_VALUE_RIALS + 1, 1e16, '1000' as unknown as number])(
    'refuses a claim value of %s with INVALID_CLAIM_VALUE',
    (valueRials) => {
      for (const kind of ['monetaryFirstInstance', 'appeal', 'cassation'] as const) {
        expect(code(() => amounts([{ kind, valueRials }]))).toBe('INVALID_CLAIM_VALUE');
      }
    },
  );

  it('names the claim in error', () => {
    try {
      amounts([{ kind: 'criminalComplaint' }, { kind: 'appeal', valueRials: -5 }]);
      expect.unreachable();
    } catch (e) {
      expect((e as FeeError).field).toBe('judicialCosts.claims.1.valueRials');
    }
  });

  it('refuses negative or fractional sheet counts', () => {
    expect(code(() => judicialCostLines({ formSheets: -1 }, s))).toBe('INVALID_QUOTE_REQUEST');
    expect(code(() => judicialCostLines({ certifiedCopies: 1.5 }, s))).toBe('INVALID_QUOTE_REQUEST');
  });
});

describe('judicial-cost exemption (تبصره ماده ۵۰۵)', () => {
  const claims: JudicialClaim[] = [{ kind: 'monetaryFirstInstance', valueRials: 40_000_000 }];

  it('charges nothing and keeps what would have been due as exempt', () => {
    const lines = judicialCostLines({ claims, formSheets: 1, exemption: { category: 'reliefCommittee', evidence: { cardNumber: '123', confirmationRef: 'IKRC-9' } } }, s);
    expect(lines.map((l) => [l.amountRials, l.exemptRials, l.chargedRials])).toEqual([
      [1_000_000, 1_000_000, 0],
      [20_000, 20_000, 0],
    ]);
  });

  it('needs the card for Relief Committee and Welfare clients and a reference for everyone', () => {
    expect(code(() => judicialCostLines({ claims, exemption: { category: 'welfarePensioner', evidence: { confirmationRef: 'W-1' } } }, s))).toBe('EXEMPTION_NEEDS_EVIDENCE');
    expect(code(() => judicialCostLines({ claims, exemption: { category: 'indigentByCourtDecision', evidence: { confirmationRef: ' ' } } }, s))).toBe('EXEMPTION_NEEDS_EVIDENCE');
    expect(code(() => judicialCostLines({ claims, exemption: { category: 'indigentByCourtDecision', evidence: { confirmationRef: 'دادنامه ۱۴۰۳-۱۲' } } }, s))).toBeUndefined();
  });

  it('does not accept the office-tariff category «indigentPrisoner»', () => {
    const exemption = { category: 'indigentPrisoner', evidence: { confirmationRef: 'P-1' } } as unknown as Parameters<typeof judicialCostLines>[0]['exemption'];
    expect(code(() => judicialCostLines({ claims, exemption }, s))).toBe('INVALID_QUOTE_REQUEST');
  });
});

describe('judicial-cost schedules', () => {
  it('ships the 1403 schedule, in force from 1402-01-01', () => {
    expect(() => validateJudicialSchedules([s])).not.toThrow();
    expect(judicialScheduleInForce([s], '1402-01-01').id).toBe('judicial-1403');
    expect(code(() => judicialScheduleInForce([s], '1401-12-29'))).toBe('NO_JUDICIAL_SCHEDULE_IN_FORCE');
  });

  it('refuses overlapping or malformed schedules', () => {
    expect(code(() => validateJudicialSchedules([s, { ...s, id: 'other' }]))).toBe('TARIFF_OVERLAP');
    expect(code(() => validateJudicialSchedules([{ ...s, appealPerMille: 4.5 }]))).toBe('INVALID_TARIFF');
    expect(code(() => validateJudicialSchedules([{ ...s, formSheetRials: -20_000 }]))).toBe('INVALID_TARIFF');
    expect(code(() => validateJudicialSchedules([{ ...s, nonMonetaryRangeRials: { min: 2, max: 1 } }]))).toBe('INVALID_TARIFF');
  });
});
