/**
 * Judicial costs (هزینه دادرسی, FEES.md §2): set by law and computed by the central system (ماده ۳, ۴),
 * which remains the authority. The office computes the same figure from the published schedule so the
 * clerk can quote offline; the hub reconciles when the central system answers.
 *
 * Percentages are kept as whole per-mille (25 = 2.5 %) and applied in integer arithmetic (BigInt),
 * then rounded once, half up, to the whole rial: 4,999,999.975 → 5,000,000; 5,000,000.035 → 5,000,000.
 */
import { assertNoOverlap, isOfficeDay, versionInForce } from './effectiveDay';
import { ExemptionNeedsEvidenceError, InvalidClaimValueError, InvalidQuoteRequestError, InvalidTariffError, NoJudicialScheduleInForceError } from './errors';
import { fullLine, type JudicialCostLine } from './lines';

/** Largest claim or judgment value accepted: anything above is a typing error, not a claim. */
export const MAX_CLAIM_VALUE_RIALS = 1_000_000_000_000_000; // 10^15

/** Whether 3.5 % applies to the whole value above the threshold or only to the part above it. */
export type MonetaryTierRule = 'marginal' | 'whole';
export const DEFAULT_MONETARY_TIER_RULE: MonetaryTierRule = 'marginal';

export interface JudicialCostSchedule {
  readonly id: string;
  readonly title: string;
  /** Jalali office day 'YYYY-MM-DD' */
  readonly effectiveFrom: string;
  readonly source: string;
  readonly formSheetRials: number;
  readonly criminalComplaintRials: number;
  readonly certifiedCopyRials: number;
  readonly adminCourtFirstInstanceRials: number;
  readonly adminCourtAppealRials: number;
  /** non-monetary claims, evidence preservation, claim attachment: the amount depends on the type */
  readonly nonMonetaryRangeRials: { readonly min: number; readonly max: number };
  readonly unknownValueRials: number;
  /** first-instance monetary claims: lowerPerMille up to and including the threshold, upperPerMille above */
  readonly monetaryFirstInstance: { readonly thresholdRials: number; readonly lowerPerMille: number; readonly upperPerMille: number };
  /** appeal (تجدیدنظر) and objection to a default judgment (واخواهی) */
  readonly appealPerMille: number;
  /** cassation (فرجام), retrial (اعاده دادرسی), third-party objection (اعتراض ثالث) */
  readonly cassationPerMille: number;
}

export type PercentageClaimKind = 'monetaryFirstInstance' | 'appeal' | 'defaultJudgmentObjection' | 'cassation' | 'retrial' | 'thirdPartyObjection';
export type FixedClaimKind = 'unknownValue' | 'criminalComplaint' | 'adminCourtFirstInstance' | 'adminCourtAppeal';

export type JudicialClaim =
  /** valueRials: the claim value (بهای خواسته), or the judgment amount for appeals and later stages */
  | { readonly kind: PercentageClaimKind; readonly valueRials: number }
  /** amountRials: the figure for the claim's type under circular 100/35739/9000, within the schedule's range */
  | { readonly kind: 'nonMonetary'; readonly amountRials: number }
  | { readonly kind: FixedClaimKind };

export type JudicialClaimKind = JudicialClaim['kind'];

export const judicialClaimKinds: readonly JudicialClaimKind[] = [
  'monetaryFirstInstance',
  'appeal',
  'defaultJudgmentObjection',
  'cassation',
  'retrial',
  'thirdPartyObjection',
  'nonMonetary',
  'unknownValue',
  'criminalComplaint',
  'adminCourtFirstInstance',
  'adminCourtAppeal',
];

/**
 * Exemption from judicial costs (تبصره ماده ۵۰۵ ق.آ.د.م). Not the office-tariff exemption of ماده ۱۴:
 * the groups overlap, but the indigent here are those a court declared so.
 */
export interface JudicialCostExemption {
  readonly category: 'reliefCommittee' | 'welfarePensioner' | 'indigentByCourtDecision';
  /** Relief Committee and Welfare: card number and official confirmation; indigent: the court decision's reference */
  readonly evidence: { readonly cardNumber?: string; readonly confirmationRef: string };
}

export interface JudicialCostRequest {
  readonly claims?: readonly JudicialClaim[];
  /** form sheets (برگ دادخواست، اظهارنامه، اجرائیه) */
  readonly formSheets?: number;
  /** copies certified against the original */
  readonly certifiedCopies?: number;
  readonly exemption?: JudicialCostExemption;
}

/** Most sheets or copies one request may carry: above it is a typing error. */
export const MAX_SHEETS = 1_000;

function isWhole(n: unknown, min: number, max: number): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max;
}

/**
 * value × perMille / 1000, rounded half up to the whole rial, exactly (no floating point).
 * @throws InvalidClaimValueError for a value that is not a whole number of rials from 1 to 10^15
 */
export function perMilleOf(valueRials: number, perMille: number, field = 'valueRials'): number {
  assertClaimValue(valueRials, field);
  return roundHalfUp(BigInt(valueRials) * BigInt(perMille), 1000n);
}

function roundHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/** A claim or judgment value: a whole, positive number of rials no larger than 10^15. */
export function assertClaimValue(valueRials: unknown, field = 'valueRials'): asserts valueRials is number {
  if (!isWhole(valueRials, 1, MAX_CLAIM_VALUE_RIALS)) {
    throw new InvalidClaimValueError(`a claim value must be a whole number of rials from 1 to ${MAX_CLAIM_VALUE_RIALS}, got ${String(valueRials)}`, field);
  }
}

/**
 * Judicial costs of a first-instance monetary claim. With the threshold T (200,000,000 in 1403):
 * - `marginal` (default): 2.5 % of the value up to T plus 3.5 % of the part above T;
 * - `whole`: 2.5 % of the value when it is at most T, otherwise 3.5 % of the whole value.
 * Rounded once, half up, to the rial.
 */
export function monetaryFirstInstanceCost(valueRials: number, schedule: JudicialCostSchedule, rule: MonetaryTierRule = DEFAULT_MONETARY_TIER_RULE, field = 'valueRials'): number {
  assertClaimValue(valueRials, field);
  const { thresholdRials, lowerPerMille, upperPerMille } = schedule.monetaryFirstInstance;
  const v = BigInt(valueRials);
  const t = BigInt(thresholdRials);
  let numerator: bigint;
  if (v <= t) numerator = v * BigInt(lowerPerMille);
  else if (rule === 'whole') numerator = v * BigInt(upperPerMille);
  else numerator = t * BigInt(lowerPerMille) + (v - t) * BigInt(upperPerMille);
  return roundHalfUp(numerator, 1000n);
}

function validateSchedule(s: JudicialCostSchedule): void {
  const where = `judicial-cost schedule ${String(s.id)}`;
  if (typeof s.id !== 'string' || s.id.trim() === '') throw new InvalidTariffError('a judicial-cost schedule needs an id', 'id');
  if (typeof s.title !== 'string' || s.title.trim() === '') throw new InvalidTariffError(`${where} needs a title`, 'title');
  if (typeof s.source !== 'string' || s.source.trim() === '') throw new InvalidTariffError(`${where} needs a source`, 'source');
  if (!isOfficeDay(s.effectiveFrom)) throw new InvalidTariffError(`${where}: effectiveFrom must be a Jalali day YYYY-MM-DD`, 'effectiveFrom');
  const amounts: [string, unknown][] = [
    ['formSheetRials', s.formSheetRials],
    ['criminalComplaintRials', s.criminalComplaintRials],
    ['certifiedCopyRials', s.certifiedCopyRials],
    ['adminCourtFirstInstanceRials', s.adminCourtFirstInstanceRials],
    ['adminCourtAppealRials', s.adminCourtAppealRials],
    ['nonMonetaryRangeRials.min', s.nonMonetaryRangeRials?.min],
    ['nonMonetaryRangeRials.max', s.nonMonetaryRangeRials?.max],
    ['unknownValueRials', s.unknownValueRials],
    ['monetaryFirstInstance.thresholdRials', s.monetaryFirstInstance?.thresholdRials],
  ];
  for (const [field, v] of amounts) {
    if (!isWhole(v, 0, MAX_CLAIM_VALUE_RIALS)) throw new InvalidTariffError(`${where}: ${field} must be a whole number of rials`, field);
  }
  const rates: [string, unknown][] = [
    ['monetaryFirstInstance.lowerPerMille', s.monetaryFirstInstance.lowerPerMille],
    ['monetaryFirstInstance.upperPerMille', s.monetaryFirstInstance.upperPerMille],
    ['appealPerMille', s.appealPerMille],
    ['cassationPerMille', s.cassationPerMille],
  ];
  for (const [field, v] of rates) {
    if (!isWhole(v, 0, 1000)) throw new InvalidTariffError(`${where}: ${field} must be a whole per-mille from 0 to 1000`, field);
  }
  if (s.nonMonetaryRangeRials.min > s.nonMonetaryRangeRials.max) throw new InvalidTariffError(`${where}: the non-monetary range is empty`, 'nonMonetaryRangeRials');
}

/** @throws InvalidTariffError, TariffOverlapError */
export function validateJudicialSchedules(schedules: readonly JudicialCostSchedule[]): void {
  for (const s of schedules) validateSchedule(s);
  assertNoOverlap(schedules, 'judicial-cost schedules');
}

/** @throws RangeError for a malformed day; NoJudicialScheduleInForceError when none applies yet */
export function judicialScheduleInForce(schedules: readonly JudicialCostSchedule[], day: string): JudicialCostSchedule {
  if (!isOfficeDay(day)) throw new RangeError(`not a Jalali office day YYYY-MM-DD: ${String(day)}`);
  validateJudicialSchedules(schedules);
  const s = versionInForce(schedules, day);
  if (!s) throw new NoJudicialScheduleInForceError(day);
  return s;
}

