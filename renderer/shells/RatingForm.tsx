import { useState, type FormEvent } from 'react';
import { RATING_REASON_BELOW, RATING_REASON_TEXT_MAX, ratingReasons, type RatingReason } from '../../core/feedback/rating';
import { toPersianDigits } from '../../core/text/digits';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';

export interface RatingChoice {
  score: number;
  reason?: { code: RatingReason; text?: string };
}

/**
 * The satisfaction question (ماده ۱۸), the same on the applicant screen and the kiosk: five large
 * choices, and below 3 one reason from a short list (or «other» with a short text). Radio groups, so
 * the arrow keys and Tab reach every choice.
 */
export function RatingForm({ ticket, serviceName, busy, error, onSubmit, onCancel }: { ticket: string; serviceName: string; busy: boolean; error: string | null; onSubmit: (choice: RatingChoice) => void; onCancel?: () => void }) {
  const t = fa.feedback;
  const [score, setScore] = useState<number | null>(null);
  const [reason, setReason] = useState<RatingReason | null>(null);
  const [text, setText] = useState('');
  const low = score !== null && score < RATING_REASON_BELOW;
  const ready = score !== null && (!low || (reason !== null && (reason !== 'other' || text.trim() !== '')));

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready || score === null) return;
    onSubmit(low && reason ? { score, reason: reason === 'other' ? { code: reason, text } : { code: reason } } : { score });
  }

  return (
    <form className="card rating-form" onSubmit={submit} aria-labelledby="rating-title" noValidate>
      <h2 id="rating-title">{t.rateTitle}</h2>
      <p className="rating-for">{t.rateFor(ticket, serviceName)}</p>
      <p className="rating-hint">{t.rateHint}</p>
      <fieldset className="rating-scores">
        <legend className="visually-hidden">{t.rateTitle}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={`rating-score${score === n ? ' rating-score-on' : ''}`}>
            <input
              type="radio"
              name="rating-score"
              value={n}
              checked={score === n}
              onChange={() => {
                setScore(n);
                if (n >= RATING_REASON_BELOW) setReason(null);
              }}
            />
            <span className="rating-score-number" aria-hidden="true">
              {toPersianDigits(n)}
            </span>
            <span className="rating-score-label">{t.scores[n - 1]}</span>
          </label>
        ))}
      </fieldset>
      {low && (
        <fieldset className="rating-reasons">
          <legend>{t.reasonTitle}</legend>
          {ratingReasons.map((code) => (
            <label key={code} className={`kiosk-chip${reason === code ? ' kiosk-chip-on' : ''}`}>
              <input type="radio" name="rating-reason" checked={reason === code} onChange={() => setReason(code)} />
              {t.reasons[code]}
            </label>
          ))}
          {reason === 'other' && (
            <div className="field">
              <label htmlFor="rating-other">{t.otherText}</label>
              <input id="rating-other" value={text} maxLength={RATING_REASON_TEXT_MAX} onChange={(e) => setText(e.target.value)} autoComplete="off" />
            </div>
          )}
        </fieldset>
      )}
      <FormError error={error} />
      <div className="kiosk-actions">
        <button type="submit" className="button button-primary kiosk-big-button" disabled={busy || !ready}>
          {t.send}
        </button>
        {onCancel && (
          <button type="button" className="button kiosk-big-button" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
