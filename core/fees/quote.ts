/**
 * What a request costs: the office tariff of the table in force on the request's day (base service,
 * extra persons, extra pages) plus judicial costs, then at most one discount or an office-tariff
 * exemption. Pure: the hub records the quote (with `tableId`) and takes the payment.
 *
 * ماده ۳۸ ذ: never above tariff. Every quote passes `assertNotAboveTariff` before it is returned, and a
 * discount or an exemption can only take amounts off.
 */
import { isOfficeDay } from './effectiveDay';
import {
  ChargeAboveTariffError,
  DiscountAboveChargeError,
  DiscountNeedsReasonError,
  ExemptionNeedsEvidenceError,
  FeeError,
  InvalidDiscountError,
  InvalidQuoteRequestError,
} from './errors';
import {
  DEFAULT_MONETARY_TIER_RULE,
  judicialCostLines,
  judicialScheduleInForce,
  type JudicialCostExemption,
  type JudicialCostRequest,
  type JudicialCostSchedule,
  type MonetaryTierRule,
} from './judicialCosts';
import { fullLine, totalsOf, type FeeLine, type OfficeTariffLine, type QuoteTotals } from './lines';
import { defaultServiceCatalogue, type ServiceCatalogue, type ServiceCode } from './services';
import { shippedJudicialCostSchedules } from './tables/judicial1403';
import { tableInForce, tariffItemCodes, tariffRials, type TariffItemCode, type TariffTables } from './tariff';

/** Most persons / pages one request may carry: above it is a typing error. */
export const MAX_PERSONS = 1_000;
export const MAX_PAGES = 10_000;

export interface QuoteRequest {
  readonly service: ServiceCode;
  /** the request's Jalali office day, 'YYYY-MM-DD' (core/format/jalaliDay.ts `officeDay`) */
  readonly day: string;
  /** everyone on the request: parties, attorneys, representatives; default: what the service includes */
  readonly persons?: number;
  /** attachment pages; default: what the service includes */
  readonly pages?: number;
  readonly judicialCosts?: JudicialCostRequest;
}

export interface QuoteOptions {
  /** default: services.ts `defaultServiceCatalogue` */
  readonly services?: ServiceCatalogue;
  /** default: the shipped 1403 schedule */
  readonly judicialCostSchedules?: readonly JudicialCostSchedule[];
  /** default: 'marginal' (FEES.md §2) */
  readonly monetaryTierRule?: MonetaryTierRule;
}

/** ماده ۱۳ تبصره ۲: charging less than the tariff is allowed, with a reason on record. */
export interface Discount {
  readonly amountRials: number;
  readonly reason: string;
}

/** ماده ۱۴: exempt from the office tariff; the association reimburses the office. */
export interface OfficeTariffExemption {
  readonly category: 'reliefCommittee' | 'welfarePensioner' | 'indigentPrisoner';
  /** confirmationRef: the electronic coverage inquiry's reference, or the Prisons Organisation's confirmation */
  readonly evidence: { readonly cardNumber?: string; readonly confirmationRef: string };
}

export const officeTariffExemptionCategories: readonly OfficeTariffExemption['category'][] = ['reliefCommittee', 'welfarePensioner', 'indigentPrisoner'];

export interface Quote {
  readonly service: ServiceCode;
  readonly day: string;
  /** the office tariff table used: the hub records it with the quote, the receipt and the payment */
  readonly tableId: string;
  /** the judicial-cost schedule used, when the request had judicial costs */
  readonly judicialScheduleId: string | null;
  readonly monetaryTierRule: MonetaryTierRule;
  readonly lines: readonly FeeLine[];
  readonly discount: Discount | null;
  readonly exemption: OfficeTariffExemption | null;
  readonly judicialExemption: JudicialCostExemption | null;
  readonly totals: QuoteTotals;
}

function isWhole(n: unknown, min: number, max: number): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max;
}

