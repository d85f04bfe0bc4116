/**
 * Bank Melli / Sadad PC-POS terminals through Sadad's "PcPos REST Service", the Windows service the
 * bank installs on the counter PC (HTTP on port 8000 by default), which talks to the device over
 * the LAN or a serial port. Field names follow Sadad's service page and sample (see README.md);
 * they must be checked against the SDK the bank hands over at pilot time.
 *
 *   POST /api/Sale    { Amount, OrderId, SaleId, RequestId, RetryTimeOut, ResponseTimeout, …device }
 *                  →  { PcPosStatusCode, ResponseCode, Amount, Rrn, TransactionNo, TerminalId, CardNo, OrderId, … }
 *   POST /api/Search  { OrderId, …device }  →  { PcPosStatusCode, Transactions: [{ Amount, ResponseCode, Rrn, … }] }
 *
 * Approved iff PcPosStatusCode is 4 (the device answered), ResponseCode is '00', the amount is the
 * one asked for and the answer is about this order.
 *
 * No double charge: an order whose outcome this adapter did not hear (in doubt, unreadable answer,
 * wrong amount) is remembered, and its next `sale` asks the terminal (`/api/Search`) first — if the
 * earlier attempt was approved, that approval is returned and the card is not charged again; if the
 * terminal cannot answer, the sale fails PAYMENT_IN_DOUBT without charging. This works only because
 * the hub reuses the order id for every retry of the same payment.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { toLatinDigits } from '../../core/text/digits';
import { maskedCardFromTerminal } from './cardMask';
import { DevicePostError, postJson, type DeviceAnswer } from './devicePost';
import {
  APPROVED_RESPONSE_CODE,
  PaymentError,
  amountRialsSchema,
  orderIdSchema,
  terminalApprovalSchema,
  type PaymentErrorCode,
  type PaymentOutcome,
  type PaymentTerminal,
  type ReversalRequest,
  type SaleRequest,
  type TerminalApproval,
} from './terminal';

/** Where Sadad's service listens when installed with its defaults (HTTPS is on 8001). */
export const SADAD_DEFAULT_BASE_URL = 'http://127.0.0.1:8000';
/** A sale waits for the customer (card, PIN) and the bank: Sadad's own samples allow 120–180 s. */
export const DEFAULT_SALE_TIMEOUT_MS = 200_000;
export const DEFAULT_INQUIRY_TIMEOUT_MS = 30_000;
/** The service runs on the counter PC or the LAN next to it: connecting takes milliseconds. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;

/** `PcPosStatusCode`: how the service's exchange with the device went (not the bank's answer). */
export const SadadStatus = {
  NoResponse: 0,
  MaxRetryError: 1,
  AbortedByService: 2,
  AbortedByDeviceUser: 3,
  Connected: 4,
  InternalError: 5,
  ConcurrentRequestError: 6,
} as const;

/**
 * How the service reaches the device, in Sadad's own field names, sent with every request. All
 * optional: without them the service uses the device in its own configuration file.
 */
export type SadadDeviceFields = Partial<
  Record<'ConnectionType' | 'DeviceIp' | 'DevicePort' | 'SerialPort' | 'DeviceType' | 'TerminalId' | 'MerchantId', string>
>;

export interface SadadTerminalOptions {
  /** the service's address, e.g. http://127.0.0.1:8000 (http only) */
  baseUrl: string;
  /** how long a sale may take before it is in doubt; default 200 s */
  timeoutMs?: number;
  /** bound on an inquiry; default 30 s */
  inquiryTimeoutMs?: number;
  /** bound on connecting to the service; default 3 s */
  connectTimeoutMs?: number;
  device?: SadadDeviceFields;
  /**
   * The terminal id (شماره پایانه) printed on its receipts. Sale answers carry it; search results
   * may not, so an approval found by inquiry uses this (or the id seen in an earlier answer).
   */
  terminalId?: string;
  /**
   * Orders the hub recorded as in doubt before a restart: their next sale inquires first, exactly
   * as if this adapter had seen them time out.
   */
  inDoubtOrderIds?: Iterable<string>;
  /** the clock for `approvedAt` (tests) */
  now?: () => Date;
}

export function sadadTerminal(
  options: SadadTerminalOptions,
): PaymentTerminal & { inquire(orderId: string): Promise<TerminalApproval | null>; reverse(req: ReversalRequest): Promise<TerminalApproval> } {
  return new SadadTerminal(options);
}

