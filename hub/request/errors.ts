/**
 * The one place the domain cores' errors become wire errors: core/fees FeeError, core/request
 * RequestTransitionError and native/payment PaymentError each carry a stable code; here each code
 * gets its DomainError code (core/errors.ts), so the renderer can say one Persian sentence for it.
 */
import { DomainError, type ErrorCode } from '../../core/errors';
import { FeeError, type FeeErrorCode } from '../../core/fees/errors';
import { RequestTransitionError, type RequestTransitionErrorCode } from '../../core/request/stateMachine';
import { PaymentError, type PaymentErrorCode } from '../../native/payment/terminal';

const feeCodes: Record<FeeErrorCode, ErrorCode> = {
  CHARGE_ABOVE_TARIFF: 'CHARGE_ABOVE_TARIFF',
  TARIFF_OVERLAP: 'TARIFF_OVERLAP',
  INVALID_TARIFF: 'TARIFF_INVALID',
  NO_TARIFF_IN_FORCE: 'NO_TARIFF_IN_FORCE',
  TARIFF_ITEM_MISSING: 'TARIFF_ITEM_MISSING',
  NO_JUDICIAL_SCHEDULE_IN_FORCE: 'FEE_INPUT_INVALID',
  INVALID_CLAIM_VALUE: 'FEE_INPUT_INVALID',
  INVALID_QUOTE_REQUEST: 'FEE_INPUT_INVALID',
  DISCOUNT_NEEDS_REASON: 'DISCOUNT_REASON_REQUIRED',
  INVALID_DISCOUNT: 'DISCOUNT_INVALID',
  DISCOUNT_ABOVE_CHARGE: 'DISCOUNT_INVALID',
  EXEMPTION_NEEDS_EVIDENCE: 'EXEMPTION_EVIDENCE_REQUIRED',
};

const transitionCodes: Record<RequestTransitionErrorCode, ErrorCode> = {
  OUT_OF_ORDER: 'REQUEST_OUT_OF_ORDER',
  FINAL_STATE: 'REQUEST_CLOSED',
  REFUND_REQUIRED: 'REFUND_REQUIRED',
  REASON_REQUIRED: 'REQUEST_REASON_REQUIRED',
  INVALID_AMOUNT: 'PAYMENT_AMOUNT_MISMATCH',
  NOT_EXEMPT: 'PAYMENT_NOT_WAIVABLE',
  TRACKING_CODE_REQUIRED: 'TRACKING_CODE_REQUIRED',
  UNKNOWN_EVENT: 'REQUEST_OUT_OF_ORDER',
  STEP_NOT_IN_SERVICE: 'STEP_NOT_IN_SERVICE',
};

/**
 * The codes a recorded approval can fail with (record.ts). The terminal's own failures (declined,
 * in doubt, …) are mapped by their outcome in terminalPayment.ts (`terminalOutcome`), not here.
 */
const paymentCodes: Partial<Record<PaymentErrorCode, ErrorCode>> = {
  PAYMENT_AMOUNT_MISMATCH: 'PAYMENT_AMOUNT_MISMATCH',
  PAYMENT_DUPLICATE_RRN: 'DUPLICATE_RRN',
  PAYMENT_METHOD_NOT_ALLOWED: 'PAYMENT_METHOD_NOT_ALLOWED',
  PAYMENT_BAD_REPLY: 'PAYMENT_ENTRY_INVALID',
};

/** The DomainError for a core error, or the error itself when it is not one of theirs. */
export function toDomainError(err: unknown): unknown {
  if (err instanceof FeeError) {
    return new DomainError(feeCodes[err.code], err.message, err.field ? { fields: [{ path: err.field, reason: err.code.toLowerCase() }] } : {});
  }
  if (err instanceof RequestTransitionError) return new DomainError(transitionCodes[err.code], err.message);
  if (err instanceof PaymentError) {
    const code = paymentCodes[err.code];
    return code ? new DomainError(code, err.message) : err;
  }
  return err;
}

/** Runs `fn`, turning a core error into its DomainError. */
export function domain<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toDomainError(err);
  }
}
