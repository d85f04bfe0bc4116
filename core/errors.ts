/**
 * Typed errors shared by the hub and every client. Each carries a stable code; the
 * renderer maps a code to exactly one Persian sentence (renderer/i18n/fa.ts). The hub
 * never sends a stack trace, only `{ code, message, fields? }`.
 */

export const errorCodes = [
  // transport / protocol
  'MALFORMED_FRAME',
  'MESSAGE_TOO_LARGE',
  'UNKNOWN_PROCEDURE',
  'UNKNOWN_EVENT',
  'INVALID_INPUT',
  'HUB_UNREACHABLE',
  'TIMEOUT',
  'INTERNAL',
  // session and access
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  // office setup
  'NOT_SET_UP',
  'ALREADY_SET_UP',
  'WEAK_PASSWORD',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldIssue {
  /** dotted path into the input, e.g. `office.code` */
  path: string;
  /** a short machine-readable reason, e.g. `too_small`, `invalid_format` */
  reason: string;
}

/** An error whose code is meant for the caller. Anything else thrown in a handler is INTERNAL. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldIssue[] | undefined;
  /** for ACCOUNT_LOCKED and rate limits: when the caller may try again (UTC ISO) */
  readonly retryAt: string | undefined;

  constructor(code: ErrorCode, message: string, extra: { fields?: FieldIssue[]; retryAt?: string } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.fields = extra.fields;
    this.retryAt = extra.retryAt;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