/** Approvals remembered per order, so a repeated sale of a paid order never reaches the device. */
const REMEMBERED_APPROVALS = 1000;

/** Digits as text, whether the service sends `"50000"` or `50000`; Persian digits tolerated. */
const textField = z
  .union([z.string(), z.number()])
  .transform((v) => toLatinDigits(String(v)).trim())
  .nullish();
const statusField = z.union([z.number().int(), z.string().regex(/^\s*\d+\s*$/).transform(Number)]);

const transactionFields = {
  ResponseCode: textField,
  Amount: textField,
  Rrn: textField,
  TransactionNo: textField,
  TerminalId: textField,
  CardNo: textField,
  OrderId: textField,
};

/** The service adds fields over versions (ApprovalCode, ProcessingCode, …): unknown ones are ignored. */
const saleReplySchema = z.looseObject({
  PcPosStatusCode: statusField,
  PcPosStatus: z.string().nullish(),
  ResponseCodeMessage: z.string().nullish(),
  ...transactionFields,
});
const searchReplySchema = z.looseObject({
  PcPosStatusCode: statusField,
  PcPosStatus: z.string().nullish(),
  OrderId: textField,
  Transactions: z.array(z.looseObject(transactionFields)).nullish(),
});

type TransactionFields = { [K in keyof typeof transactionFields]?: string | null | undefined };

class SadadTerminal implements PaymentTerminal {
  readonly kind = 'sadad';
  private readonly baseUrl: URL;
  private readonly timeoutMs: number;
  private readonly inquiryTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly device: SadadDeviceFields;
  private readonly configuredTerminalId: string | undefined;
  private readonly now: () => Date;
  /** the terminal id from the last answer that carried one */
  private seenTerminalId: string | undefined;
  /** orders an attempt may have charged without this adapter hearing the outcome */
  private readonly unresolved = new Set<string>();
  private readonly approvals = new Map<string, TerminalApproval>();
  private line: Promise<unknown> = Promise.resolve();

  constructor(options: SadadTerminalOptions) {
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    if (this.baseUrl.protocol !== 'http:') throw new TypeError(`Sadad PC-POS service address must be http: ${options.baseUrl}`);
    this.timeoutMs = positive(options.timeoutMs ?? DEFAULT_SALE_TIMEOUT_MS, 'timeoutMs');
    this.inquiryTimeoutMs = positive(options.inquiryTimeoutMs ?? DEFAULT_INQUIRY_TIMEOUT_MS, 'inquiryTimeoutMs');
    this.connectTimeoutMs = positive(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, 'connectTimeoutMs');
    this.device = { ...options.device };
    this.configuredTerminalId = options.terminalId?.trim().toUpperCase() || undefined;
    this.now = options.now ?? (() => new Date());
    for (const id of options.inDoubtOrderIds ?? []) this.unresolved.add(id);
  }

  async sale(req: SaleRequest): Promise<TerminalApproval> {
    return this.once('sale', req, {});
  }

  /**
   * Gives back a sale's money the same day: `/api/Reverse` under the reversal's own order id, naming
   * the sale by its order id and RRN. The same rule as a sale: a reversal never answered is inquired
   * (`/api/Search` by the reversal's order id) before it is sent again, so the card is credited once.
   */
  async reverse(req: ReversalRequest): Promise<TerminalApproval> {
    const sale = orderIdSchema.parse(req.saleOrderId);
    const rrn = z.string().regex(/^\d{12}$/).parse(req.saleRrn);
    return this.once('reverse', req, { OriginalOrderId: sale, OriginalRrn: rrn, Rrn: rrn });
  }

