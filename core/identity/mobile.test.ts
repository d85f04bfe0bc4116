import { describe, expect, it } from 'vitest';
import { normalizeMobile } from './mobile';

describe('normalizeMobile', () => {
  it.each([
    ['09121234567', '09121234567'],
    ['+989121234567', '09121234567'],
    ['00989121234567', '09121234567'],
    ['989121234567', '09121234567'],
    ['9121234567', '09121234567'],
    ['۰۹۱۲۱۲۳۴۵۶۷', '09121234567'],
    ['٠٩١٢١٢٣٤٥٦٧', '09121234567'],
    ['+۹۸ ۹۳۵ ۱۲۳ ۴۵۶۷', '09351234567'],
    ['0912-123-4567', '09121234567'],
    ['0912 123 45 67', '09121234567'],
    ['(0912) 123.4567', '09121234567'],
    ['\u200e+98 990 000 1122\u200f', '09900001122'],
    ['  09011234567  ', '09011234567'],
  ])('normalises %j to %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  it.each([
    ['02188776655', 'a Tehran landline'],
    ['+982188776655', 'a landline in international form'],
    ['2188776655', 'a landline without the trunk zero'],
    ['0912123456', 'ten digits with the zero'],
    ['091212345678', 'twelve digits with the zero'],
    ['+98912123456', 'one digit short after +98'],
    ['+9891212345678', 'one digit too many after +98'],
    ['0989121234567', 'a zero before the country code'],
    ['+19121234567', 'another country code'],
    ['+9609121234567', 'another country code that ends in 9'],
    ['0912123456a', 'a letter'],
    ['', 'empty input'],
    ['+98', 'only the country code'],
  ])('refuses %j (%s)', (input) => {
    expect(normalizeMobile(input)).toBeNull();
  });
});