function officeLine(code: TariffItemCode, quantity: number, unitRials: number): OfficeTariffLine {
  return fullLine<OfficeTariffLine>({ kind: 'officeTariff', code, quantity, unitRials });
}

/**
 * The lines and totals of a request under the tables in force on its day.
 * @throws InvalidQuoteRequestError, InvalidClaimValueError, NoTariffInForceError, TariffItemMissingError,
 *   NoJudicialScheduleInForceError, ExemptionNeedsEvidenceError, InvalidTariffError, TariffOverlapError
 */
export function quote(request: QuoteRequest, tables: TariffTables, options: QuoteOptions = {}): Quote {
  const services = options.services ?? defaultServiceCatalogue;
  const rule = options.monetaryTierRule ?? DEFAULT_MONETARY_TIER_RULE;
  if (typeof request !== 'object' || request === null) throw new InvalidQuoteRequestError('a quote needs a request');
  const service = Object.hasOwn(services, request.service) ? services[request.service] : undefined;
  if (!service) throw new InvalidQuoteRequestError(`unknown service ${String(request.service)}`, 'service');
  if (!isOfficeDay(request.day)) throw new InvalidQuoteRequestError(`day must be a Jalali office day YYYY-MM-DD, got ${String(request.day)}`, 'day');
  const persons = request.persons ?? service.includedPersons;
  const pages = request.pages ?? service.includedPages;
  if (!isWhole(persons, 0, MAX_PERSONS)) throw new InvalidQuoteRequestError(`persons must be a whole number from 0 to ${MAX_PERSONS}`, 'persons');
  if (!isWhole(pages, 0, MAX_PAGES)) throw new InvalidQuoteRequestError(`pages must be a whole number from 0 to ${MAX_PAGES}`, 'pages');

  const table = tableInForce(tables, request.day);
  const lines: FeeLine[] = [officeLine(service.baseItem, 1, tariffRials(table, service.baseItem))];
  // Fewer persons or pages than included lowers nothing: the base fee is the tariff's unit.
  if (service.chargesExtraPersons && persons > service.includedPersons) {
    lines.push(officeLine('extraPerson', persons - service.includedPersons, tariffRials(table, 'extraPerson')));
  }
  if (service.chargesExtraPages && pages > service.includedPages) {
    lines.push(officeLine('extraPage', pages - service.includedPages, tariffRials(table, 'extraPage')));
  }

  let judicialScheduleId: string | null = null;
  const jc = request.judicialCosts;
  if (jc !== undefined) {
    if (typeof jc !== 'object' || jc === null) throw new InvalidQuoteRequestError('judicialCosts must be an object', 'judicialCosts');
    if (!service.judicialCostsApply) throw new InvalidQuoteRequestError(`no judicial costs come with ${service.code}`, 'judicialCosts');
    (jc.claims ?? []).forEach((c, i) => {
      if (!service.claimKinds.includes(c?.kind)) {
        throw new InvalidQuoteRequestError(`a ${String(c?.kind)} claim does not come with ${service.code}`, `judicialCosts.claims.${i}.kind`);
      }
    });
    const schedule = judicialScheduleInForce(options.judicialCostSchedules ?? shippedJudicialCostSchedules, request.day);
    judicialScheduleId = schedule.id;
    lines.push(...judicialCostLines(jc, schedule, rule));
  }

  const result: Quote = {
    service: service.code,
    day: request.day,
    tableId: table.id,
    judicialScheduleId,
    monetaryTierRule: rule,
    lines,
    discount: null,
    exemption: null,
    judicialExemption: jc?.exemption ?? null,
    totals: totalsOf(lines),
  };
  assertNotAboveTariff(result.lines, tables, request.day);
  return result;
}

/** Office lines with any discount undone; judicial lines unchanged. */
function withoutDiscount(lines: readonly FeeLine[]): FeeLine[] {
  return lines.map((l) => (l.kind === 'officeTariff' && l.discountRials !== 0 ? { ...l, discountRials: 0, chargedRials: l.amountRials - l.exemptRials } : l));
}