  /** One sale or reversal under an order id, inquiring first when an earlier try of it was never answered. */
  private async once(kind: 'sale' | 'reverse', req: SaleRequest, extra: Record<string, string>): Promise<TerminalApproval> {
    const amountRials = amountRialsSchema.parse(req.amountRials);
    const orderId = orderIdSchema.parse(req.orderId);
    const timeoutMs = positive(req.timeoutMs ?? this.timeoutMs, 'timeoutMs');
    return this.serialised(async () => {
      const known = this.approvals.get(orderId);
      if (known) return this.accept(known, amountRials, orderId);

      if (this.unresolved.has(orderId)) {
        let found: TerminalApproval | null;
        try {
          found = await this.search(orderId);
        } catch (err) {
          // Money known to have moved (wrong amount, approved twice) needs a person, not another inquiry.
          if (err instanceof PaymentError && err.outcome === 'charged') throw err;
          throw new PaymentError(
            'PAYMENT_IN_DOUBT',
            `order ${orderId}: an earlier attempt may have charged the card and the terminal could not say (${messageOf(err)}); not charging again`,
            { orderId, cause: err },
          );
        }
        if (found) return this.accept(found, amountRials, orderId);
        // The terminal holds no approval for it: the earlier attempt charged nothing.
      }

      this.unresolved.add(orderId);
      try {
        return this.accept(await this.charge(kind, amountRials, orderId, timeoutMs, extra), amountRials, orderId);
      } catch (err) {
        if (err instanceof PaymentError && err.outcome === 'notCharged') this.unresolved.delete(orderId);
        throw err;
      }
    });
  }

  async inquire(orderId: string): Promise<TerminalApproval | null> {
    const id = orderIdSchema.parse(orderId);
    return this.serialised(async () => {
      const found = this.approvals.get(id) ?? (await this.search(id));
      if (found) this.remember(id, found);
      return found;
    });
  }

  /** An approval counts for this order only for the amount asked; a different one needs a person. */
  private accept(approval: TerminalApproval, amountRials: number, orderId: string): TerminalApproval {
    if (approval.amountRials !== amountRials) {
      this.unresolved.add(orderId);
      throw new PaymentError(
        'PAYMENT_AMOUNT_MISMATCH',
        `order ${orderId}: the terminal approved ${approval.amountRials} rials, not the ${amountRials} asked (RRN ${approval.rrn})`,
        { orderId, approval },
      );
    }
    this.remember(orderId, approval);
    return approval;
  }

  private remember(orderId: string, approval: TerminalApproval): void {
    this.unresolved.delete(orderId);
    this.approvals.delete(orderId);
    this.approvals.set(orderId, approval);
    if (this.approvals.size > REMEMBERED_APPROVALS) this.approvals.delete(this.approvals.keys().next().value!);
  }

  /** One /api/Sale (or /api/Reverse). Resolves with the approval as reported (amount not yet compared). */
  private async charge(kind: 'sale' | 'reverse', amountRials: number, orderId: string, timeoutMs: number, extra: Record<string, string>): Promise<TerminalApproval> {
    const body = {
      ...this.device,
      ...extra,
      Amount: String(amountRials),
      OrderId: orderId,
      SaleId: orderId,
      RequestId: randomUUID(),
      RetryTimeOut: '5000,5000,5000',
      ResponseTimeout: `${deviceWaitMs(timeoutMs)},5000,5000`,
    };
    let answer: DeviceAnswer;
    try {
      answer = await postJson(new URL(kind === 'sale' ? 'api/Sale' : 'api/Reverse', this.baseUrl), body, { timeoutMs, connectTimeoutMs: this.connectTimeoutMs });
    } catch (err) {
      throw saleTransportError(err, orderId, this.baseUrl);
    }
    const reply = parseAnswer(answer, saleReplySchema, orderId, kind, 'unknown');
    const fail = (code: PaymentErrorCode, message: string, outcome?: PaymentOutcome) =>
      new PaymentError(code, `order ${orderId}: ${message}`, { orderId, ...(outcome ? { outcome } : {}) });

    switch (reply.PcPosStatusCode) {
      case SadadStatus.Connected:
        break;
      case SadadStatus.AbortedByDeviceUser:
        throw fail('PAYMENT_CANCELLED', 'cancelled on the device');
      case SadadStatus.MaxRetryError:
        throw fail('PAYMENT_TERMINAL_UNREACHABLE', `the service could not reach the device (${reply.PcPosStatus ?? 'MaxRetryError'})`);
      case SadadStatus.ConcurrentRequestError:
        throw fail('PAYMENT_TERMINAL_BUSY', 'the device is busy with another transaction');
      case SadadStatus.NoResponse:
      case SadadStatus.AbortedByService:
      case SadadStatus.InternalError:
        // The device got the request (or may have) and its answer was lost: the bank may have approved.
        throw fail('PAYMENT_IN_DOUBT', `the service lost the device's answer (status ${reply.PcPosStatusCode} ${reply.PcPosStatus ?? ''})`.trim());
      default:
        throw fail('PAYMENT_BAD_REPLY', `unknown PcPosStatusCode ${reply.PcPosStatusCode}`);
    }

    this.noteTerminalId(reply.TerminalId);
    if (reply.OrderId && !sameOrder(reply.OrderId, orderId)) {
      // A stale or crossed answer: says nothing about this order, which was sent and may have been charged.
      throw fail('PAYMENT_IN_DOUBT', `the answer is about order ${reply.OrderId}`);
    }
    const responseCode = reply.ResponseCode ?? '';
    if (!/^[0-9A-Z]{2,3}$/i.test(responseCode)) throw fail('PAYMENT_BAD_REPLY', `no readable ResponseCode (${JSON.stringify(reply.ResponseCode)})`);
    if (responseCode !== APPROVED_RESPONSE_CODE) {
      throw new PaymentError('PAYMENT_DECLINED', `order ${orderId}: declined by the bank, response code ${responseCode}${reply.ResponseCodeMessage ? ` (${reply.ResponseCodeMessage})` : ''}`, {
        orderId,
        responseCode,
      });
    }
    return this.approvalFrom(reply, orderId, 'unknown');
  }

