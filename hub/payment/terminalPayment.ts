/**
 * The PC-POS side of a card payment at the counter: which terminal a counter uses, how a terminal's
 * failure becomes an attempt state and a wire error, and the wait that makes an attempt durable
 * before the terminal is called. The flow itself is RequestService.payTerminal; the attempt
 * lifecycle is described in native/payment/README.md ("The hub: payment attempts").
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ErrorCode } from '../../core/errors';
import type { Database } from '../../db/sqlite';
import type { TerminalSettingRow } from '../../db/paymentTerminals';
import { PaymentError, sadadTerminal, type PaymentErrorCode, type PaymentTerminal, type SadadTerminalOptions } from '../../native/payment';

export interface TerminalFactoryOptions {
  /** orders whose earlier sale was never answered: the adapter asks the terminal about them before charging */
  inDoubtOrderIds: string[];
  /** the terminal id to put on an approval found by inquiry (the setting's, or the last one seen at this counter) */
  terminalId?: string | undefined;
}

/** Builds the terminal a counter's setting names, for one payment. */
export type PaymentTerminalFactory = (setting: TerminalSettingRow, options: TerminalFactoryOptions) => PaymentTerminal;

/** The adapter for a setting; `overrides` lets tests shorten the waits. */
export function terminalFromSetting(setting: TerminalSettingRow, options: TerminalFactoryOptions, overrides: Partial<SadadTerminalOptions> = {}): PaymentTerminal {
  switch (setting.kind) {
    case 'sadad':
      return sadadTerminal({
        baseUrl: setting.baseUrl,
        timeoutMs: setting.timeoutMs,
        ...(setting.deviceIp ? { device: { ConnectionType: 'Lan', DeviceIp: setting.deviceIp, ...(setting.devicePort ? { DevicePort: String(setting.devicePort) } : {}) } } : {}),
        ...(options.terminalId ? { terminalId: options.terminalId } : {}),
        inDoubtOrderIds: options.inDoubtOrderIds,
        ...overrides,
      });
  }
}

export const defaultPaymentTerminal: PaymentTerminalFactory = (setting, options) => terminalFromSetting(setting, options);

/** What the clerk is told when no money moved: the terminal's own reason. */
const notChargedCodes: Record<PaymentErrorCode, ErrorCode> = {
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  PAYMENT_CANCELLED: 'PAYMENT_CANCELLED',
  PAYMENT_TIMEOUT: 'PAYMENT_TIMEOUT',
  PAYMENT_TERMINAL_UNREACHABLE: 'PAYMENT_TERMINAL_UNREACHABLE',
  PAYMENT_TERMINAL_BUSY: 'PAYMENT_TERMINAL_BUSY',
  PAYMENT_METHOD_NOT_ALLOWED: 'PAYMENT_METHOD_NOT_ALLOWED',
  // these are never notCharged from an adapter; if one ever is, say so plainly
  PAYMENT_AMOUNT_MISMATCH: 'PAYMENT_CHARGED_MISMATCH',
  PAYMENT_BAD_REPLY: 'PAYMENT_TERMINAL_UNREACHABLE',
  PAYMENT_IN_DOUBT: 'PAYMENT_IN_DOUBT',
  PAYMENT_DUPLICATE_RRN: 'DUPLICATE_RRN',
};

/**
 * How a terminal's failure ends the attempt, and what the clerk is told:
 * - notCharged → the attempt is closed `notCharged`; the terminal's reason (declined, cancelled, …)
 * - unknown → the attempt stays open as `inDoubt`; PAYMENT_IN_DOUBT (retry through the terminal)
 * - charged → the attempt is closed `chargedMismatch`; PAYMENT_CHARGED_MISMATCH (the manager acts)
 * Anything that is not a PaymentError says nothing about the money: in doubt.
 */
export function terminalOutcome(err: unknown): { state: 'notCharged' | 'inDoubt' | 'chargedMismatch'; stored: string; code: ErrorCode } {
  if (!(err instanceof PaymentError)) return { state: 'inDoubt', stored: 'INTERNAL', code: 'PAYMENT_IN_DOUBT' };
  if (err.outcome === 'notCharged') return { state: 'notCharged', stored: err.code, code: notChargedCodes[err.code] };
  if (err.outcome === 'charged') return { state: 'chargedMismatch', stored: err.code, code: 'PAYMENT_CHARGED_MISMATCH' };
  return { state: 'inDoubt', stored: err.code, code: 'PAYMENT_IN_DOUBT' };
}

/**
 * Waits until the writes made so far are committed: a call's synchronous writes land in the group
 * commit's batch (hub/rpc/groupCommit.ts), which commits at the end of the event-loop turn. Returns
 * whether `stillThere` holds afterwards with no transaction open — false when the batch rolled back.
 */
export async function afterCommit(db: Database, stillThere: () => boolean): Promise<boolean> {
  await nextTurn();
  while (db.inTransaction) await nextTurn();
  return stillThere();
}

/** Request parts with a sale on a terminal right now, per database (one hub per database). */
const inFlight = new WeakMap<Database, Set<string>>();

export function salesInFlight(db: Database): Set<string> {
  let set = inFlight.get(db);
  if (!set) inFlight.set(db, (set = new Set()));
  return set;
}
