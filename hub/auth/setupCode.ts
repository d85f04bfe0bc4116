/**
 * The one-time code for first-run setup from a connection that is not trusted (docs/SECURITY.md §
 * First-run setup). With --require-pairing no browser is trusted as the hub's own PC, and pairing
 * needs a manager who does not exist yet; so a hub started on an office that is not set up makes a
 * random 12-digit code and shows it only on its own console (`npm start` prints it). Whoever types it
 * on the first-run screen may create the office, and that browser becomes the first paired device.
 *
 * The code lives in memory only (a restart makes a new one), is compared by its hash in constant
 * time, and after 5 wrong codes it is replaced by a new one, shown on the console again: a guesser
 * has 5 tries against 10^12 codes, the person at the hub's PC just reads the new one.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { toLatinDigits } from '../../core/text/digits';

export const SETUP_CODE_DIGITS = 12;
export const MAX_WRONG_SETUP_CODES = 5;

const hashOf = (digits: string) => createHash('sha256').update(`daftaryar-setup-v1|${digits}`, 'utf8').digest();

/** 12 digits as typed: any script, spaces, dashes or dots between groups; null when it is not one. */
export function readSetupCode(text: string): string | null {
  const digits = toLatinDigits(text.normalize('NFC')).replace(/[\s\-_.\u200c\u200e\u200f]/g, '');
  return new RegExp(`^[0-9]{${SETUP_CODE_DIGITS}}$`).test(digits) ? digits : null;
}

export class SetupCode {
  private hash: Buffer = Buffer.alloc(0);
  private wrong = 0;

  /** `show` puts a code on the hub's own console: at once, and again whenever the code is replaced. */
  constructor(private readonly show: (code: string) => void) {
    this.renew();
  }

  private renew(): void {
    let code = '';
    for (let i = 0; i < SETUP_CODE_DIGITS; i += 6) code += String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.hash = hashOf(code);
    this.wrong = 0;
    this.show(code);
  }

  /** Whether `typed` is the code now shown; a wrong one counts, and the 5th replaces the code. */
  check(typed: string): boolean {
    const digits = readSetupCode(typed);
    if (digits !== null && timingSafeEqual(hashOf(digits), this.hash)) return true;
    if (++this.wrong >= MAX_WRONG_SETUP_CODES) this.renew();
    return false;
  }
}
