import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import type { CloseKind, OpenRequestItem, RequestView } from '../../core/api/request';
import { serviceFa } from '../../core/fees/labels.fa';
import { serviceSteps } from '../../core/request/stepper';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { CounterListSection } from './CounterListSection';
import { useAction } from '../app/useAction';
import { errorText } from '../app/errors';
import { useHubClock } from '../app/useHubClock';
import { useHubData } from '../app/useHubData';
import { useDialogKeys } from '../components/useDialogKeys';
import { fa } from '../i18n/fa';
import { DialogActions } from '../components/DialogActions';

/** Statuses a request may leave the desk in and still be resumed (before the outbox). */
const unfinished = new Set(['draft', 'identityVerified', 'detailsComplete', 'feesFixed', 'paid', 'documentsCaptured', 'applicantConfirmed', 'originalsMatched']);

/** The requests of the ticket on the desk that «پایان خدمت» would leave unfinished. */
export const unfinishedOf = (requests: readonly RequestView[]): RequestView[] => requests.filter((r) => unfinished.has(r.status));

type Choice = 'keep' | 'handOver' | 'cancel';

/**
 * F8 with a request still unfinished: never throw the work away. Keep it open to resume later (the
 * default: Enter), hand it over to another counter, or cancel it with a reason — the applicant's
 * withdrawal or the clerk's mistake. Esc goes back to the desk without ending the service.
 */
