import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import type { PublicTicket } from '../../core/api/queue';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { useHubData } from '../app/useHubData';
import { useKeys } from '../app/useKeys';
import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';
import { useDialogKeys } from '../components/useDialogKeys';
import { useHubClock } from '../app/useHubClock';
import type { RequestView } from '../../core/api/request';
import { FinishDialog, OpenRequests, unfinishedOf } from './OpenRequests';
import { ReturnedRequests } from './ReturnedRequests';
import { DialogActions } from '../components/DialogActions';
import { CounterClose } from './CounterClose';

type View = ProcedureOutput<'queue.counterView'>;

/**
 * The clerk's queue: which counter they sit at, the ticket there, and the actions on it, each on
 * an F-key. The next ticket is the hub's decision; calling someone else needs a recorded reason.
 */
export function QueuePanel({ userId, onCurrentChange, onCounterChange }: { userId: number; onCurrentChange?: (ticket: PublicTicket | null) => void; onCounterChange?: (counterId: number | null) => void }) {
  const { client } = useEnv();
  const t = fa.counter;
  const counters = useHubData(() => client.call('queue.counters', {}), ['queue.changed']);
  const mine = counters.data?.counters.find((c) => c.openBy?.userId === userId) ?? null;
  const counterId = mine?.id ?? null;
  const view = useHubData(async () => (counterId === null ? null : client.call('queue.counterView', { counterId })), ['queue.changed'], [counterId]);
  const [message, setMessage] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'transfer' | 'outOfTurn' | 'noShow' | 'finish' | null>(null);
  const [closingDay, setClosingDay] = useState(false);
  const [unfinished, setUnfinished] = useState<RequestView[]>([]);
  const [busy, setBusy] = useState(false);

  const current = view.data?.counter.current ?? null;
  useEffect(() => onCurrentChange?.(current), [current?.id, current?.status]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => onCounterChange?.(counterId), [counterId]); // eslint-disable-line react-hooks/exhaustive-deps

  // A key pressed while the previous action is still settling (F4 right after F2: the ticket shows as
  // called before the refresh behind F2 is over) is kept and run next, not lost; only the latest waits.
  const running = useRef(false);
  const next = useRef<(() => Promise<unknown>) | null>(null);
  async function act(run: () => Promise<unknown>) {
    if (running.current) {
      next.current = run;
      return;
    }
    running.current = true;
    setBusy(true);
    setMessage(null);
    try {
      for (let step: (() => Promise<unknown>) | null = run; step; step = next.current, next.current = null) {
        try {
          await step();
          await Promise.all([view.reload(), counters.reload()]);
        } catch (err) {
          setMessage(errorText(err));
          next.current = null; // what was pressed after a failure was meant for the state that did not come
        }
      }
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  const c = counterId === null ? null : { counterId };
  /** F8: with a request unfinished, ask what to do with it first (never throw work away); else end at once. */
  const finish = () =>
    void act(async () => {
      const open = unfinishedOf((await client.call('request.atCounter', c!)).requests);
      if (open.length === 0) return client.call('queue.finish', c!);
      setUnfinished(open);
      setDialog('finish');
      return undefined;
    });
  const can = {
    callNext: c !== null && !current,
    recall: current?.status === 'called',
    start: current?.status === 'called',
    noShow: current?.status === 'called',
    finish: current?.status === 'serving',
    park: current !== null,
    transfer: current !== null,
    outOfTurn: c !== null && !current,
  };
  // A no-show loses the person their turn: before the set number of recalls the clerk confirms it.
  const noShowNeedsConfirmation = (view.data?.recalls ?? 0) < (view.data?.noShowAfterRecalls ?? 0);
  const noShow = () => (noShowNeedsConfirmation ? setDialog('noShow') : void act(() => client.call('queue.noShow', c!)));
  // F2 that cannot call says why, instead of doing nothing
  const callNext = () => {
    if (can.callNext) void act(() => client.call('queue.callNext', c!));
    else if (!busy) setMessage(c === null ? t.pickCounterFirst : t.finishCurrentFirst);
  };
  useKeys(
    {
      F2: counters.data ? callNext : undefined,
      F3: can.recall ? () => void act(() => client.call('queue.recall', c!)) : undefined,
      F4: can.start ? () => void act(() => client.call('queue.startService', c!)) : undefined,
      F6: can.noShow ? noShow : undefined,
      F7: can.transfer ? () => setDialog('transfer') : undefined,
      F8: can.finish ? finish : undefined,
      F9: can.park ? () => void act(() => client.call('queue.park', c!)) : undefined,
      F10: can.outOfTurn ? () => setDialog('outOfTurn') : undefined,
    },
    dialog === null,
  );

  if (counters.error) return <p className="form-error" role="alert">{counters.error}</p>;
  if (!counters.data) return <EmptyState>{fa.common.loading}</EmptyState>;

  if (!mine) {
    return (
      <section className="counter-picker" aria-labelledby="pick-title">
        <h3 id="pick-title">{t.pickCounter}</h3>
        <p className="muted">{t.pickCounterHint}</p>
        {message && <p className="form-error" role="alert">{message}</p>}
        <div className="counter-picker-list">
          {counters.data.counters
            .filter((x) => x.active)
            .map((x) => (
              <button key={x.id} type="button" className="button counter-picker-item" disabled={busy || x.openBy !== null} onClick={() => void act(() => client.call('queue.openCounter', { counterId: x.id }))}>
                <strong>{t.sitAt(toPersianDigits(x.number))}</strong>
                <small>{x.openBy ? t.takenBy(x.openBy.displayName) : t.free}</small>
              </button>
            ))}
        </div>
      </section>
    );
  }

  const v = view.data;
  return (
    <>
      <div className="counter-title">
        <h3>{t.counterTitle(toPersianDigits(mine.number))}</h3>
        <button type="button" className="button button-quiet" disabled={busy || current !== null} onClick={() => void act(() => client.call('queue.closeCounter', { counterId: mine.id }))}>
          {t.leaveCounter}
        </button>
        <button type="button" className="button button-quiet" disabled={busy || current !== null} onClick={() => setClosingDay(true)}>
          {t.dayClose.open}
        </button>
      </div>
      {closingDay && <CounterClose counterId={mine.id} onClose={() => setClosingDay(false)} />}
      <section className={`current-ticket${current ? ` current-ticket-${current.status}` : ''}`} aria-label={t.currentTicket} aria-live="polite">
        <h3>{t.currentTicket}</h3>
        {current ? (
          <>
            <p className="current-ticket-number">{current.display}</p>
            <p className="current-ticket-service">
              {current.serviceName}
              {current.priority && <span className="badge badge-priority">{t.priority}</span>}
            </p>
            <p className="current-ticket-status">{t.ticketStatus[current.status]}</p>
          </>
        ) : (
          <p className="muted">{t.noTicket}</p>
        )}
      </section>
      {message && <p className="form-error" role="alert">{message}</p>}
      <div className="queue-actions">
        <ActionButton primary wide label={t.callNext} keyName="F2" enabled={can.callNext && !busy} onClick={() => void act(() => client.call('queue.callNext', c!))} />
        <ActionButton label={t.recall} keyName="F3" enabled={can.recall && !busy} onClick={() => void act(() => client.call('queue.recall', c!))} />
        <ActionButton primary label={t.start} keyName="F4" enabled={can.start && !busy} onClick={() => void act(() => client.call('queue.startService', c!))} />
        <ActionButton label={t.noShow} keyName="F6" enabled={can.noShow && !busy} onClick={noShow} />
        <ActionButton primary label={t.finish} keyName="F8" enabled={can.finish && !busy} onClick={finish} />
        <ActionButton label={t.transfer} keyName="F7" enabled={can.transfer && !busy} onClick={() => setDialog('transfer')} />
        <ActionButton label={t.park} keyName="F9" enabled={can.park && !busy} onClick={() => void act(() => client.call('queue.park', c!))} />
        <ActionButton label={t.outOfTurn} keyName="F10" enabled={can.outOfTurn && !busy} onClick={() => setDialog('outOfTurn')} />
      </div>
      {v && current?.status === 'called' && v.recalls > 0 && <p className="muted queue-recalls">{t.recalledTimes(toPersianDigits(v.recalls))}</p>}
      {v && <WaitingList view={v} />}
      {v && <MyDay day={v.myDay} />}
      {v && v.parked.length > 0 && (
        <section aria-labelledby="parked-title">
          <h3 id="parked-title">{t.parkedTitle}</h3>
          <ul className="parked-list">
            {v.parked.map((p) => (
              <li key={p.id}>
                <span>{p.display}</span>
                <button type="button" className="button" disabled={busy || current !== null} onClick={() => void act(() => client.call('queue.callParked', { counterId: mine.id, ticketId: p.id }))}>
                  {t.callBack}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <OpenRequests counterId={mine.id} serving={current?.status === 'serving'} />
      <ReturnedRequests counterId={mine.id} serving={current?.status === 'serving'} />
      {dialog === 'finish' && (
        <FinishDialog
          counterId={mine.id}
          requests={unfinished}
          onClose={() => setDialog(null)}
          onFinish={async () => {
            await client.call('queue.finish', { counterId: mine.id });
            await Promise.all([view.reload(), counters.reload()]);
          }}
        />
      )}
      {dialog === 'transfer' && v && (
        <TransferDialog
          onClose={() => setDialog(null)}
          onSubmit={(serviceId, position) =>
            act(() => client.call('queue.transfer', { counterId: mine.id, serviceId, position })).then(() => setDialog(null))
          }
        />
      )}
      {dialog === 'noShow' && current && (
        <Dialog title={t.noShowTitle} onClose={() => setDialog(null)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setDialog(null);
              void act(() => client.call('queue.noShow', { counterId: mine.id, confirmed: true }));
            }}
          >
            <p className="dialog-warning">{t.noShowConfirm(current.display, toPersianDigits(v?.recalls ?? 0))}</p>
            <DialogActions submit={t.noShowSubmit} disabled={false} onClose={() => setDialog(null)} autoFocusSubmit />
          </form>
        </Dialog>
      )}
      {dialog === 'outOfTurn' && v && (
        <OutOfTurnDialog
          view={v}
          onClose={() => setDialog(null)}
          onSubmit={async (input) => {
            await client.call('queue.callOutOfTurn', { counterId: mine.id, ...input });
            await Promise.all([view.reload(), counters.reload()]);
            setDialog(null);
          }}
        />
      )}
    </>
  );
}

function ActionButton({ label, keyName, enabled, onClick, primary, wide }: { label: string; keyName: string; enabled: boolean; onClick: () => void; primary?: boolean; wide?: boolean }) {
  return (
    <button type="button" className={`button${primary ? ' button-primary' : ''}${wide ? ' queue-action-wide' : ''}`} disabled={!enabled} onClick={onClick} aria-keyshortcuts={keyName}>
      {label} <kbd>{keyName}</kbd>
    </button>
  );
}

/** Minutes since `iso` on the hub's clock, never negative. */
const minutesSince = (iso: string, now: Date) => Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));

/**
 * Who waits for this counter: a count per service that has anyone, then the tickets in the order the
 * hub will call them — number (its prefix names the service), how long each has waited, the priority flag.
 */
function WaitingList({ view }: { view: View }) {
  const t = fa.counter;
  const now = useHubClock();
  const total = view.waiting.reduce((n, w) => n + w.count, 0);
  const shown = view.line.slice(0, 12);
  return (
    <section aria-labelledby="waiting-title">
      <h3 id="waiting-title">
        {t.waitingTitle} <span className="muted">({toPersianDigits(total)})</span>
      </h3>
      {total === 0 ? (
        <EmptyState>{t.queueEmpty}</EmptyState>
      ) : (
        <>
          <ul className="waiting-list">
            {view.waiting.filter((w) => w.count > 0).map((w) => (
              <li key={w.serviceId}>
                <span className="waiting-prefix">{w.prefix}</span>
                <span className="waiting-name">{w.serviceName}</span>
                <span className="waiting-count">{t.waitingCount(toPersianDigits(w.count))}</span>
              </li>
            ))}
          </ul>
          <table className="table waiting-line" aria-label={t.lineTitle}>
            <thead>
              <tr>
                <th scope="col">{t.lineNumber}</th>
                <th scope="col">{t.lineWait}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((x) => (
                <tr key={x.id} className={x.priority ? 'waiting-line-priority' : undefined} title={x.serviceName}>
                  <td>
                    <span className="waiting-line-number">
                      {x.display}
                      {x.priority && <span className="badge badge-priority">{t.priority}</span>}
                    </span>
                  </td>
                  <td>{t.minutes(toPersianDigits(minutesSince(x.issuedAt, now)))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {view.line.length > shown.length && <p className="muted">{t.lineMore(toPersianDigits(view.line.length - shown.length))}</p>}
        </>
      )}
    </section>
  );
}

/** The clerk's own day so far: served, did not come, mean service time. */
function MyDay({ day }: { day: View['myDay'] }) {
  const t = fa.counter;
  return (
    <section aria-labelledby="my-day-title" className="my-day">
      <h3 id="my-day-title">{t.myDayTitle}</h3>
      <dl className="my-day-figures">
        <div>
          <dt>{t.myDayServed}</dt>
          <dd>{toPersianDigits(day.served)}</dd>
        </div>
        <div>
          <dt>{t.myDayNoShows}</dt>
          <dd>{toPersianDigits(day.noShows)}</dd>
        </div>
        <div>
          <dt>{t.myDayAverage}</dt>
          <dd>{day.averageServiceMinutes === null ? '—' : t.minutes(toPersianDigits(day.averageServiceMinutes.toFixed(1).replace(/\.0$/, '').replace('.', '٫')))}</dd>
        </div>
      </dl>
    </section>
  );
}

function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useDialogKeys(ref, onClose);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div ref={ref} className="card dialog" role="dialog" aria-modal="true" aria-label={title} onClick={(e) => e.stopPropagation()}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** A transfer may go to any active service, not only this counter's: the list comes from the hub. */
function TransferDialog({ onClose, onSubmit }: { onClose: () => void; onSubmit: (serviceId: number, position: 'front' | 'back') => Promise<void> }) {
  const t = fa.counter;
  const { client } = useEnv();
  const [all, setAll] = useState<Array<{ id: number; name: string; prefix: string }>>([]);
  const [serviceId, setServiceId] = useState<number | null>(null);
  const [position, setPosition] = useState<'front' | 'back'>('front');
  useEffect(() => {
    client.call('queue.kioskInfo', {}).then((info) => setAll(info.services.map((s) => ({ id: s.id, name: s.name, prefix: s.prefix }))), () => {});
  }, [client]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (serviceId !== null) void onSubmit(serviceId, position);
  };
  return (
    <Dialog title={t.transferTitle} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="muted">{t.transferHint}</p>
        <div className="field">
          <label htmlFor="transfer-service">{fa.kiosk.bookingService}</label>
          <select id="transfer-service" value={serviceId ?? ''} onChange={(e) => setServiceId(Number(e.target.value) || null)} required>
            <option value="">—</option>
            {all.map((s) => (
              <option key={s.id} value={s.id}>
                {s.prefix} — {s.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="radio-row">
          <label>
            <input type="radio" name="position" checked={position === 'front'} onChange={() => setPosition('front')} /> {t.front}
          </label>
          <label>
            <input type="radio" name="position" checked={position === 'back'} onChange={() => setPosition('back')} /> {t.back}
          </label>
        </fieldset>
        <DialogActions submit={t.confirm} disabled={serviceId === null} onClose={onClose} />
      </form>
    </Dialog>
  );
}

function OutOfTurnDialog({ view, onClose, onSubmit }: { view: View; onClose: () => void; onSubmit: (input: { ticketId: string; reason: View['outOfTurnReasons'][number]; note: string }) => Promise<void> }) {
  const t = fa.counter;
  const [ticketId, setTicketId] = useState('');
  const [reason, setReason] = useState<View['outOfTurnReasons'][number] | ''>('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ticketId || !reason) return;
    try {
      await onSubmit({ ticketId, reason, note });
    } catch (err) {
      setMessage(errorText(err));
    }
  }
  return (
    <Dialog title={t.outOfTurnTitle} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="dialog-warning">{t.outOfTurnHint}</p>
        <div className="field">
          <label htmlFor="oot-ticket">{t.outOfTurnTicket}</label>
          <select id="oot-ticket" value={ticketId} onChange={(e) => setTicketId(e.target.value)} required>
            <option value="">—</option>
            {view.line.map((x) => (
              <option key={x.id} value={x.id}>
                {x.display} — {x.serviceName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="oot-reason">{t.outOfTurnReason}</label>
          <select id="oot-reason" value={reason} onChange={(e) => setReason(e.target.value as typeof reason)} required>
            <option value="">—</option>
            {view.outOfTurnReasons.map((r) => (
              <option key={r} value={r}>
                {fa.managerQueue.outOfTurnReasons[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="oot-note">{t.outOfTurnNote}</label>
          <textarea id="oot-note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} required minLength={5} />
        </div>
        {message && <p className="form-error" role="alert">{message}</p>}
        <DialogActions submit={t.outOfTurnSubmit} disabled={!ticketId || !reason || note.trim().length < 5} onClose={onClose} />
      </form>
    </Dialog>
  );
}
