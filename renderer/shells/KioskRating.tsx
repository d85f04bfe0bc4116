import { useState, type FormEvent } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { RatingForm, type RatingChoice } from './RatingForm';

type Ratable = ProcedureOutput<'rating.findAtKiosk'>;

/**
 * Satisfaction at the kiosk (ماده ۱۸): the applicant types the number on their ticket — its service's
 * letter and the number — and rates the service it got today. The hub finds only a ticket served to
 * the end within the window and not rated yet.
 */
export function KioskRating({ prefixes, onDone }: { prefixes: string[]; onDone: () => void }) {
  const t = fa.feedback;
  const { client } = useEnv();
  const find = useAction();
  const rate = useAction();
  const [prefix, setPrefix] = useState(prefixes[0] ?? '');
  const [number, setNumber] = useState('');
  const [ticket, setTicket] = useState<Ratable | null>(null);
  const [done, setDone] = useState(false);

  async function lookUp(e: FormEvent) {
    e.preventDefault();
    const found = await find.run(() => client.call('rating.findAtKiosk', { prefix, number }));
    if (found) setTicket(found);
  }

  async function submit(choice: RatingChoice) {
    if (!ticket) return;
    const ok = await rate.run(() => client.call('rating.submitAtKiosk', { ticketId: ticket.ticketId, ...choice }));
    if (ok) setDone(true);
  }

  if (done) {
    return (
      <section className="applicant-thanks rating-thanks" role="status">
        <p className="applicant-thanks-title">{t.thanks}</p>
        <button type="button" className="button button-primary kiosk-big-button" onClick={onDone}>
          {fa.kiosk.done}
        </button>
      </section>
    );
  }
  if (ticket) return <RatingForm ticket={ticket.display} serviceName={ticket.serviceName} busy={rate.busy} error={rate.error} onSubmit={(c) => void submit(c)} onCancel={onDone} />;
  return (
    <form className="card kiosk-booking-form kiosk-rating-find" onSubmit={(e) => void lookUp(e)} noValidate aria-labelledby="kiosk-rate-title">
      <h2 id="kiosk-rate-title">{t.kioskRateTitle}</h2>
      <p>{t.kioskRateHint}</p>
      <fieldset className="kiosk-booking-services">
        <legend>{t.kioskPrefix}</legend>
        {prefixes.map((p) => (
          <label key={p} className={`kiosk-chip${p === prefix ? ' kiosk-chip-on' : ''}`}>
            <input type="radio" name="rating-prefix" checked={p === prefix} onChange={() => setPrefix(p)} />
            {p}
          </label>
        ))}
      </fieldset>
      <Field label={t.kioskNumber} value={number} onChange={(e) => setNumber(e.target.value)} inputMode="numeric" autoComplete="off" maxLength={4} error={find.fields.number} required />
      <FormError error={find.error} />
      <div className="kiosk-actions">
        <button type="submit" className="button button-primary kiosk-big-button" disabled={find.busy || number.trim() === '' || prefix === ''}>
          {t.kioskFind}
        </button>
        <button type="button" className="button kiosk-big-button" onClick={onDone}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
