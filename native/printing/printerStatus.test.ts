import { describe, expect, it } from 'vitest';
import { decodeStatus, isStatusByte, statusProblem } from './printerStatus';

// Answers as an Epson-compatible printer sends them: fixed bits 1 and 4 set (0x12).
const OK = 0x12;

describe('decodeStatus', () => {
  it('reads a printer with nothing to report as ready', () => {
    const s = decodeStatus(OK, OK, OK);
    expect(s).toMatchObject({ ready: true, online: true, coverOpen: false, paperOut: false, nearEnd: false, error: false });
    expect(statusProblem(s)).toBeNull();
  });

  it('reads paper end from the roll sensor (DLE EOT 4 bits 5-6) and from the offline cause (DLE EOT 2 bit 5)', () => {
    expect(statusProblem(decodeStatus(OK | 0x08, OK, OK | 0x60))).toBe('PRINTER_PAPER_OUT');
    expect(statusProblem(decodeStatus(OK | 0x08, OK | 0x20, OK))).toBe('PRINTER_PAPER_OUT');
  });

  it('reports near end (DLE EOT 4 bits 2-3) as a warning, not a reason to refuse', () => {
    const s = decodeStatus(OK, OK, OK | 0x0c);
    expect(s.nearEnd).toBe(true);
    expect(s.ready).toBe(true);
  });

  it('puts an open cover (DLE EOT 2 bit 2) before the paper end it often causes', () => {
    expect(statusProblem(decodeStatus(OK | 0x08, OK | 0x04, OK | 0x60))).toBe('PRINTER_COVER_OPEN');
  });

  it('reads an error (DLE EOT 2 bit 6) and a plain offline printer (DLE EOT 1 bit 3)', () => {
    expect(statusProblem(decodeStatus(OK | 0x08, OK | 0x40, OK))).toBe('PRINTER_ERROR');
    expect(statusProblem(decodeStatus(OK | 0x08, OK, OK))).toBe('PRINTER_OFFLINE');
  });

  it('keeps the raw answers for logs', () => {
    expect(decodeStatus(0x1a, 0x16, 0x1e).raw).toEqual({ printer: 0x1a, offlineCause: 0x16, paperSensor: 0x1e });
  });
});

describe('isStatusByte', () => {
  it('accepts the real-time status pattern 0xx1xx10 and nothing else', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x7e)).toBe(true);
    expect(isStatusByte(0x13)).toBe(false); // XOFF
    expect(isStatusByte(0x11)).toBe(false); // XON
    expect(isStatusByte(0x92)).toBe(false);
    expect(isStatusByte(0x02)).toBe(false);
  });
});
