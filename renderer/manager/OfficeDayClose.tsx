import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { OfficeDayStatus } from '../../core/api/day';
import { formatTime } from '../../core/format/jalali';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { FormError } from '../components/FormFooter';
import { Modal } from '../components/Modal';
import { fa } from '../i18n/fa';
import { figure, officeDayLabel, shown } from './figures';

/**
 * «بستن روز کاری دفتر» (issue 19 § 5; core/api/day.ts): today's office day — open, with how many
 * counters closed with their Z, or closed, when and by whom — and closing it after a confirmation.
 * A refusal is one Persian sentence naming the receipts or requests that hold it up
 * (renderer/app/errors.ts). In the confirmation Enter closes the day and Esc goes back.
 */
export function OfficeDayClose() {
  const t = fa.manager.officeDayClose;
  const { client } = useEnv();
  const [status, setStatus] = useState<OfficeDayStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const live = useRef(true);
  const titleId = useId();

  const load = useCallback(async () => {
    try {
      const answer = await client.call('day.status', {});
      if (live.current) setStatus(answer);
    } catch (err) {
      if (live.current) setError(errorText(err));
    }
  }, [client]);

  useEffect(() => {
    live.current = true;
    void load();
    return () => void (live.current = false);
  }, [load]);

  const back = useCallback(() => {
    setConfirming(false);
    // the dialog is gone: focus returns to the button that opened it, when the day is still open
    queueMicrotask(() => trigger.current?.focus());
  }, []);

  async function closeDay() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await client.call('day.closeOffice', {});
    } catch (err) {
      if (live.current) setError(errorText(err));
    }
    if (!live.current) return;
    setBusy(false);
    back();
    // closed now, or refused: either way the status shown is the hub's (closed by someone else too)
    await load();
  }

  return (
    <section className="card office-day-close" aria-labelledby={titleId} aria-busy={status === null}>
      <h2 id={titleId}>{t.title}</h2>
      {status &&
        (status.closedAt !== null ? (
          <p className="form-notice" role="status">
            {t.closed(officeDayLabel(status.day), formatTime(status.closedAt, false), shown(status.closedBy ?? ''))}
          </p>
        ) : (
          <>
            <p>{t.open(officeDayLabel(status.day))}</p>
            <p className="muted">{t.countersClosed(figure(status.countersClosed))}</p>
            <div className="step-actions">
              <button ref={trigger} type="button" className="button button-primary" onClick={() => setConfirming(true)}>
                {t.action}
              </button>
            </div>
          </>
        ))}
      <FormError error={error} />
      {confirming && status && (
        <Modal title={t.title} onClose={back}>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void closeDay();
            }}
          >
            <p>{t.confirm(officeDayLabel(status.day))}</p>
            <div className="dialog-actions">
              <button type="submit" className="button button-primary" disabled={busy}>
                {t.closeDay} <kbd>Enter</kbd>
              </button>
              <button type="button" className="button" onClick={back}>
                {t.back} <kbd>Esc</kbd>
              </button>
            </div>
          </form>
        </Modal>
      )}
    </section>
  );
}
