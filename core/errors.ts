/**
 * Typed errors shared by the hub and every client. Each carries a stable code; the
 * renderer maps a code to exactly one Persian sentence (renderer/i18n/fa.ts). The hub
 * never sends a stack trace, only `{ code, message, fields? }`.
 */

/** What a printer itself can say went wrong (native/printing decodes it from the printer's status bytes). */
export const printerErrorCodes = ['PRINTER_UNREACHABLE', 'PRINTER_TIMEOUT', 'PRINTER_PAPER_OUT', 'PRINTER_COVER_OPEN', 'PRINTER_OFFLINE', 'PRINTER_ERROR'] as const;

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
  /** a connection carries one kind of caller: staff, or one kind of screen (docs/SECURITY.md) */
  'CONNECTION_OTHER_ROLE',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'TOO_MANY_ATTEMPTS',
  // TOTP, the second factor (docs/SECURITY.md § TOTP)
  'OTP_REQUIRED',
  'INVALID_OTP',
  'OTP_ALREADY_ENABLED',
  'OTP_NOT_ENABLED',
  // office setup
  'NOT_SET_UP',
  'ALREADY_SET_UP',
  /** first-run setup from a connection that is not trusted: the code on the hub's console is missing or wrong */
  'INVALID_SETUP_CODE',
  'WEAK_PASSWORD',
  // queue
  'UNKNOWN_SERVICE',
  'SERVICE_CLOSED',
  'DAILY_CAP_REACHED',
  'UNKNOWN_TICKET',
  'TICKET_NOT_WAITING',
  'QUEUE_EMPTY',
  'UNKNOWN_COUNTER',
  'COUNTER_NOT_OPEN',
  'COUNTER_TAKEN',
  'COUNTER_BUSY',
  'COUNTER_IDLE',
  'SERVICE_NOT_AT_COUNTER',
  'INVALID_BOOKING_CODE',
  'INVALID_NATIONAL_ID',
  'BOOKING_LIMIT',
  'DUPLICATE',
  // printers
  'PRINTER_NOT_CONFIGURED',
  ...printerErrorCodes,
  // counter workflow: tariff, requests, fees, payments
  'TARIFF_OVERLAP',
  'TARIFF_BACKDATED',
  'TARIFF_INVALID',
  'NO_TARIFF_IN_FORCE',
  'TARIFF_ITEM_MISSING',
  'CHARGE_ABOVE_TARIFF',
  'FEE_INPUT_INVALID',
  'DISCOUNT_REASON_REQUIRED',
  'DISCOUNT_INVALID',
  'EXEMPTION_EVIDENCE_REQUIRED',
  'REQUEST_OUT_OF_ORDER',
  /** the request's service does not have this step (a scan for «مشاهدهٔ ابلاغیه», an inquiry for a petition) */
  'STEP_NOT_IN_SERVICE',
  'REQUEST_CLOSED',
  'REFUND_REQUIRED',
  'REQUEST_REASON_REQUIRED',
  'PAYMENT_NOT_WAIVABLE',
  'TRACKING_CODE_REQUIRED',
  'UNKNOWN_REQUEST',
  'UNKNOWN_APPLICANT',
  'INVALID_DEADLINE',
  'DEADLINE_PASSED',
  'DEADLINE_LOCKED',
  'REQUEST_AT_DESK',
  'REQUEST_NOT_OPEN',
  'PAYMENT_AMOUNT_MISMATCH',
  'DUPLICATE_RRN',
  'PAYMENT_NOT_DUE',
  'PAYMENT_METHOD_NOT_ALLOWED',
  'PAYMENT_ENTRY_INVALID',
  'UNKNOWN_RECEIPT',
  'REQUEST_OTHER_COUNTER',
  // the request search (docs/SEARCH.md)
  'SEARCH_QUERY_INVALID',
  'SEARCH_PURPOSE_REQUIRED',
  'SEARCH_NOT_OPENED',
  // a request not at a counter the caller has open, and not opened with a purpose (hub/request/reach.ts)
  'REQUEST_NOT_OPENED',
  'SESSION_LOCKED',
  'PASSWORD_CHANGE_REQUIRED',
  // card payment through a bank PC-POS terminal
  'TERMINAL_NOT_CONFIGURED',
  'PAYMENT_DECLINED',
  'PAYMENT_CANCELLED',
  'PAYMENT_TIMEOUT',
  'PAYMENT_TERMINAL_UNREACHABLE',
  'PAYMENT_TERMINAL_BUSY',
  'PAYMENT_IN_DOUBT',
  'PAYMENT_IN_PROGRESS',
  'PAYMENT_CHARGED_MISMATCH',
  // refunds and reversals (issue 19 § 3); the end of the day (§ 5)
  'UNKNOWN_PAYMENT',
  /** more than the payment took */
  'REFUND_EXCEEDS_PAYMENT',
  /** less than the payment: a refund gives the whole payment back (then the fees are fixed again) */
  'REFUND_PARTIAL',
  /** the payment is refunded already (or its refund is on its way) */
  'REFUND_ALREADY',
  /** the request is in the outbox: it may be on its way to the central system */
  'REFUND_IN_OUTBOX',
  /** the request was sent: the central system has it */
  'REFUND_AFTER_SENDING',
  /** a clerk refunding a payment of another counter's request, without a manager's approval */
  'REFUND_OTHER_COUNTER',
  /** a manual refund needs a manager's approval */
  'REFUND_APPROVAL_REQUIRED',
  /** the approval given is not a manager's valid username, password (and code) */
  'REFUND_APPROVAL_INVALID',
  /** a reversal on the terminal is for a card payment taken on this office's terminal the same office day */
  'REFUND_NOT_REVERSIBLE',
  'REFUND_DECLINED',
  /** the reversal did not reach the terminal, or was cancelled or refused there before anything went back */
  'REFUND_TERMINAL_FAILED',
  /** a reversal was never answered: only a retry through the terminal (which asks first) can tell */
  'REFUND_IN_DOUBT',
  'REFUND_IN_PROGRESS',
  /** the clerk's counter cannot close: a payment of theirs today has no receipt issued */
  'COUNTER_CLOSE_UNRECEIPTED',
  'COUNTER_ALREADY_CLOSED',
  /** the office day cannot close while a card sale or reversal is in doubt (the ref lists them) */
  'DAY_CLOSE_IN_DOUBT',
  /** the office day cannot close while a payment has no receipt issued (the ref lists them) */
  'DAY_CLOSE_RECEIPT_MISSING',
  'DAY_ALREADY_CLOSED',
  // backups and restore (docs/BACKUP.md); BACKUP_CORRUPT's ref names the damaged file
  'BACKUP_TARGET_NOT_SET',
  'BACKUP_TARGET_MISSING',
  'BACKUP_TARGET_INVALID',
  'BACKUP_TARGET_NOT_WRITABLE',
  'BACKUP_TARGET_INSIDE_DATA',
  'BACKUP_TARGET_FULL',
  'BACKUP_INCOMPLETE',
  'BACKUP_CORRUPT',
  'BACKUP_WRONG_KEY',
  'BACKUP_AUDIT_BROKEN',
  'BACKUP_FAILED',
  'BACKUP_NONE',
  'RESTORE_DATA_NOT_EMPTY',
  // thermal receipts on the counter's printer
  'RECEIPT_PRINTER_NOT_CONFIGURED',
  // staff accounts (ماده ۸–۱۱, ۳۶ ت)
  'UNKNOWN_STAFF',
  'USERNAME_TAKEN',
  'NATIONAL_ID_TAKEN',
  'CERTIFICATE_REQUIRED',
  'LAST_MANAGER',
  'SELF_DEACTIVATION',
  // document capture (ماده ۴)
  'SCANNER_NOT_CONFIGURED',
  'CAPTURE_RUNNING',
  'PAGES_PROCESSING',
  'CAPTURE_LOCKED',
  'UNKNOWN_DOCUMENT',
  'UNKNOWN_PAGE',
  'UNKNOWN_CAPTURE_JOB',
  'UPLOAD_INVALID',
  'FILE_TOO_LARGE',
  'FILE_UNREADABLE',
  'DISK_FULL',
  'PAGE_DAMAGED',
  'PAGE_PURGED',
  'CAPTURE_NO_PAGES',
  'CAPTURE_BLANK_UNDECIDED',
  'CAPTURE_PAGES_NOT_AS_PAID',
  'REVIEW_OUTDATED',
  /** the applicant's screen answers for its own counter only, and only for the request it showed */
  'SCREEN_OTHER_COUNTER',
  'SCREEN_OUTDATED',
  'ORIGINALS_NOT_ALL_MATCHED',
  // the outbox to the central system (ماده ۳، ۵، ۳۸ الف)
  'SUBMISSION_INVALID',
  'SANA_CONSENT_REQUIRED',
  'SYNC_NOT_ENROLLED',
  'SYNC_ENROLLMENT_CODE_INVALID',
  'SYNC_ENROLLMENT_FAILED',
  'SYNC_ENROLLMENT_NOT_PENDING',
  'NO_SHOW_NEEDS_CONFIRMATION',
  'SYNC_CENTRAL_UNREACHABLE',
  'SYNC_ITEM_UNKNOWN',
  // the applicant's filing receipt (رسید ثبت و ارسال)
  'FILING_NOT_SENT',
  // devices on the LAN (docs/SECURITY.md § Devices on the LAN)
  'DEVICE_NOT_PAIRED',
  'DEVICE_REVOKED',
  'DEVICE_KIND_MISMATCH',
  'INVALID_PAIRING_CODE',
  'UNKNOWN_DEVICE',
  // workstations and their device agents (docs/WORKSTATIONS.md)
  /** the two sides speak different versions of the contract; the message names both */
  'CONTRACT_VERSION_MISMATCH',
  // the app's installers the hub keeps for its workstations (docs/UPDATES.md)
  /** the folder given holds no latest.yml / latest-linux.yml, or cannot be read */
  'UPDATE_NOT_FOUND',
  /** the feed file is not what electron-builder writes (its version, files, digests, names) */
  'UPDATE_FEED_INVALID',
  /** an installer the feed names is missing, or over the size limit, or its size is not the feed's */
  'UPDATE_FILE_INVALID',
  /** an installer's sha512 is not the one its feed gives */
  'UPDATE_CHECKSUM_MISMATCH',
  /** only a paired counter or kiosk's device agent, on a connection of its own, may do this */
  'AGENT_NOT_ALLOWED',
  /** the counter's scanner is on its workstation, whose device agent is not connected now */
  'WORKSTATION_AGENT_OFFLINE',
  /** the counter's scanner is a workstation's, and this counter is not open on a paired workstation */
  'WORKSTATION_REQUIRED',
  /** the workstation's agent did not report this device (unplugged, or never there) */
  'WORKSTATION_DEVICE_MISSING',
  /** the counter's receipt printer is its workstation's, and that workstation's agent is away (or went away before it answered) */
  'WORKSTATION_PRINTER_OFFLINE',
  /** the counter's card terminal is its workstation's, and that workstation's agent is not connected: nothing was charged */
  'WORKSTATION_TERMINAL_OFFLINE',
  /** the printer the manager chose for the workstation is not in its agent's last report (unplugged, renamed) */
  'WORKSTATION_PRINTER_MISSING',
  /** the card terminal the manager chose for the workstation is not in its agent's last report: nothing was charged */
  'WORKSTATION_TERMINAL_MISSING',
  /** printing a document was asked where the workstation reported no document printer (the screen downloads it instead) */
  'DOCUMENT_PRINTER_NOT_CONFIGURED',
  /** the PDF is larger than a print job to a workstation carries: download it and print it there */
  'DOCUMENT_TOO_LARGE_TO_PRINT',
  'AGENT_JOB_UNKNOWN',
  /** a standby was promoted over this hub: it serves nothing until the manager resumes it (docs/STANDBY.md) */
  'HUB_SUPERSEDED',
  'AGENT_PAGE_OUT_OF_ORDER',
  'AGENT_PAGE_REFUSED',
  // inquiries (ماده ۳۸ ج)
  'INQUIRY_NO_BASIS',
  'INQUIRY_FAILED',
  // follow-up of a returned request (رفع نقص)
  /** the request is not a filing of this office that the authority returned (never delivered, undecided, accepted, or itself a remedy) */
  'FOLLOW_UP_NOT_RETURNED',
  /** a remedy request already answers this return */
  'FOLLOW_UP_EXISTS',
  /** a notification inquiry needs the applicant's national id; a case inquiry a tracking code */
  'INQUIRY_NO_SUBJECT',
  // satisfaction (ماده ۱۸) and anonymous complaints (ماده ۲۰)
  /** no served ticket to rate here: unknown, not finished, another counter's, or the window has passed */
  'RATING_NOT_AVAILABLE',
  /** this ticket was rated already: once per served ticket */
  'RATING_ALREADY_GIVEN',
  /** a score below 3 needs one reason («other» with its text); a score of 3 or more takes none */
  'RATING_REASON_INVALID',
  /** the complaint's text carries markup (tags, entities, a script URL) */
  'COMPLAINT_MARKUP',
  /** the Center has not published its complaints key to this office yet (never enrolled, or not reached since) */
  'COMPLAINT_NOT_ACCEPTING',
  // statistics for the central (ماده ۳۵ ب)
  /** the period asked for reaches past today */
  'STATISTICS_PERIOD_IN_FUTURE',
  /** no such statistics request from the central */
  'STATISTICS_REQUEST_UNKNOWN',
  /** the central already has the package of this request */
  'STATISTICS_ALREADY_SENT',
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
  /** what the error is about, when the caller needs it (e.g. the ticket a failed print left) */
  readonly ref: string | undefined;

  constructor(code: ErrorCode, message: string, extra: { fields?: FieldIssue[]; retryAt?: string; ref?: string } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.fields = extra.fields;
    this.retryAt = extra.retryAt;
    this.ref = extra.ref;
  }
}
