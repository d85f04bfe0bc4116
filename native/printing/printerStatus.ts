/**
 * What an ESC/POS printer says about itself, decoded from its answers to `DLE EOT 1`, `2` and `4`
 * (Epson ESC/POS Command Reference, "DLE EOT: Transmit real-time status").
 */

import { printerErrorCodes } from '../../core/errors';

export { printerErrorCodes };
export type PrinterErrorCode = (typeof printerErrorCodes)[number];

export interface PrinterStatus {
  /** nothing stops printing right now */
  ready: boolean;
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  /** the roll is nearly used up: tickets still print, but someone should bring a new roll */
  nearEnd: boolean;
  /** the printer reports an error (cutter jam, overheating, …) */
  error: boolean;
  /** the answers to DLE EOT 1, 2, 4 as received, for logs */
  raw: { printer: number; offlineCause: number; paperSensor: number };
}

/** A printer problem, with a stable code the kiosk turns into one Persian sentence. */
export class PrinterError extends Error {
  readonly code: PrinterErrorCode;
  /** the status that caused it, when the printer answered */
  readonly status: PrinterStatus | undefined;

  constructor(code: PrinterErrorCode, message: string, extra: { status?: PrinterStatus; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'PrinterError';
    this.code = code;
    this.status = extra.status;
  }
}

/**
 * Every real-time status byte has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0. That tells a status
 * answer apart from anything else a printer may send (XON/XOFF, Automatic Status Back blocks).
 */
export const STATUS_FIXED_MASK = 0b1001_0011;
export const STATUS_FIXED_BITS = 0b0001_0010;

export function isStatusByte(b: number): boolean {
  return (b & STATUS_FIXED_MASK) === STATUS_FIXED_BITS;
}

/** DLE EOT 1 (printer status): bit 3 = offline. */
const PRINTER_OFFLINE = 1 << 3;
/** DLE EOT 2 (offline cause): bit 2 = cover open, bit 5 = printing stopped at paper end, bit 6 = error. */
const CAUSE_COVER_OPEN = 1 << 2;
const CAUSE_PAPER_END_STOP = 1 << 5;
const CAUSE_ERROR = 1 << 6;
/** DLE EOT 4 (roll paper sensor): bits 2–3 = paper near end, bits 5–6 = paper end. */
const SENSOR_NEAR_END = (1 << 2) | (1 << 3);
const SENSOR_PAPER_END = (1 << 5) | (1 << 6);

export function decodeStatus(printer: number, offlineCause: number, paperSensor: number): PrinterStatus {
  const online = (printer & PRINTER_OFFLINE) === 0;
  const coverOpen = (offlineCause & CAUSE_COVER_OPEN) !== 0;
  const paperOut = (paperSensor & SENSOR_PAPER_END) !== 0 || (offlineCause & CAUSE_PAPER_END_STOP) !== 0;
  const nearEnd = (paperSensor & SENSOR_NEAR_END) !== 0;
  const error = (offlineCause & CAUSE_ERROR) !== 0;
  return {
    ready: online && !coverOpen && !paperOut && !error,
    online,
    coverOpen,
    paperOut,
    nearEnd,
    error,
    raw: { printer, offlineCause, paperSensor },
  };
}

/**
 * Why a printer cannot print, most specific first: an open cover often also reads as "no paper"
 * (the sensor sees nothing), and both make the printer report itself offline.
 */
export function statusProblem(status: PrinterStatus): PrinterErrorCode | null {
  if (status.coverOpen) return 'PRINTER_COVER_OPEN';
  if (status.paperOut) return 'PRINTER_PAPER_OUT';
  if (status.error) return 'PRINTER_ERROR';
  if (!status.online) return 'PRINTER_OFFLINE';
  return null;
}
