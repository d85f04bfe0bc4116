import { describe, expect, it } from 'vitest';
import { checkFolderPath, cleanFreeText, freeText } from './freeText';

const line = (raw: string, min = 1, max = 80) => cleanFreeText(raw, { min, max });
const ok = (value: string) => ({ ok: true, value });
const refused = (reason: string) => ({ ok: false, reason });

describe('free text: one rule for every typed name, reason and note', () => {
  it('normalises as stored text is: NFC, Persian ی/ک, Latin digits, spaces collapsed and trimmed', () => {
    expect(line('  علي   كريمي ۱۲ ')).toEqual(ok('علی کریمی 12'));
    expect(line('\u0627\u0653')).toEqual(ok('\u0622'));
  });

  it('keeps the half-space (ZWNJ) and ZWJ inside words', () => {
    expect(line('می\u200cروم')).toEqual(ok('می\u200cروم'));
    expect(line('ه\u200d')).toEqual(ok('ه\u200d'));
  });

  it('takes the direction marks (LRM, RLM, ALM) out: they reorder nothing visible', () => {
    expect(line('Word\u200e (۲)\u200f')).toEqual(ok('Word (2)'));
    expect(line('علی\u061c')).toEqual(ok('علی'));
  });

  it.each(['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'])('refuses the direction control U+%s', (c) => {
    expect(line(`علی${c}رضا`)).toEqual(refused('invalid_characters'));
    expect(cleanFreeText(`دلیل${c}`, { max: 300, multiline: true })).toEqual(refused('invalid_characters'));
  });

  it.each(['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u009b', '\t', '\u200b', '\u2060', '\ufeff', '\u00ad', '\udb40\udc41', '\ud800'])(
    'refuses a control or invisible format character inside text (%j)',
    (c) => {
      expect(line(`علی${c}رضا`)).toEqual(refused('invalid_characters'));
    },
  );

  it.each(['\u200b', '\u200c', '\u200d', '\u200e\u200f', '\u061c', '\ufeff', ' \u200c\u200c ', '\u2060', '\u3164', '\ufe0f'])('refuses a value made only of invisible characters (%j), even where blank is allowed', (raw) => {
    expect(line(raw)).toEqual(refused('invalid_characters'));
    expect(cleanFreeText(raw, { min: 0, max: 300 })).toEqual(refused('invalid_characters'));
  });

  it('says required for a blank value, and lets it through as empty where the field may be empty', () => {
    expect(line('   ')).toEqual(refused('required'));
    expect(cleanFreeText(' \t ', { min: 0, max: 10 })).toEqual(ok(''));
  });

  it('counts length after normalising', () => {
    expect(line('ab', 3)).toEqual(refused('too_short'));
    expect(line('a'.repeat(81))).toEqual(refused('too_long'));
    expect(line(`  ${'a'.repeat(80)}  `)).toEqual(ok('a'.repeat(80)));
  });

  it('keeps line breaks only in a multi-line field', () => {
    expect(line('خط یک\nخط دو')).toEqual(refused('invalid_characters'));
    expect(cleanFreeText(' خط یک \r\nخط  دو\r\n\n\n\nخط سه ', { max: 300, multiline: true })).toEqual(ok('خط یک\nخط دو\n\nخط سه'));
  });

  it('as a zod field: the reason code is the issue message; not a string is invalid_type', () => {
    const schema = freeText({ min: 2, max: 80 });
    expect(schema.parse(' علي ')).toBe('علی');
    expect(schema.safeParse('x\u202ey').error?.issues[0]?.message).toBe('invalid_characters');
    expect(schema.safeParse(42).error?.issues[0]?.message).toBe('invalid_type');
    expect(schema.safeParse(undefined).error?.issues[0]?.message).toBe('required');
  });
});

describe('checkFolderPath', () => {
  it('keeps a folder as typed, Persian half-spaces and Arabic letters included, trimmed at its ends', () => {
    expect(checkFolderPath('  /media/usb/پشتیبان‌ها ')).toEqual({ ok: true, value: '/media/usb/پشتیبان‌ها' });
    expect(checkFolderPath('D:\\نسخه\u064aها')).toEqual({ ok: true, value: 'D:\\نسخه\u064aها' });
  });
  it('refuses controls, direction overrides, zero-width spaces and a value that shows nothing', () => {
    for (const raw of ['/media/\u0000usb', '/media/\u202eusb', '/media/\u200busb', '\u200c\u200c', '\u00ad']) expect(checkFolderPath(raw)).toEqual({ ok: false, reason: 'invalid_characters' });
    expect(checkFolderPath('   ')).toEqual({ ok: false, reason: 'required' });
  });
});