/**
 * Takes a discount off the office tariff (ماده ۱۳ تبصره ۲) — never off judicial costs, which are set by
 * law. It replaces any earlier discount, is spread over the office lines in order (base service first),
 * each line taking at most what is left to charge on it, so no line goes below zero.
 * @throws DiscountNeedsReasonError (blank reason), InvalidDiscountError (not a positive whole number of
 *   rials), DiscountAboveChargeError (more than the office tariff left to charge, e.g. on an exempt quote)
 */
export function applyDiscount(q: Quote, discount: Discount): Quote {
  const reason = typeof discount?.reason === 'string' ? discount.reason.trim() : '';
  if (reason === '') throw new DiscountNeedsReasonError();
  const amount = discount.amountRials;
  if (!isWhole(amount, 1, Number.MAX_SAFE_INTEGER)) throw new InvalidDiscountError(`a discount must be a positive whole number of rials, got ${String(amount)}`);

  const lines = withoutDiscount(q.lines);
  const chargeable = lines.reduce((sum, l) => sum + (l.kind === 'officeTariff' ? l.chargedRials : 0), 0);
  if (amount > chargeable) throw new DiscountAboveChargeError(amount, chargeable);

  let left = amount;
  const discounted = lines.map((l) => {
    if (l.kind !== 'officeTariff' || left === 0) return l;
    const take = Math.min(left, l.chargedRials);
    left -= take;
    return { ...l, discountRials: take, chargedRials: l.chargedRials - take };
  });
  return { ...q, lines: discounted, discount: { amountRials: amount, reason }, totals: totalsOf(discounted) };
}

/**
 * Exempts the applicant from the office tariff (ماده ۱۴): every office line is charged 0 and its full
 * tariff amount is recorded as exempt, which the association reimburses («هزینه خدمات ارائه شده»).
 * An earlier discount is dropped: the reimbursement is the tariff, not a discounted figure. Judicial
 * costs are untouched (their exemption is a different one: JudicialCostRequest.exemption).
 * @throws ExemptionNeedsEvidenceError without a confirmation reference; InvalidQuoteRequestError for an unknown category
 */
export function applyExemption(q: Quote, exemption: OfficeTariffExemption): Quote {
  if (!officeTariffExemptionCategories.includes(exemption?.category)) {
    throw new InvalidQuoteRequestError(`unknown office-tariff exemption ${String(exemption?.category)}`, 'exemption.category');
  }
  const ref = exemption.evidence?.confirmationRef;
  if (typeof ref !== 'string' || ref.trim() === '') {
    throw new ExemptionNeedsEvidenceError('an office-tariff exemption needs the confirmation reference (ماده ۱۴)', 'exemption.evidence.confirmationRef');
  }
  const card = exemption.evidence.cardNumber;
  const evidence = { confirmationRef: ref.trim(), ...(typeof card === 'string' && card.trim() !== '' ? { cardNumber: card.trim() } : {}) };
  const lines = q.lines.map((l) => (l.kind === 'officeTariff' ? { ...l, discountRials: 0, exemptRials: l.amountRials, chargedRials: 0 } : l));
  return { ...q, lines, discount: null, exemption: { category: exemption.category, evidence }, totals: totalsOf(lines) };
}

/** What `assertNotAboveTariff` can also compare against: the request the lines claim to be for. */
export interface TariffCheckContext {
  readonly request: QuoteRequest;
  readonly options?: QuoteOptions;
}

const knownTariffItems: ReadonlySet<string> = new Set(tariffItemCodes);

/**
 * ماده ۳۸ ذ: refuses any office-tariff charge above the table in force on `day`. For every office line:
 * a known item the table has, whole non-negative numbers, unit ≤ the table's figure,
 * amount = quantity × unit, charged = amount − discount − exempt ≤ quantity × the table's figure.
 * Lines of an unknown kind are refused too (they could carry a charge this check cannot see).
 * With `context`, also recomputes the request's quote and refuses more units of an item than the request
 * allows (e.g. ten extra pages on a five-page petition) or judicial costs above the computed ones.
 * @throws ChargeAboveTariffError; NoTariffInForceError etc. when no table can be found for `day`
 */
