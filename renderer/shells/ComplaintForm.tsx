import { useState, type FormEvent } from 'react';
import { COMPLAINT_TEXT_MAX, COMPLAINT_TEXT_MIN } from '../../core/feedback/complaint';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';

/**
 * «ثبت شکایت یا گزارش» (ماده ۲۰) on the kiosk and the applicant screen: a text, sent without identity.
 * The hub seals it for the Center at once; this screen keeps nothing once it is sent.
 */
export function ComplaintForm({ onDone }: { onDone: () => void }) {
  const t = fa.feedback;
  const { client } = useEnv();
  const action = useAction();
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(() => client.call('complaint.submit', { text }));
    if (ok) {
      setText('');
      setSent(true);
    }
  }

  if (sent) {
    return (
      <section className="applicant-thanks complaint-sent" role="status">
        <p className="applicant-thanks-title">{t.complainSent}</p>
        <button type="button" className="button button-primary kiosk-big-button" onClick={onDone}>
          {fa.kiosk.done}
        </button>
      </section>
    );
  }
  const length = [...text].length;
  return (
    <form className="card complaint-form" onSubmit={(e) => void submit(e)} aria-labelledby="complaint-title" noValidate>
      <h2 id="complaint-title">{t.complainTitle}</h2>
      <p className="complaint-hint">{t.complainHint}</p>
      <div className={`field${action.fields.text ? ' field-invalid' : ''}`}>
        <label htmlFor="complaint-text">{t.complainText}</label>
        <textarea
          id="complaint-text"
          rows={7}
          value={text}
          maxLength={COMPLAINT_TEXT_MAX}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="complaint-count"
          aria-invalid={action.fields.text ? true : undefined}
          autoFocus
        />
        <small id="complaint-count" className="field-hint">
          {t.complainCount(toPersianDigits(length), toPersianDigits(COMPLAINT_TEXT_MAX))}
        </small>
      </div>
      <FormError error={action.error} />
      <div className="kiosk-actions">
        <button type="submit" className="button button-primary kiosk-big-button" disabled={action.busy || length < COMPLAINT_TEXT_MIN}>
          {t.complainSend}
        </button>
        <button type="button" className="button kiosk-big-button" onClick={onDone}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