export function FinishDialog({
  counterId,
  requests,
  onClose,
  onFinish,
}: {
  counterId: number;
  requests: readonly RequestView[];
  onClose: () => void;
  /** ends the service (queue.finish) after what was chosen is done */
  onFinish: () => Promise<void>;
}) {
  const t = fa.finish;
  const { client } = useEnv();
  const ref = useRef<HTMLDivElement>(null);
  useDialogKeys(ref, onClose, 'input[type="radio"]:checked');
  const [choice, setChoice] = useState<Choice>('keep');
  const [toCounter, setToCounter] = useState('');
  const [kind, setKind] = useState<Exclude<CloseKind, 'refused'>>('cancelled');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const counters = useHubData(() => client.call('queue.counters', {}), ['queue.changed']);
  const others = (counters.data?.counters ?? []).filter((c) => c.active && c.id !== counterId);

  const ready = choice === 'keep' || (choice === 'handOver' && toCounter !== '') || (choice === 'cancel' && reason.trim().length >= 5);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      if (choice === 'cancel') {
        for (const r of requests) await client.call('request.close', { requestId: r.id, kind, reason });
      }
      await onFinish();
      if (choice === 'handOver') {
        for (const r of requests) await client.call('request.handOver', { requestId: r.id, toCounterId: Number(toCounter) });
      }
      onClose();
    } catch (err) {
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div ref={ref} className="card dialog finish-dialog" role="dialog" aria-modal="true" aria-labelledby="finish-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="finish-title">{t.title}</h2>
        <p className="dialog-warning">{t.warning(toPersianDigits(requests.length))}</p>
        <ul className="finish-requests">
          {requests.map((r) => (
            <li key={r.id}>
              <strong>{fa.desk.requestTab(toPersianDigits(r.number), serviceFa[r.service])}</strong>
              <span className="muted">{r.currentStep ? t.atStep(fa.counter.steps[serviceSteps.indexOf(r.currentStep)]!) : ''}</span>
            </li>
          ))}
        </ul>
        <form onSubmit={submit} noValidate>
          <fieldset className="finish-choices">
            <legend>{t.choose}</legend>
            <label>
              <input type="radio" name="finish-choice" checked={choice === 'keep'} onChange={() => setChoice('keep')} /> {t.keep}
              <small className="field-hint">{t.keepHint}</small>
            </label>
            <label>
              <input type="radio" name="finish-choice" checked={choice === 'handOver'} onChange={() => setChoice('handOver')} /> {t.handOver}
            </label>
            {choice === 'handOver' && (
              <div className="field finish-sub">
                <label htmlFor="finish-counter">{t.toCounter}</label>
                <select id="finish-counter" value={toCounter} onChange={(e) => setToCounter(e.target.value)}>
                  <option value="">—</option>
                  {others.map((c) => (
                    <option key={c.id} value={c.id}>
                      {t.counterOption(toPersianDigits(c.number), c.openBy?.displayName ?? null)}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <label>
              <input type="radio" name="finish-choice" checked={choice === 'cancel'} onChange={() => setChoice('cancel')} /> {t.cancel}
            </label>
            {choice === 'cancel' && (
              <div className="finish-sub">
                <div className="radio-row" role="radiogroup" aria-label={t.cancelKind}>
                  <label>
                    <input type="radio" name="finish-kind" checked={kind === 'cancelled'} onChange={() => setKind('cancelled')} /> {fa.desk.closeCancel}
                  </label>
                  <label>
                    <input type="radio" name="finish-kind" checked={kind === 'clerkError'} onChange={() => setKind('clerkError')} /> {fa.desk.closeClerkError}
                  </label>
                </div>
                <div className="field">
                  <label htmlFor="finish-reason">{fa.desk.closeReason}</label>
                  <input id="finish-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
                </div>
              </div>
            )}
          </fieldset>
          {message && (
            <p className="form-error" role="alert">
              {message}
            </p>
          )}
          <div className="dialog-actions">
            <button type="submit" className="button button-primary" disabled={!ready || busy}>
              {t.submit[choice]} <kbd>Enter</kbd>
            </button>
            <button type="button" className="button" onClick={onClose}>
              {t.back} <kbd>Esc</kbd>
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** «۱ ساعت و ۵ دقیقه» / «۱۲ دقیقه» since `from`. */
function age(from: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? fa.openRequests.hoursMinutes(toPersianDigits(h), toPersianDigits(m)) : fa.openRequests.minutes(toPersianDigits(m));
}

/**
 * «درخواست‌های باز امروز»: what «پایان خدمت» left unfinished today. At a counter: resume one of its
 * own (or handed to it) on the ticket it serves now, or hand one over to another counter. The
 * manager sees the whole office (names shortened) and may hand any over.
 */
export function OpenRequests({ counterId, serving, onResumed }: { counterId: number | null; serving: boolean; onResumed?: (r: RequestView) => void }) {
  const t = fa.openRequests;
  const { client } = useEnv();
  const now = useHubClock();
  const data = useHubData(() => client.call('request.openToday', counterId === null ? {} : { counterId }), ['request.changed', 'queue.changed'], [counterId]);
  const counters = useHubData(() => client.call('queue.counters', {}), ['queue.changed']);
  const [handing, setHanding] = useState<OpenRequestItem | null>(null);
  const action = useAction();
  const { busy, error: message } = action;
  const items = data.data?.requests ?? [];

  async function run(call: () => Promise<unknown>) {
    await action.run(async () => {
      await call();
      await data.reload();
    });
  }

  return (
    <CounterListSection
      id="open-requests-title"
      className="open-requests"
      title={t.title}
      count={items.length}
      actionError={message}
      loadError={data.error}
      empty={t.empty}
      after={
        <>
          {counterId !== null && !serving && items.some((r) => r.counterId === counterId) && <p className="field-hint">{t.resumeNeedsTicket}</p>}
          {handing && (
            <HandOverDialog
              item={handing}
              counters={(counters.data?.counters ?? []).filter((c) => c.active && c.id !== handing.counterId)}
              onClose={() => setHanding(null)}
              onSubmit={(toCounterId) => run(() => client.call('request.handOver', { requestId: handing.id, toCounterId })).then(() => setHanding(null))}
            />
          )}
        </>
      }
    >
        <table className="open-requests-table">
          <thead>
            <tr>
              <th scope="col">{t.number}</th>
              <th scope="col">{t.service}</th>
              <th scope="col">{t.applicant}</th>
              <th scope="col">{t.step}</th>
              <th scope="col">{t.counter}</th>
              <th scope="col">{t.age}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => {
              const mine = counterId !== null && r.counterId === counterId;
              const acts = mine || counterId === null;
              return (
                <Fragment key={r.id}>
                <tr className={`open-request-row${mine ? ' open-request-mine' : ''}${acts ? ' open-request-has-actions' : ''}`}>
                  <td className="num">{toPersianDigits(`${r.year}/${r.number}`)}</td>
                  <td>{serviceFa[r.service]}</td>
                  <td>{r.applicantName ?? <span className="muted">{t.noApplicant}</span>}</td>
                  <td>{r.currentStep ? fa.counter.steps[serviceSteps.indexOf(r.currentStep)] : ''}</td>
                  <td className="num">{toPersianDigits(r.counterNumber)}</td>
                  <td className="num">{age(r.openedAt, now)}</td>
                </tr>
                {acts && (
                <tr className={`open-request-actions-row${mine ? ' open-request-mine' : ''}`}>
                  <td colSpan={6}>
<div className="open-request-actions" role="group" aria-label={t.actions}>
                    {mine && (
                      <button
                        type="button"
                        className="button button-primary"
                        disabled={busy || !serving}
                        title={serving ? undefined : t.resumeNeedsTicket}
                        onClick={() =>
                          void run(async () => {
                            const resumed = await client.call('request.resume', { requestId: r.id, counterId: counterId });
                            onResumed?.(resumed);
                          })
                        }
                      >
                        {t.resume}
                      </button>
                    )}
                    {(mine || counterId === null) && (
                      <button type="button" className="button" disabled={busy} onClick={() => setHanding(r)}>
                        {t.handOver}
                      </button>
                    )}
                  </div>
</td>
                </tr>
                )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
    </CounterListSection>
  );
}

function HandOverDialog({
  item,
  counters,
  onClose,
  onSubmit,
}: {
  item: OpenRequestItem;
  counters: ReadonlyArray<{ id: number; number: number; openBy: { displayName: string } | null }>;
  onClose: () => void;
  onSubmit: (toCounterId: number) => Promise<void>;
}) {
  const t = fa.openRequests;
  const ref = useRef<HTMLDivElement>(null);
  useDialogKeys(ref, onClose, 'select');
  const [to, setTo] = useState('');
  useEffect(() => setTo(''), [item.id]);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div ref={ref} className="card dialog" role="dialog" aria-modal="true" aria-labelledby="hand-over-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="hand-over-title">{t.handOverTitle(toPersianDigits(`${item.year}/${item.number}`))}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (to) void onSubmit(Number(to));
          }}
        >
          <div className="field">
            <label htmlFor="hand-over-counter">{fa.finish.toCounter}</label>
            <select id="hand-over-counter" value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">—</option>
              {counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {fa.finish.counterOption(toPersianDigits(c.number), c.openBy?.displayName ?? null)}
                </option>
              ))}
            </select>
          </div>
          <DialogActions submit={t.handOver} enterKey disabled={!to} onClose={onClose} />
        </form>
      </div>
    </div>
  );
}