  /** /api/Search: the approval the device holds for the order, or null. Never charges. */
  private async search(orderId: string): Promise<TerminalApproval | null> {
    const body = {
      ...this.device,
      OrderId: orderId,
      RequestId: randomUUID(),
      RetryTimeOut: '5000,5000,5000',
      ResponseTimeout: `${deviceWaitMs(this.inquiryTimeoutMs)},5000,5000`,
    };
    let answer: DeviceAnswer;
    try {
      answer = await postJson(new URL('api/Search', this.baseUrl), body, { timeoutMs: this.inquiryTimeoutMs, connectTimeoutMs: this.connectTimeoutMs });
    } catch (err) {
      throw inquiryTransportError(err, orderId, this.baseUrl);
    }
    const reply = parseAnswer(answer, searchReplySchema, orderId, 'inquiry', 'unknown');
    const fail = (code: PaymentErrorCode, message: string) => new PaymentError(code, `order ${orderId}: inquiry: ${message}`, { orderId, outcome: 'unknown' });
    switch (reply.PcPosStatusCode) {
      case SadadStatus.Connected:
        break;
      case SadadStatus.ConcurrentRequestError:
        throw fail('PAYMENT_TERMINAL_BUSY', 'the device is still busy (possibly with this very order)');
      case SadadStatus.MaxRetryError:
        throw fail('PAYMENT_TERMINAL_UNREACHABLE', 'the service could not reach the device');
      case SadadStatus.NoResponse:
        throw fail('PAYMENT_TIMEOUT', 'the device did not answer');
      default:
        throw fail('PAYMENT_BAD_REPLY', `PcPosStatusCode ${reply.PcPosStatusCode} ${reply.PcPosStatus ?? ''}`.trim());
    }
    const approved = (reply.Transactions ?? []).filter(
      (t) => (!t.OrderId || sameOrder(t.OrderId, orderId)) && t.ResponseCode === APPROVED_RESPONSE_CODE,
    );
    if (approved.length === 0) return null;
    const first = this.approvalFrom(approved[0]!, orderId, 'charged');
    if (approved.length > 1) {
      throw new PaymentError('PAYMENT_AMOUNT_MISMATCH', `order ${orderId}: the terminal holds ${approved.length} approved sales for it`, {
        orderId,
        approval: first,
      });
    }
    return first;
  }

