import { useEffect, useRef, useState } from 'react';
import type { InquiryView } from '../../core/api/inquiry';
import { formatTime } from '../../core/format/jalali';
import { normalizeInput, toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';

export interface TypedNames {
  firstName: string;
  lastName: string;
  fatherName: string;
}

const clean = (a: string) => normalizeInput(a).replace(/\s+/g, ' ').trim();
const same = (a: string, b: string) => clean(a) === clean(b);
/** A name the clerk has not typed yet is neither a match nor a mismatch: it is shown neutrally. */
type Comparison = 'match' | 'differs' | 'notTyped';
const compare = (registry: string, typed: string): Comparison => (clean(typed) === '' ? 'notTyped' : same(registry, typed) ? 'match' : 'differs');
const marks: Record<Comparison, string> = { match: '✓', differs: '✗', notTyped: '—' };

/**
 * «استعلام از ثبت احوال» beside the national id (ماده ۴, ۳۸ ج): the civil registry's record of the
 * person at the counter, for this request, shown against what the clerk typed — each name marked
 * as matching, differing, or not typed yet (neutral: an empty field is not a mismatch) — with one key to copy the registry's names into the form.
 */
export function IdentityInquiry({
  requestId,
  nationalId,
  typed,
  onFill,
  onSettled,
}: {
  requestId: string;
  nationalId: string;
  typed: TypedNames;
  onFill: (names: TypedNames) => void;
  /** the answer needs nothing more here (the names agree, or were just copied): the form goes on to its next field */
  onSettled?: () => void;
}) {
  const t = fa.inquiry;
  const { client } = useEnv();
  const action = useAction();
  const [result, setResult] = useState<InquiryView | null>(null);
  const digits = toLatinDigits(nationalId).replace(/\D/g, '');

  async function ask() {
    const out = await action.run(() => client.call('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: digits }));
    if (out) setResult(out);
  }

  const person = result?.answer?.kind === 'identity' ? result.answer.person : null;
  const differs = person !== null && (['firstName', 'lastName', 'fatherName'] as const).some((k) => !same(person[k], typed[k]));
  // keyboard first: when the answer comes, focus goes where the clerk acts next — the copy button when
  // the names differ, else on through the form (the button asked was disabled and dropped the focus)
  const fill = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!result) return;
    if (fill.current) fill.current.focus();
    else if (person) onSettled?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);
  return (
    <div className="identity-inquiry">
      <button type="button" className="button" onClick={() => void ask()} disabled={action.busy || digits.length !== 10} title={t.basisNote}>
        {action.busy ? t.asking : t.identity}
      </button>
      <FormError error={action.error} />
      {result && (
        <section className={`inquiry-result${person && person.alive ? '' : ' inquiry-result-bad'}`} aria-live="polite" aria-label={t.title(toPersianDigits(result.subject))}>
          <h4>{t.title(toPersianDigits(result.subject))}</h4>
          {!person ? (
            <p role="alert">{t.notFound}</p>
          ) : (
            <>
              {!person.alive && <p role="alert">{t.deceased}</p>}
              <dl className="inquiry-fields">
                {(['firstName', 'lastName', 'fatherName'] as const).map((k) => {
                  const c = compare(person[k], typed[k]);
                  const label = c === 'match' ? t.matches : c === 'differs' ? t.differs : t.notTyped;
                  return (
                    <div key={k} className={`inquiry-${c}`}>
                      <dt>{t[k]}</dt>
                      <dd>
                        {person[k]}{' '}
                        <span aria-label={label} title={label}>
                          {marks[c]}
                        </span>
                        {c === 'notTyped' && <span className="muted inquiry-note">{t.notTypedShort}</span>}
                      </dd>
                    </div>
                  );
                })}
                <div>
                  <dt>{t.birthDate}</dt>
                  <dd>{toPersianDigits(person.birthDate.replace(/-/g, '/'))}</dd>
                </div>
              </dl>
              {differs && (
                <button
                  ref={fill}
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    onFill({ firstName: person.firstName, lastName: person.lastName, fatherName: person.fatherName });
                    onSettled?.();
                  }}
                >
                  {t.fill}
                </button>
              )}
            </>
          )}
          {result.answeredAt && <p className="muted device-note">{t.answeredAt(toPersianDigits(formatTime(result.answeredAt, false)))}</p>}
        </section>
      )}
    </div>
  );
}