function assertExemptionEvidence(e: JudicialCostExemption, field: string): void {
  const categories: readonly string[] = ['reliefCommittee', 'welfarePensioner', 'indigentByCourtDecision'];
  if (!categories.includes(e.category)) throw new InvalidQuoteRequestError(`unknown judicial-cost exemption ${String(e.category)}`, `${field}.category`);
  const ref = e.evidence?.confirmationRef;
  if (typeof ref !== 'string' || ref.trim() === '') {
    throw new ExemptionNeedsEvidenceError('a judicial-cost exemption needs the confirmation or court decision reference', `${field}.evidence.confirmationRef`);
  }
  const card = e.evidence.cardNumber;
  if (e.category !== 'indigentByCourtDecision' && (typeof card !== 'string' || card.trim() === '')) {
    throw new ExemptionNeedsEvidenceError('Relief Committee and Welfare clients are exempt from judicial costs with their card number', `${field}.evidence.cardNumber`);
  }
}

function claimLine(claim: JudicialClaim, s: JudicialCostSchedule, rule: MonetaryTierRule, field: string): JudicialCostLine {
  const fixed = (code: JudicialCostLine['code'], unitRials: number): JudicialCostLine => fullLine<JudicialCostLine>({ kind: 'judicialCost', code, quantity: 1, unitRials });
  const percent = (unitRials: number, valueRials: number): JudicialCostLine =>
    fullLine<JudicialCostLine>({ kind: 'judicialCost', code: claim.kind as JudicialCostLine['code'], quantity: 1, unitRials, basisRials: valueRials });
  const valueField = `${field}.valueRials`;
  switch (claim.kind) {
    case 'monetaryFirstInstance':
      return percent(monetaryFirstInstanceCost(claim.valueRials, s, rule, valueField), claim.valueRials);
    case 'appeal':
    case 'defaultJudgmentObjection':
      return percent(perMilleOf(claim.valueRials, s.appealPerMille, valueField), claim.valueRials);
    case 'cassation':
    case 'retrial':
    case 'thirdPartyObjection':
      return percent(perMilleOf(claim.valueRials, s.cassationPerMille, valueField), claim.valueRials);
    case 'nonMonetary': {
      const { min, max } = s.nonMonetaryRangeRials;
      if (!isWhole(claim.amountRials, min, max)) {
        throw new InvalidClaimValueError(`a non-monetary claim costs a whole number of rials from ${min} to ${max}, got ${String(claim.amountRials)}`, `${field}.amountRials`);
      }
      return fixed('nonMonetary', claim.amountRials);
    }
    case 'unknownValue':
      return fixed('unknownValue', s.unknownValueRials);
    case 'criminalComplaint':
      return fixed('criminalComplaint', s.criminalComplaintRials);
    case 'adminCourtFirstInstance':
      return fixed('adminCourtFirstInstance', s.adminCourtFirstInstanceRials);
    case 'adminCourtAppeal':
      return fixed('adminCourtAppeal', s.adminCourtAppealRials);
    default:
      throw new InvalidQuoteRequestError(`unknown judicial claim kind ${String((claim as { kind: unknown }).kind)}`, `${field}.kind`);
  }
}

/**
 * The judicial-cost lines of a request under one schedule: one line per claim, then form sheets and
 * certified copies. An exemption keeps every line's amount and marks it exempt (charged 0).
 * `fieldPrefix` names the request's field in errors (e.g. `judicialCosts`).
 */
export function judicialCostLines(request: JudicialCostRequest, schedule: JudicialCostSchedule, rule: MonetaryTierRule = DEFAULT_MONETARY_TIER_RULE, fieldPrefix = 'judicialCosts'): JudicialCostLine[] {
  if (rule !== 'marginal' && rule !== 'whole') throw new InvalidQuoteRequestError(`unknown monetary tier rule ${String(rule)}`, 'monetaryTierRule');
  const lines: JudicialCostLine[] = [];
  const claims = request.claims ?? [];
  if (!Array.isArray(claims)) throw new InvalidQuoteRequestError('claims must be a list', `${fieldPrefix}.claims`);
  claims.forEach((c, i) => lines.push(claimLine(c, schedule, rule, `${fieldPrefix}.claims.${i}`)));
  const counted: [JudicialCostLine['code'], unknown, number, string][] = [
    ['formSheet', request.formSheets ?? 0, schedule.formSheetRials, 'formSheets'],
    ['certifiedCopy', request.certifiedCopies ?? 0, schedule.certifiedCopyRials, 'certifiedCopies'],
  ];
  for (const [code, quantity, unitRials, field] of counted) {
    if (!isWhole(quantity, 0, MAX_SHEETS)) throw new InvalidQuoteRequestError(`${field} must be a whole number from 0 to ${MAX_SHEETS}`, `${fieldPrefix}.${field}`);
    if (quantity > 0) lines.push(fullLine<JudicialCostLine>({ kind: 'judicialCost', code, quantity, unitRials }));
  }
  if (request.exemption !== undefined) {
    assertExemptionEvidence(request.exemption, `${fieldPrefix}.exemption`);
    return lines.map((l) => ({ ...l, exemptRials: l.amountRials, chargedRials: 0 }));
  }
  return lines;
}
