/**
 * What the counter needs from a bank card terminal (PC-POS): charge an amount for an order, and
 * tell whether an order was charged. One adapter per bank protocol (sadad.ts, …); manual.ts covers
 * every other bank by typing the terminal's receipt. See README.md.
 */
import { z } from 'zod';

export interface SaleRequest {
  /** whole rials, exactly what the customer owes */
  amountRials: number;
  /**
   * Identifies one payment. A retry of the same payment MUST reuse it: that is how an adapter finds
   * an earlier attempt whose outcome it never heard, instead of charging the card twice.
   */
  orderId: string;
  /** how long to wait for the answer (card, PIN, bank); the adapter's default otherwise */
  timeoutMs?: number;
}

/** A bank approval as the terminal reported it — what goes on the receipt (FEES.md §4). */
export interface TerminalApproval {
  amountRials: number;
  /** retrieval reference number (شماره مرجع), 12 digits */
  rrn: string;
  /** trace number / STAN (شماره پیگیری), as printed: 1–12 digits, usually 6 */
  trace: string;
  /** the terminal's id at the acquirer (شماره پایانه) */
  terminalId: string;
  /** first 6 and last 4 digits at most, the rest `*`; '' when the terminal reported no card */
  maskedCard: string;
  /** always '00': anything else is not an approval */
  responseCode: '00';
  /** UTC ISO time the approval reached Daftaryar (or was read off the receipt, for manual entry) */
  approvedAt: string;
}

export interface PaymentTerminal {
  /** the protocol, for logs and settings: 'sadad', … */
  readonly kind: string;
  /**
   * Charges the customer. Resolves only with an approval for exactly `amountRials`; anything else
   * rejects with a {@link PaymentError} whose `outcome` says whether money may have moved.
   */
  sale(req: SaleRequest): Promise<TerminalApproval>;
  /** The approval the terminal holds for this order, or null when it holds none. Never charges. */
  inquire?(orderId: string): Promise<TerminalApproval | null>;
  /**
   * Gives a sale's money back to the card (a reversal, the same day), under the reversal's own order
   * id; the same rules as `sale`: resolves only with the terminal's approval of exactly that amount,
   * and a reversal never answered is inquired before it is sent again. Absent: the terminal cannot.
   */
  reverse?(req: ReversalRequest): Promise<TerminalApproval>;
}

/** A reversal of one approved sale: its own order id (reused for every retry), the sale's order id and RRN. */
export interface ReversalRequest extends SaleRequest {
  saleOrderId: string;
  saleRrn: string;
}

export const paymentErrorCodes = [
  /** the bank refused the card (`responseCode` says why: 51 no funds, 55 wrong PIN, …) */
  'PAYMENT_DECLINED',
  /** the customer or the clerk cancelled on the device */
  'PAYMENT_CANCELLED',
  /** a bounded wait ran out at a point where this call could not have charged anything */
  'PAYMENT_TIMEOUT',
  /** no connection to the terminal (or its local service), or the service cannot reach the device */
  'PAYMENT_TERMINAL_UNREACHABLE',
  /** the device is in the middle of another transaction and refused this one */
  'PAYMENT_TERMINAL_BUSY',
  /** approved, but not for the amount asked: a person must sort it out; never recorded as paid */
  'PAYMENT_AMOUNT_MISMATCH',
  /** the terminal's answer could not be read (not JSON, missing fields, HTTP error) */
  'PAYMENT_BAD_REPLY',
  /** the request reached the terminal and no answer came: inquire with the same order id before any retry */
  'PAYMENT_IN_DOUBT',
  /** the approval's RRN is already on another recorded payment: one receipt cannot pay twice */
  'PAYMENT_DUPLICATE_RRN',
  /** a payment method the bylaw does not allow (cash — ماده ۱۳ تبصره ۱) */
  'PAYMENT_METHOD_NOT_ALLOWED',
] as const;

export type PaymentErrorCode = (typeof paymentErrorCodes)[number];

/**
 * What is known about the customer's money after the error:
 * - `notCharged`: certainly not charged; a new attempt is safe
 * - `unknown`: maybe charged; resolve by inquiry (same order id) before anything else
 * - `charged`: money moved but cannot count as this payment; a person must act (refund, correct)
 */
export type PaymentOutcome = 'notCharged' | 'unknown' | 'charged';

const DEFAULT_OUTCOME: Record<PaymentErrorCode, PaymentOutcome> = {
  PAYMENT_DECLINED: 'notCharged',
  PAYMENT_CANCELLED: 'notCharged',
  PAYMENT_TIMEOUT: 'notCharged',
  PAYMENT_TERMINAL_UNREACHABLE: 'notCharged',
  PAYMENT_TERMINAL_BUSY: 'notCharged',
  PAYMENT_AMOUNT_MISMATCH: 'charged',
  PAYMENT_BAD_REPLY: 'unknown',
  PAYMENT_IN_DOUBT: 'unknown',
  PAYMENT_DUPLICATE_RRN: 'unknown',
  PAYMENT_METHOD_NOT_ALLOWED: 'notCharged',
};

/** A payment that did not go through as asked, with a stable code the counter turns into one Persian sentence. */
export class PaymentError extends Error {
  readonly code: PaymentErrorCode;
  readonly outcome: PaymentOutcome;
  readonly orderId: string | undefined;
  /** the bank's response code, for PAYMENT_DECLINED */
  readonly responseCode: string | undefined;
  /** what the terminal approved, for PAYMENT_AMOUNT_MISMATCH and PAYMENT_DUPLICATE_RRN */
  readonly approval: TerminalApproval | undefined;

  constructor(
    code: PaymentErrorCode,
    message: string,
    extra: { outcome?: PaymentOutcome; orderId?: string; responseCode?: string; approval?: TerminalApproval; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'PaymentError';
    this.code = code;
    this.outcome = extra.outcome ?? DEFAULT_OUTCOME[code];
    this.orderId = extra.orderId;
    this.responseCode = extra.responseCode;
    this.approval = extra.approval;
  }
}

export const APPROVED_RESPONSE_CODE = '00';

/** The largest amount anyone will pay at a counter is far below this; it keeps rials exact in a JS number. */
export const MAX_AMOUNT_RIALS = Number.MAX_SAFE_INTEGER;

export const amountRialsSchema = z.number().int().positive().max(MAX_AMOUNT_RIALS);

/** A stored order id: what both the hub and Sadad's service accept (its samples use digits and GUIDs). */
export const orderIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** Masked card: up to 6 first digits, stars, the last 4 — or '' when the terminal did not say. */
export const MASKED_CARD_SHAPE = /^(?:\d{0,6}\*+\d{4})?$/;

/** The invariant of every approval this module hands out, whichever way it came. */
export const terminalApprovalSchema = z.strictObject({
  amountRials: amountRialsSchema,
  rrn: z.string().regex(/^\d{12}$/),
  trace: z.string().regex(/^\d{1,12}$/),
  terminalId: z.string().regex(/^[0-9A-Z]{1,16}$/),
  maskedCard: z.string().regex(MASKED_CARD_SHAPE).max(19),
  responseCode: z.literal(APPROVED_RESPONSE_CODE),
  approvedAt: z.iso.datetime(),
});