  /**
   * The approval from an approved answer, validated. An approved answer that cannot be read is a bad
   * reply with `outcome` as given: the bank said yes, so the money may well have moved.
   */
  private approvalFrom(t: TransactionFields, orderId: string, outcome: PaymentOutcome): TerminalApproval {
    const rrn = t.Rrn && /^\d{1,12}$/.test(t.Rrn) ? t.Rrn.padStart(12, '0') : t.Rrn;
    const candidate = {
      amountRials: t.Amount && /^\d+$/.test(t.Amount) ? Number(t.Amount) : NaN,
      rrn,
      trace: t.TransactionNo,
      terminalId: (t.TerminalId || this.seenTerminalId || this.configuredTerminalId)?.toUpperCase(),
      maskedCard: maskedCardFromTerminal(t.CardNo),
      responseCode: APPROVED_RESPONSE_CODE,
      approvedAt: this.now().toISOString(),
    };
    const parsed = terminalApprovalSchema.safeParse(candidate);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
      throw new PaymentError('PAYMENT_BAD_REPLY', `order ${orderId}: approved, but unreadable: ${fields}`, { orderId, outcome });
    }
    return parsed.data;
  }

  private noteTerminalId(id: string | null | undefined): void {
    if (id && /^[0-9A-Z]{1,16}$/i.test(id)) this.seenTerminalId = id.toUpperCase();
  }

  /** One call at a time: the device handles one transaction at a time, and a retry must see the earlier attempt's end. */
  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.line.then(task, task);
    this.line = run.catch(() => undefined);
    return run;
  }
}

/** Tell the device to give up a little before we do, so its own answer (aborted, no response) arrives first. */
function deviceWaitMs(waitMs: number): number {
  return Math.max(1_000, waitMs - Math.min(15_000, Math.floor(waitMs / 10)));
}

/** .NET may echo a GUID order id in another case. */
function sameOrder(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, not ${value}`);
  return value;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function parseAnswer<S extends z.ZodType>(answer: DeviceAnswer, schema: S, orderId: string, what: string, outcome: PaymentOutcome): z.output<S> {
  const bad = (why: string, cause?: unknown) =>
    new PaymentError('PAYMENT_BAD_REPLY', `order ${orderId}: ${what}: ${why}`, { orderId, outcome, ...(cause === undefined ? {} : { cause }) });
  if (answer.status < 200 || answer.status > 299) throw bad(`HTTP ${answer.status}`);
  let json: unknown;
  try {
    json = JSON.parse(answer.text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw bad('the answer is not JSON', err);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw bad(`unexpected answer: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`, parsed.error);
  return parsed.data;
}

/**
 * Where a sale's request got decides what is known: not connected, or not handed over in full → the
 * service cannot have acted on it; handed over and no answer → in doubt.
 */
function saleTransportError(err: unknown, orderId: string, baseUrl: URL): PaymentError {
  const where = `Sadad PC-POS service at ${baseUrl.origin}`;
  if (err instanceof DevicePostError) {
    if (err.stage === 'connect') return new PaymentError('PAYMENT_TERMINAL_UNREACHABLE', `order ${orderId}: cannot reach the ${where}: ${err.message}`, { orderId, cause: err });
    if (err.stage === 'send') {
      return err.kind === 'timeout'
        ? new PaymentError('PAYMENT_TIMEOUT', `order ${orderId}: the ${where} did not take the request in time`, { orderId, cause: err })
        : new PaymentError('PAYMENT_TERMINAL_UNREACHABLE', `order ${orderId}: the ${where} dropped the connection before taking the request`, { orderId, cause: err });
    }
    if (err.kind === 'tooLarge') return new PaymentError('PAYMENT_BAD_REPLY', `order ${orderId}: ${err.message}`, { orderId, cause: err });
  }
  return new PaymentError('PAYMENT_IN_DOUBT', `order ${orderId}: the sale reached the ${where} and no answer came (${messageOf(err)})`, { orderId, cause: err });
}

/** An inquiry charges nothing, but its failure leaves the order as unknown as it was. */
function inquiryTransportError(err: unknown, orderId: string, baseUrl: URL): PaymentError {
  const where = `Sadad PC-POS service at ${baseUrl.origin}`;
  const extra = { orderId, outcome: 'unknown' as const, cause: err };
  if (err instanceof DevicePostError) {
    if (err.kind === 'tooLarge') return new PaymentError('PAYMENT_BAD_REPLY', `order ${orderId}: inquiry: ${err.message}`, extra);
    if (err.kind === 'timeout' && err.stage !== 'connect') return new PaymentError('PAYMENT_TIMEOUT', `order ${orderId}: inquiry: the ${where} did not answer in time`, extra);
    return new PaymentError('PAYMENT_TERMINAL_UNREACHABLE', `order ${orderId}: inquiry: cannot reach the ${where}: ${err.message}`, extra);
  }
  return new PaymentError('PAYMENT_TERMINAL_UNREACHABLE', `order ${orderId}: inquiry failed: ${messageOf(err)}`, extra);
}
