import { describe, expect, it } from 'vitest';
import { parseManualEntry } from './manual';
import { allowedMethods, isAllowedMethod, paymentRecord, type PaymentMethod, type PaymentRecordInput } from './record';
import { PaymentError, type TerminalApproval } from './terminal';
import { sampleApproval } from '../../test/support/paymentSamples';

const approval: TerminalApproval = sampleApproval;

const input = (patch: Partial<PaymentRecordInput> = {}): PaymentRecordInput => ({
  method: 'pcpos',
  orderId: 'P-1001',
  approval,
  amountDueRials: 1_250_000,
  rrnAlreadyRecorded: () => false,
  ...patch,
});

function refusal(patch: Partial<PaymentRecordInput>): PaymentError {
  try {
    paymentRecord(input(patch));
  } catch (err) {
    expect(err).toBeInstanceOf(PaymentError);
    return err as PaymentError;
  }
  throw new Error('expected a PaymentError, but a record was made');
}

describe('paymentRecord', () => {
  it('records an approval for exactly the amount due, with its method and order id', () => {
    expect(paymentRecord(input())).toEqual({ ...approval, method: 'pcpos', orderId: 'P-1001' });
  });

  it('records a manual entry, method and all', () => {
    const typed = parseManualEntry({ ...approval, approvedAt: undefined, responseCode: '۰۰' }, { now: () => new Date(approval.approvedAt) });
    if (!typed.ok) throw new Error(JSON.stringify(typed.issues));
    expect(paymentRecord(input({ method: typed.approval.method, approval: typed.approval }))).toEqual({ ...approval, method: 'manual', orderId: 'P-1001' });
  });

  it('refuses an approval for a different amount than is due, keeping the approval for the person who sorts it out', () => {
    const more = refusal({ amountDueRials: 1_000_000 });
    expect(more).toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH', outcome: 'charged', approval });
    expect(refusal({ amountDueRials: 1_250_001 }).code).toBe('PAYMENT_AMOUNT_MISMATCH');
  });

  it('refuses an RRN that is already on a recorded payment, whichever way it came', () => {
    const recorded = new Set([approval.rrn]);
    const asked: string[] = [];
    const rrnAlreadyRecorded = (rrn: string) => (asked.push(rrn), recorded.has(rrn));
    expect(refusal({ rrnAlreadyRecorded })).toMatchObject({ code: 'PAYMENT_DUPLICATE_RRN', approval });
    expect(refusal({ rrnAlreadyRecorded, method: 'manual' }).code).toBe('PAYMENT_DUPLICATE_RRN');
    expect(asked).toEqual([approval.rrn, approval.rrn]);
    expect(paymentRecord(input({ rrnAlreadyRecorded, approval: { ...approval, rrn: '412345678902' } })).rrn).toBe('412345678902');
  });

  it('refuses something that is not an approval: another response code, a short RRN', () => {
    expect(refusal({ approval: { ...approval, responseCode: '51' as '00' } }).code).toBe('PAYMENT_BAD_REPLY');
    expect(refusal({ approval: { ...approval, rrn: '1234' } }).code).toBe('PAYMENT_BAD_REPLY');
  });
});

describe('cash (ماده ۱۳ تبصره ۱)', () => {
  it('is not an allowed method', () => {
    expect(allowedMethods).toEqual(['pcpos', 'manual']);
    expect(isAllowedMethod('cash')).toBe(false);
    expect(isAllowedMethod('pcpos')).toBe(true);
    expect(isAllowedMethod(undefined)).toBe(false);
  });

  it('cannot be written as a payment method in code', () => {
    // @ts-expect-error — 'cash' is not a PaymentMethod; tsc -p tsconfig.test.json fails if it ever becomes one
    const cash: PaymentMethod = 'cash';
    expect(cash).toBe('cash');
  });

  it('is refused at run time when it arrives from outside the type system', () => {
    const fromJson = JSON.parse('{"method":"cash"}') as { method: PaymentMethod };
    expect(refusal({ method: fromJson.method })).toMatchObject({ code: 'PAYMENT_METHOD_NOT_ALLOWED', outcome: 'notCharged' });
    expect(refusal({ method: 'CASH' as PaymentMethod }).code).toBe('PAYMENT_METHOD_NOT_ALLOWED');
  });
});
