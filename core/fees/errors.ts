/**
 * Errors of the fee engine. Each carries a stable `code`; the hub maps them onto its wire errors
 * (core/errors.ts) and the renderer onto one Persian sentence each. None of these codes is in
 * core/errors.ts yet: that mapping is the hub's job.
 */

export const feeErrorCodes = [
  /** ماده ۳۸ ذ: a charge above the office tariff in force (or one that cannot be shown to be within it). */
  'CHARGE_ABOVE_TARIFF',
  /** Two tables share an id or an effective day: one would overwrite the other. */
  'TARIFF_OVERLAP',
  /** A table or judicial-cost schedule is malformed (bad day, negative or fractional amount, unknown item). */
  'INVALID_TARIFF',
  /** No office tariff table is in force on the request's day. */
  'NO_TARIFF_IN_FORCE',
  /** The table in force has no figure for the service (e.g. «واخواست» before 1403). */
  'TARIFF_ITEM_MISSING',
  /** No judicial-cost schedule is in force on the request's day. */
  'NO_JUDICIAL_SCHEDULE_IN_FORCE',
  /** A claim or judgment value that is negative, fractional, zero, absurd, or out of its legal range. */
  'INVALID_CLAIM_VALUE',
  /** The request itself is malformed (unknown service, bad day, negative page count …). */
  'INVALID_QUOTE_REQUEST',
  /** ماده ۱۳ تبصره ۲ allows charging less, but the reason must be on record. */
  'DISCOUNT_NEEDS_REASON',
  /** A discount that is not a positive whole number of rials. */
  'INVALID_DISCOUNT',
  /** A discount larger than what is left to charge for the office tariff. */
  'DISCOUNT_ABOVE_CHARGE',
  /** ماده ۱۴ / تبصره ماده ۵۰۵: an exemption without the evidence the association or court needs. */
  'EXEMPTION_NEEDS_EVIDENCE',
] as const;

export type FeeErrorCode = (typeof feeErrorCodes)[number];

export class FeeError extends Error {
  readonly code: FeeErrorCode;
  /** dotted path into the input the error is about, when there is one (e.g. `claims.0.valueRials`) */
  readonly field: string | undefined;

  constructor(code: FeeErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'FeeError';
    this.code = code;
    this.field = field;
  }
}

export class ChargeAboveTariffError extends FeeError {
  constructor(message: string, field?: string) {
    super('CHARGE_ABOVE_TARIFF', message, field);
    this.name = 'ChargeAboveTariffError';
  }
}

export class TariffOverlapError extends FeeError {
  constructor(message: string) {
    super('TARIFF_OVERLAP', message);
    this.name = 'TariffOverlapError';
  }
}

export class InvalidTariffError extends FeeError {
  constructor(message: string, field?: string) {
    super('INVALID_TARIFF', message, field);
    this.name = 'InvalidTariffError';
  }
}

export class NoTariffInForceError extends FeeError {
  constructor(day: string) {
    super('NO_TARIFF_IN_FORCE', `no office tariff table is in force on ${day}`);
    this.name = 'NoTariffInForceError';
  }
}

export class TariffItemMissingError extends FeeError {
  constructor(item: string, tableId: string) {
    super('TARIFF_ITEM_MISSING', `tariff table ${tableId} has no figure for ${item}`);
    this.name = 'TariffItemMissingError';
  }
}

export class NoJudicialScheduleInForceError extends FeeError {
  constructor(day: string) {
    super('NO_JUDICIAL_SCHEDULE_IN_FORCE', `no judicial-cost schedule is in force on ${day}`);
    this.name = 'NoJudicialScheduleInForceError';
  }
}

export class InvalidClaimValueError extends FeeError {
  constructor(message: string, field?: string) {
    super('INVALID_CLAIM_VALUE', message, field);
    this.name = 'InvalidClaimValueError';
  }
}

export class InvalidQuoteRequestError extends FeeError {
  constructor(message: string, field?: string) {
    super('INVALID_QUOTE_REQUEST', message, field);
    this.name = 'InvalidQuoteRequestError';
  }
}

export class DiscountNeedsReasonError extends FeeError {
  constructor() {
    super('DISCOUNT_NEEDS_REASON', 'a discount needs a reason on record (ماده ۱۳ تبصره ۲)', 'reason');
    this.name = 'DiscountNeedsReasonError';
  }
}

export class InvalidDiscountError extends FeeError {
  constructor(message: string) {
    super('INVALID_DISCOUNT', message, 'amountRials');
    this.name = 'InvalidDiscountError';
  }
}

export class DiscountAboveChargeError extends FeeError {
  constructor(discountRials: number, chargeableRials: number) {
    super('DISCOUNT_ABOVE_CHARGE', `a discount of ${discountRials} rials exceeds the ${chargeableRials} rials of office tariff left to charge`, 'amountRials');
    this.name = 'DiscountAboveChargeError';
  }
}

export class ExemptionNeedsEvidenceError extends FeeError {
  constructor(message: string, field?: string) {
    super('EXEMPTION_NEEDS_EVIDENCE', message, field);
    this.name = 'ExemptionNeedsEvidenceError';
  }
}
