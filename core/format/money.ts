import { toPersianDigits } from '../text/digits';

/** «۷۷۰٬۰۰۰» — Persian digits grouped by thousands with the Arabic thousands separator (U+066C). */
export function formatRialsDigits(n: number): string {
  return toPersianDigits(String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u066C'));
}

/** «۷۷۰٬۰۰۰ ریال» */
export function formatRials(n: number): string {
  return `${formatRialsDigits(n)} ریال`;
}
