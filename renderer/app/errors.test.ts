import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/errors';
import { ApiError } from '../api/client';
import { fa } from '../i18n/fa';
import { errorText, fieldErrors } from './errors';

const PERSIAN_LETTER = /[\u0600-\u06FF]/;
const LATIN = /[A-Za-z]/;
const LATIN_DIGIT = /[0-9]/;

describe('errorText', () => {
  it.each(errorCodes)('says %s as a Persian sentence with no Latin letters', (code) => {
    const text = errorText(new ApiError(code, 'an English message for the log'));
    expect(text.trim()).not.toBe('');
    expect(text).toMatch(PERSIAN_LETTER);
    expect(text).not.toMatch(LATIN);
    expect(text).toBe(fa.errors[code]);
  });

  it('gives each code its own sentence', () => {
    const sentences = errorCodes.map((code) => errorText(new ApiError(code, 'x')));
    expect(new Set(sentences).size).toBe(errorCodes.length);
  });

  it('names what holds up the end of the day, in Persian digits', () => {
    const text = errorText(new ApiError('DAY_CLOSE_RECEIPT_MISSING', 'x', [], undefined, '1405/000002، 1405/000003'));
    expect(text).toBe(`${fa.errors.DAY_CLOSE_RECEIPT_MISSING} رسیدهای صادرنشده: ۱۴۰۵/۰۰۰۰۰۲، ۱۴۰۵/۰۰۰۰۰۳`);
    expect(errorText(new ApiError('DAY_CLOSE_IN_DOUBT', 'x', [], undefined, '1405/2'))).toContain('درخواست‌ها: ۱۴۰۵/۲');
  });

  it('never shows the English message meant for developers', () => {
    expect(errorText(new ApiError('FORBIDDEN', 'role clerk may not call staff.list'))).not.toContain('staff.list');
  });

  it.each([
    ['an Error', new Error('boom')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('says INTERNAL’s sentence for %s that is not an ApiError', (_what, thrown) => {
    expect(errorText(thrown)).toBe(fa.errors.INTERNAL);
  });

  it('tells a locked account when to try again, in Persian digits and the office’s time zone', () => {
    // 08:15 UTC is 11:45 in Tehran (UTC+3:30)
    const text = errorText(new ApiError('ACCOUNT_LOCKED', 'locked', [], '2025-03-01T08:15:00.000Z'));
    expect(text.startsWith(fa.errors.ACCOUNT_LOCKED)).toBe(true);
    expect(text).toContain('۱۱:۴۵');
    expect(text).not.toMatch(LATIN_DIGIT);
    expect(text).not.toMatch(LATIN);
  });

  it('says only the lock sentence when the hub gives no time to retry', () => {
    expect(errorText(new ApiError('ACCOUNT_LOCKED', 'locked'))).toBe(fa.errors.ACCOUNT_LOCKED);
  });

  it('does not throw, and still says the account is locked, when retryAt is not a valid instant', () => {
    let text = '';
    expect(() => (text = errorText(new ApiError('ACCOUNT_LOCKED', 'locked', [], 'soon')))).not.toThrow();
    expect(text).toBe(fa.errors.ACCOUNT_LOCKED);
  });

  it('names the workstation whose scanner is away, in Persian digits', () => {
    expect(errorText(new ApiError('WORKSTATION_AGENT_OFFLINE', 'offline', [], undefined, 'باجهٔ 3'))).toBe(fa.workstationErrors.WORKSTATION_AGENT_OFFLINE('باجهٔ ۳'));
    expect(errorText(new ApiError('WORKSTATION_AGENT_OFFLINE', 'offline', [], undefined, 'باجهٔ 3'))).toMatch(/^اسکنر باجهٔ ۳ در دسترس نیست/);
    expect(errorText(new ApiError('WORKSTATION_DEVICE_MISSING', 'missing', [], undefined, 'باجهٔ 3'))).toMatch(/^اسکنر باجهٔ ۳ روی رایانه‌اش پیدا نمی‌شود/);
    // without a name, the general sentence
    expect(errorText(new ApiError('WORKSTATION_AGENT_OFFLINE', 'offline'))).toBe(fa.errors.WORKSTATION_AGENT_OFFLINE);
    // another contract version: both numbers, and the update
    expect(errorText(new ApiError('CONTRACT_VERSION_MISMATCH', 'the hub speaks contract 2, the agent 1', [], undefined, '2/1'))).toBe(fa.contractMismatch('۲', '۱'));
    expect(fa.contractMismatch('۲', '۱')).toContain('به‌روزرسانی');
    expect(errorText(new ApiError('CONTRACT_VERSION_MISMATCH', 'mismatch', [], undefined, 'x/y'))).toBe(fa.errors.CONTRACT_VERSION_MISMATCH);
  });

  it('ignores retryAt on errors other than ACCOUNT_LOCKED', () => {
    expect(errorText(new ApiError('TIMEOUT', 'slow', [], '2025-03-01T08:15:00.000Z'))).toBe(fa.errors.TIMEOUT);
  });
});

describe('fieldErrors', () => {
  it('maps each field path to the Persian sentence for its reason', () => {
    const err = new ApiError('INVALID_INPUT', 'bad', [
      { path: 'office.code', reason: 'invalid_format' },
      { path: 'manager.password', reason: 'too_short' },
      { path: 'office.name', reason: 'too_small' },
    ]);
    expect(fieldErrors(err)).toEqual({
      'office.code': fa.fields.invalid_format,
      'manager.password': fa.fields.too_short,
      'office.name': fa.fields.too_small,
    });
  });

  it('says “invalid format” for a reason the catalogue does not know', () => {
    const err = new ApiError('INVALID_INPUT', 'bad', [{ path: 'office.city', reason: 'something_new' }]);
    expect(fieldErrors(err)).toEqual({ 'office.city': fa.fields.invalid_format });
  });

  it('keeps the first issue when a field has several', () => {
    const err = new ApiError('WEAK_PASSWORD', 'weak', [
      { path: 'manager.password', reason: 'contains_username' },
      { path: 'manager.password', reason: 'too_short' },
    ]);
    expect(fieldErrors(err)).toEqual({ 'manager.password': fa.fields.contains_username });
  });

  it('gives no field errors for an ApiError without fields or for anything else thrown', () => {
    expect(fieldErrors(new ApiError('INTERNAL', 'x'))).toEqual({});
    expect(fieldErrors(new Error('x'))).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });

  it.each(Object.entries(fa.fields))('says the field reason %s in Persian with no Latin letters', (_reason, text) => {
    expect(text).toMatch(PERSIAN_LETTER);
    expect(text).not.toMatch(LATIN);
  });
});
