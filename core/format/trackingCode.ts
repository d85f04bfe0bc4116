import { toPersianDigits } from '../text/digits';

/**
 * The central system's 16-digit tracking code (کد رهگیری) in four groups of four, for reading it
 * aloud over the counter or the phone: «۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰». Shown left to right (the way it is
 * typed into the central's site): callers isolate it as a left-to-right run. Used by the printed
 * filing receipt and the counter's screen alike, so both group it the same way.
 */
export function formatTrackingCode(code: string, persian = true): string {
  const grouped = code.replace(/(.{4})(?=.)/g, '$1 ');
  return persian ? toPersianDigits(grouped) : grouped;
}
