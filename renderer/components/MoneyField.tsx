import { useId, useLayoutEffect, useRef, type InputHTMLAttributes, type Ref } from 'react';
import { groupAmountInput, readAmount } from '../../core/format/money';
import { MAX_AMOUNT_IN_WORDS, rialsInWords } from '../../core/text/amountWords';
import { toLatinDigits } from '../../core/text/digits';
import { fa } from '../i18n/fa';
import { FieldNotes } from './Field';

interface MoneyFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'inputMode' | 'dir' | 'ref'> {
  label: string;
  /** the amount as shown: Persian digits grouped by thousands (what `groupAmountInput` gives) */
  value: string;
  onChange: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  ref?: Ref<HTMLInputElement> | undefined;
}

/** How many digits stand before position `at` of `text`. */
const digitsBefore = (text: string, at: number): number => toLatinDigits(text.slice(0, at)).replace(/[^0-9]/g, '').length;

/** The position in `text` just after its `n`-th digit (0 → the start). */
function afterDigit(text: string, n: number): number {
  if (n === 0) return 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (/[0-9]/.test(toLatinDigits(text[i]!)) && ++seen === n) return i + 1;
  }
  return text.length;
}

/** The amount in words, in rials and (when it is whole tomans) in tomans; empty for no amount. */
export function amountInWords(value: string): { rials: string; tomans: string | null } | null {
  const n = readAmount(value);
  if (n === null || n === undefined || n === 0 || n > MAX_AMOUNT_IN_WORDS) return null;
  const t = fa.money;
  return { rials: t.rials(rialsInWords(n, 'plain')), tomans: n % 10 === 0 ? t.tomans(rialsInWords(n / 10, 'plain')) : null };
}

/**
 * Every amount of money typed at the counter or in the console: the figure is grouped by thousands as
 * it is typed (Persian digits whichever digits the keyboard gives), and read out in words under the
 * field — in rials, and in tomans, as applicants say it — so a missing or extra zero shows at once.
 */
export function MoneyField({ label, value, onChange, hint, error, ref, ...input }: MoneyFieldProps) {
  const id = useId();
  const own = useRef<HTMLInputElement | null>(null);
  const caret = useRef<number | null>(null);
  const words = amountInWords(value);
  // the words are announced as they change (aria-live); the description stays the hint or the error
  const describedBy = [hint && !error && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

  useLayoutEffect(() => {
    const el = own.current;
    if (el && caret.current !== null && document.activeElement === el) {
      const at = afterDigit(el.value, caret.current);
      el.setSelectionRange(at, at);
    }
    caret.current = null;
  }, [value]);

  const setRef = (el: HTMLInputElement | null) => {
    own.current = el;
    if (typeof ref === 'function') ref(el);
    else if (ref) ref.current = el;
  };

  return (
    <div className={`field money-field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        id={id}
        ref={setRef}
        value={value}
        inputMode="numeric"
        dir="ltr"
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          const raw = e.target.value;
          caret.current = digitsBefore(raw, e.target.selectionStart ?? raw.length);
          onChange(groupAmountInput(raw));
        }}
      />
      <small id={`${id}-words`} className="money-words" aria-live="polite">
        {words ? (
          <>
            <span>{words.rials}</span>
            {words.tomans && <span>{words.tomans}</span>}
          </>
        ) : null}
      </small>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
