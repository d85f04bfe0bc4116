/**
 * The one way an approval becomes a payment record: the amount is exactly what is due, the RRN is on
 * no other payment, the method is one the bylaw allows. The hub writes a record only from here.
 */
import { PaymentError, orderIdSchema, terminalApprovalSchema, type TerminalApproval } from './terminal';

/**
 * ماده ۱۳ تبصره ۱: payment only by the centre's electronic methods, with a receipt. A card terminal
 * (PC-POS, read by an adapter) or the same terminal's receipt typed in by hand — never cash. Adding
 * a method here needs a rule that allows it; cash is refused at compile time (not in the type) and
 * at run time (`isAllowedMethod`), for values that come from JSON or the database.
 */
export const allowedMethods = ['pcpos', 'manual'] as const;
export type PaymentMethod = (typeof allowedMethods)[number];

export function isAllowedMethod(method: unknown): method is PaymentMethod {
  return typeof method === 'string' && (allowedMethods as readonly string[]).includes(method);
}

/** A payment as stored and printed on the receipt (FEES.md §4). */
export interface PaymentRecord extends TerminalApproval {
  readonly method: PaymentMethod;
  /** the order id the terminal was charged under (manual entry: the payment's own id) */
  readonly orderId: string;
}

export interface PaymentRecordInput {
  method: PaymentMethod;
  orderId: string;
  approval: TerminalApproval;
  /** what the request owes, in whole rials */
  amountDueRials: number;
  /** whether a payment with this RRN is already recorded (the hub asks its database) */
  rrnAlreadyRecorded: (rrn: string) => boolean;
}

/**
 * Checks everything that must hold before money counts as paid, and builds the record. Throws a
 * {@link PaymentError}: PAYMENT_METHOD_NOT_ALLOWED, PAYMENT_AMOUNT_MISMATCH (with the approval — the
 * customer paid a different amount: a person refunds or corrects), PAYMENT_DUPLICATE_RRN (one
 * receipt cannot pay for two requests), PAYMENT_BAD_REPLY (not a valid approval).
 */
export function paymentRecord(input: PaymentRecordInput): PaymentRecord {
  const { method, orderId, approval, amountDueRials } = input;
  if (!isAllowedMethod(method)) {
    throw new PaymentError('PAYMENT_METHOD_NOT_ALLOWED', `payment method ${JSON.stringify(method)} is not allowed (ماده ۱۳ تبصره ۱: electronic payment only)`, { orderId });
  }
  if (!orderIdSchema.safeParse(orderId).success) throw new RangeError(`not an order id: ${JSON.stringify(orderId)}`);
  // Only the approval's own fields: a ManualApproval also carries its method.
  const { amountRials, rrn, trace, terminalId, maskedCard, responseCode, approvedAt } = approval;
  const valid = terminalApprovalSchema.safeParse({ amountRials, rrn, trace, terminalId, maskedCard, responseCode, approvedAt });
  if (!valid.success) {
    throw new PaymentError('PAYMENT_BAD_REPLY', `order ${orderId}: not a valid approval (${valid.error.issues.map((i) => i.path.join('.')).join(', ')})`, { orderId });
  }
  if (valid.data.amountRials !== amountDueRials) {
    throw new PaymentError('PAYMENT_AMOUNT_MISMATCH', `order ${orderId}: approved ${valid.data.amountRials} rials, but ${amountDueRials} are due`, {
      orderId,
      approval: valid.data,
    });
  }
  if (input.rrnAlreadyRecorded(valid.data.rrn)) {
    throw new PaymentError('PAYMENT_DUPLICATE_RRN', `order ${orderId}: RRN ${valid.data.rrn} is already recorded for another payment`, {
      orderId,
      approval: valid.data,
    });
  }
  return { ...valid.data, method, orderId };
}
