import { describe, expect, it } from 'vitest';
import { maskedCardFromTerminal, normalizeMaskedCard } from './cardMask';
import { parseManualEntry } from './manual';
import { sampleSlip } from '../../test/support/paymentSamples';

const NOW = new Date('2025-03-01T08:30:00.000Z');
const now = () => NOW;

const receipt = sampleSlip;

/** The issues of a refused entry as `path: reason` strings. */
function reasons(input: unknown): string[] {
  const result = parseManualEntry(input, { now });
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.approval)}`);
  return result.issues.map((i) => `${i.path}: ${i.reason}`);
}

describe('manual entry of a terminal receipt', () => {
  it('accepts a complete receipt as an approval with method manual, stamped now when no time is given', () => {
    expect(parseManualEntry(receipt, { now })).toEqual({
      ok: true,
      approval: { ...receipt, approvedAt: '2025-03-01T08:30:00.000Z', method: 'manual' },
    });
  });

  it('normalises a receipt typed in Persian digits, with spaces, dashes and thousands separators', () => {
    const result = parseManualEntry(
      {
        amountRials: '۱٬۲۵۰٬۰۰۰',
        rrn: '۴۱۲۳ ۴۵۶۷ ۸۹۰۱',
        trace: '۶۵۴۳۲۱',
        terminalId: 'c۰۰۰۰۳۰۱',
        maskedCard: '۶۰۳۷-۹۹**-****-۱۲۳۴',
        responseCode: '۰۰',
        approvedAt: '2025-03-01T11:45:00+03:30',
      },
      { now },
    );
    expect(result).toEqual({ ok: true, approval: { ...receipt, approvedAt: '2025-03-01T08:15:00.000Z', method: 'manual' } });
  });

  it('treats a blank receipt time as not given', () => {
    expect(parseManualEntry({ ...receipt, approvedAt: '  ' }, { now })).toMatchObject({ ok: true, approval: { approvedAt: NOW.toISOString() } });
  });

  it.each([
    ['an 11-digit RRN', { rrn: '41234567890' }, 'rrn: invalid_rrn'],
    ['a 13-digit RRN', { rrn: '4123456789012' }, 'rrn: invalid_rrn'],
    ['an RRN with a letter', { rrn: '41234567890A' }, 'rrn: invalid_rrn'],
    ['a 13-digit trace', { trace: '1234567890123' }, 'trace: invalid_trace'],
    ['a trace with a letter', { trace: '65432I' }, 'trace: invalid_trace'],
    ['a 7-character terminal id', { terminalId: 'C000030' }, 'terminalId: invalid_terminal_id'],
    ['a 9-character terminal id', { terminalId: 'C00003011' }, 'terminalId: invalid_terminal_id'],
    ['a terminal id with a symbol', { terminalId: 'C000/301' }, 'terminalId: invalid_terminal_id'],
    ['a whole card number', { maskedCard: '6037991234561234' }, 'maskedCard: invalid_masked_card'],
    ['5 first digits', { maskedCard: '60379*******1234' }, 'maskedCard: invalid_masked_card'],
    ['3 last digits', { maskedCard: '603799*******234' }, 'maskedCard: invalid_masked_card'],
    ['a card too short', { maskedCard: '603799**1234' }, 'maskedCard: invalid_masked_card'],
    ['a declined response code', { responseCode: '51' }, 'responseCode: not_approved'],
    ['a single zero as response code', { responseCode: '0' }, 'responseCode: not_approved'],
    ['a zero amount', { amountRials: 0 }, 'amountRials: invalid_amount'],
    ['a negative amount', { amountRials: -5 }, 'amountRials: invalid_amount'],
    ['a fraction of a rial', { amountRials: 10.5 }, 'amountRials: invalid_amount'],
    ['an amount in words', { amountRials: 'یک میلیون' }, 'amountRials: invalid_amount'],
    ['a time that is not ISO', { approvedAt: '1403/12/11 12:15' }, 'approvedAt: invalid_time'],
    ['a time tomorrow', { approvedAt: '2025-03-02T08:30:00Z' }, 'approvedAt: invalid_time'],
  ])('refuses %s with its own reason', (_what, patch, expected) => {
    expect(reasons({ ...receipt, ...patch })).toEqual([expected]);
  });

  // finding: '-910000' was recorded as +910,000 — the separators' dash swallowed the sign
  it.each([
    ['-910000'],
    ['+910000'],
    ['−910000'],
    ['۹۱۰٬۰۰۰-'],
    ['-۹۱۰٬۰۰۰'],
    ['\u200e-910000'],
    ['910000.5'],
    ['9-10000'],
    ['1,25,0000'],
    ['910,000.000,5'],
    ['1e6'],
    ['0x10'],
  ])('refuses the amount %s: a sign, a fraction or a stray character is a mistake, never dropped', (amountRials) => {
    expect(reasons({ ...receipt, amountRials })).toEqual(['amountRials: invalid_amount']);
  });

  it('reads an amount grouped by thousands with one kind of separator, in any digits', () => {
    for (const amountRials of ['1250000', '1,250,000', '۱٬۲۵۰٬۰۰۰', '۱،۲۵۰،۰۰۰', '1.250.000', '1 250 000', ' ۱۲۵۰۰۰۰ ']) {
      expect(parseManualEntry({ ...receipt, amountRials }, { now })).toMatchObject({ ok: true, approval: { amountRials: 1_250_000 } });
    }
  });

  it('refuses a sign in front of a reference number instead of dropping it', () => {
    expect(reasons({ ...receipt, rrn: '-412345678901' })).toEqual(['rrn: invalid_rrn']);
    expect(reasons({ ...receipt, trace: '+654321' })).toEqual(['trace: invalid_trace']);
    expect(reasons({ ...receipt, responseCode: '-00' })).toEqual(['responseCode: not_approved']);
    expect(reasons({ ...receipt, terminalId: '-C0000301' })).toEqual(['terminalId: invalid_terminal_id']);
  });

  it('accepts a trace of 1 to 12 digits, as banks print it', () => {
    for (const trace of ['7', '000123', '123456789012']) expect(parseManualEntry({ ...receipt, trace }, { now })).toMatchObject({ ok: true, approval: { trace } });
  });

  it('reports every missing field as required, and a non-object as invalid', () => {
    expect(reasons({})).toEqual(['amountRials: required', 'rrn: required', 'trace: required', 'terminalId: required', 'maskedCard: required', 'responseCode: required']);
    expect(reasons({ ...receipt, rrn: '   ' })).toEqual(['rrn: required']);
    expect(reasons({ ...receipt, rrn: 412345678901 })).toEqual(['rrn: invalid_type']);
    expect(reasons('00')).toEqual([': invalid_type']);
  });

  it('refuses a cash entry: there is no method field to set, cash or otherwise', () => {
    expect(reasons({ ...receipt, method: 'cash' })).toEqual(['method: unknown_field']);
  });
});

describe('masked cards', () => {
  it('normalises the forms a receipt uses to 6 digits, stars, 4 digits', () => {
    for (const typed of ['603799******1234', '6037 99** **** 1234', '6037-99xx-xxxx-1234', '۶۰۳۷۹۹××××××۱۲۳۴', '603799•••••••••1234']) {
      expect(normalizeMaskedCard(typed)).toMatch(/^603799\*+1234$/);
    }
    expect(normalizeMaskedCard('603799******1234')).toBe('603799******1234');
  });

  it('makes whatever a terminal reports safe to store: a whole number is masked, an unknown shape dropped', () => {
    expect(maskedCardFromTerminal('6037991234561234')).toBe('603799******1234');
    expect(maskedCardFromTerminal('************1234')).toBe('************1234');
    expect(maskedCardFromTerminal('603799******1234')).toBe('603799******1234');
    expect(maskedCardFromTerminal('card 1234')).toBe('');
    expect(maskedCardFromTerminal(undefined)).toBe('');
  });
});