export function assertNotAboveTariff(lines: readonly FeeLine[], tables: TariffTables, day: string, context?: TariffCheckContext): void {
  const table = tableInForce(tables, day);
  const units = new Map<string, number>();
  let judicialCharged = 0;
  lines.forEach((l, i) => {
    const field = `lines.${i}`;
    if (l?.kind !== 'officeTariff' && l?.kind !== 'judicialCost') {
      throw new ChargeAboveTariffError(`line ${i} is of an unknown kind ${String((l as { kind?: unknown } | undefined)?.kind)}`, field);
    }
    const code = String(l.code);
    // A malformed line could hide a charge: every line must add up before its ceiling means anything.
    for (const key of ['quantity', 'unitRials', 'amountRials', 'discountRials', 'exemptRials', 'chargedRials'] as const) {
      if (!isWhole(l[key], 0, Number.MAX_SAFE_INTEGER)) throw new ChargeAboveTariffError(`line ${i} (${code}): ${key} is not a whole non-negative number: ${String(l[key])}`, `${field}.${key}`);
    }
    if (l.amountRials !== l.quantity * l.unitRials) throw new ChargeAboveTariffError(`line ${i} (${code}): amount ${l.amountRials} is not ${l.quantity} × ${l.unitRials}`, `${field}.amountRials`);
    if (l.chargedRials !== l.amountRials - l.discountRials - l.exemptRials) {
      throw new ChargeAboveTariffError(`line ${i} (${code}): charged ${l.chargedRials} is not amount − discount − exemption`, `${field}.chargedRials`);
    }
    if (l.kind === 'judicialCost') {
      judicialCharged += l.chargedRials;
      return;
    }
    const max = knownTariffItems.has(l.code) ? table.items[l.code] : undefined;
    if (max === undefined) throw new ChargeAboveTariffError(`tariff table ${table.id} sets no figure for ${code}`, `${field}.code`);
    if (l.unitRials > max) throw new ChargeAboveTariffError(`line ${i} (${code}): ${l.unitRials} rials a unit is above the tariff of ${max} (table ${table.id})`, `${field}.unitRials`);
    // implied by the three checks above; kept as the rule itself, in case one of them is ever loosened
    if (l.chargedRials > l.quantity * max) throw new ChargeAboveTariffError(`line ${i} (${code}): ${l.chargedRials} rials charged is above ${l.quantity} × ${max}`, `${field}.chargedRials`);
    units.set(code, (units.get(code) ?? 0) + l.quantity);
  });

  if (context === undefined) return;
  if (context.request?.day !== day) throw new ChargeAboveTariffError(`the request is for ${String(context.request?.day)}, the check for ${day}`, 'day');
  let expected: Quote;
  try {
    expected = quote(context.request, tables, context.options);
  } catch (e) {
    if (e instanceof FeeError) throw new ChargeAboveTariffError(`the request cannot be quoted, so no charge for it is within tariff: ${e.message}`);
    throw e;
  }
  const allowed = new Map<string, number>();
  for (const l of expected.lines) if (l.kind === 'officeTariff') allowed.set(l.code, (allowed.get(l.code) ?? 0) + l.quantity);
  for (const [code, quantity] of units) {
    const most = allowed.get(code) ?? 0;
    if (quantity > most) throw new ChargeAboveTariffError(`${quantity} × ${code} charged where the request allows ${most}`);
  }
  const judicialAllowed = expected.lines.reduce((sum, l) => sum + (l.kind === 'judicialCost' ? l.chargedRials : 0), 0);
  if (judicialCharged > judicialAllowed) throw new ChargeAboveTariffError(`judicial costs of ${judicialCharged} rials charged where the request's are ${judicialAllowed}`);
}
