import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { yourNumberClips, type GuidanceClip } from '../../core/queue/announcement';
import { Announcer } from '../audio/announcer';
import type { ProcedureOutput } from '../../core/api/contract';
import { toPersianDigits } from '../../core/text/digits';
import { ApiError } from '../api/client';
import { useEnv } from '../app/api';
import type { ShellProps } from '../app/shellProps';
import { errorText } from '../app/errors';
import { useHubData } from '../app/useHubData';
import { Clock } from '../components/Clock';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { FormError } from '../components/FormFooter';
import { formatJalaliDateTime } from '../../core/format/jalali';
import { TicketQr } from './TicketQr';
import { KioskRating } from './KioskRating';
import { ComplaintForm } from './ComplaintForm';
import { DisplayToggles } from '../components/DisplayToggles';
import { useHubClock } from '../app/useHubClock';
import { hasTariff, TariffSheet, useTariffBoard } from '../components/TariffSheet';
import { tariffBoardFa } from '../../core/fees/boardLabels.fa';

type Issued = ProcedureOutput<'queue.issueTicket'>;
type Outcome = { kind: 'issued'; issued: Issued } | { kind: 'failed'; message: string; printer: boolean; ticketId: string | undefined };

/** How long the kiosk shows a result before returning to the start (ms): long enough to read it, photograph the screen or scan its code. */
export const KIOSK_RESET_MS = 20_000;
/** A rating or a complaint left half-done goes back to the start after this long untouched (ms): the next person never sees it. */
export const FEEDBACK_IDLE_MS = 90_000;
/** How long the start screen waits untouched before it shows the tariff in force (ماده ۳۴ ت) until the next touch (ms). */
export const KIOSK_IDLE_MS = 45_000;

/** True once nobody has touched, clicked or pressed a key for `ms` while `armed`; any of those ends it. */
function useIdle(ms: number, armed: boolean): [boolean, () => void] {
  const [idle, setIdle] = useState(false);
  const [touched, setTouched] = useState(0);
  useEffect(() => {
    const wake = () => {
      setIdle(false);
      setTouched((n) => n + 1);
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, wake, { capture: true, passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, wake, { capture: true });
    };
  }, []);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setIdle(true), ms);
    return () => clearTimeout(timer);
  }, [ms, armed, touched]);
  return [idle && armed, () => setIdle(false)];
}

/** The touch kiosk: full screen, big targets, no personal data ever (ماده ۳۴ الف، ۴۷ پ). */
export function KioskShell({ office }: ShellProps) {
  const { client } = useEnv();
  const t = fa.kiosk;
  const { data, error } = useHubData(() => client.call('queue.kioskInfo', {}), ['queue.changed']);
  const [priorityId, setPriorityId] = useState<number | null>(null);
  const [booking, setBooking] = useState(false);
  // satisfaction and complaints (ماده ۱۸، ۲۰): each a screen of its own, back to the start when done
  const [feedback, setFeedback] = useState<'rate' | 'complain' | null>(null);
  const complaints = useHubData(() => client.call('complaint.status', {}), []);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const now = useHubClock();
  const tariff = useTariffBoard(now);
  const [idle, wake] = useIdle(KIOSK_IDLE_MS, !outcome && !booking && !busy && !feedback && hasTariff(tariff.data));
  // spoken guidance in the board's voice (ماده ۴۷ پ): on from «راهنمای صوتی», and always for the priority button
  const announcer = useMemo(() => new Announcer(), []);
  useEffect(() => () => announcer.close(), [announcer]);
  const [guidance, setGuidance] = useState(false);
  const say = (clips: readonly string[]) => {
    announcer.unlock(); // inside the touch or key that asked: the browser lets sound start
    announcer.clear();
    announcer.speak(clips);
  };
  const guide = (...clips: GuidanceClip[]) => say(clips);

  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(null), KIOSK_RESET_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  useEffect(() => {
    if (!feedback) return;
    let timer = setTimeout(() => setFeedback(null), FEEDBACK_IDLE_MS);
    const poke = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setFeedback(null), FEEDBACK_IDLE_MS);
    };
    window.addEventListener('keydown', poke);
    window.addEventListener('pointerdown', poke);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', poke);
      window.removeEventListener('pointerdown', poke);
    };
  }, [feedback]);

  async function take(run: () => Promise<Issued>) {
    if (busy) return;
    setBusy(true);
    try {
      const issued = await run();
      setOutcome({ kind: 'issued', issued });
      if (guidance) {
        let number: string[] = [];
        try {
          number = yourNumberClips(issued.ticket.prefix, issued.ticket.number);
        } catch {
          // a prefix the voice cannot say: the number is on the screen and the paper
        }
        say([...number, ...(issued.printed ? (['guide-take-ticket'] as const) : [])]);
      }
      setPriorityId(null);
      setBooking(false);
    } catch (err) {
      const printer = err instanceof ApiError && err.code.startsWith('PRINTER_');
      setOutcome({ kind: 'failed', message: errorText(err), printer, ticketId: printer ? (err as ApiError).ref : undefined });
    } finally {
      setBusy(false);
    }
  }

  const services = data?.services ?? [];
  const priority = data?.priorityCategories.find((c) => c.id === priorityId);
  const firstPriority = data?.priorityCategories[0];

  /** The round priority button, or its key: the first category (or none again), said aloud. */
  const pressPriority = () => {
    if (!firstPriority) return;
    const on = priorityId === null;
    setPriorityId(on ? firstPriority.id : null);
    if (on) guide('guide-priority-on');
    else guide('guide-welcome');
  };
  const onPriorityKey = useRef<(e: KeyboardEvent) => void>(() => {});
  onPriorityKey.current = (e) => {
    if (e.key !== PRIORITY_KEY || outcome || booking) return;
    e.preventDefault();
    pressPriority();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => onPriorityKey.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="shell kiosk-shell">
      <header className="kiosk-header">
        <div>
          <h1>{t.welcome}</h1>
          <p className="kiosk-office">{office.name}</p>
        </div>
        <button
          type="button"
          className="display-toggle kiosk-voice"
          aria-pressed={guidance}
          onClick={() => {
            setGuidance(!guidance);
            if (!guidance) guide('guide-welcome', ...(firstPriority ? (['guide-priority'] as const) : []));
            else announcer.clear();
          }}
        >
          <span aria-hidden="true" className="display-toggle-icon">
            ♪
          </span>
          {t.voiceGuidance}
        </button>
        <DisplayToggles shell="kiosk" />
        <Clock className="kiosk-clock" />
      </header>
      <main className="kiosk-main">
        {error && <p className="form-error" role="alert">{error}</p>}
        {idle && hasTariff(tariff.data) ? (
          // the tariff in force until the next touch or key (which the window-wide listener takes)
          <section className="kiosk-idle" aria-labelledby="kiosk-idle-title">
            <h2 id="kiosk-idle-title" className="visually-hidden">
              {tariffBoardFa.title}
            </h2>
            <button type="button" className="button button-primary kiosk-big-button kiosk-idle-prompt" onClick={wake} autoFocus>
              {t.touchToStart}
            </button>
            <TariffSheet board={tariff.data} parts={['office', 'judicial']} className="tariff-on-kiosk" />
          </section>
        ) : outcome ? (
          <KioskOutcome officeName={office.name} outcome={outcome} busy={busy} onRetry={(id) => void take(() => client.call('queue.reprint', { ticketId: id }))} onDone={() => setOutcome(null)} />
        ) : feedback === 'rate' ? (
          <KioskRating prefixes={[...new Set(services.map((s) => s.prefix))]} onDone={() => setFeedback(null)} />
        ) : feedback === 'complain' ? (
          <ComplaintForm onDone={() => setFeedback(null)} />
        ) : booking ? (
          <BookingForm services={services.filter((s) => s.open)} onCancel={() => setBooking(false)} onIssued={(issued) => setOutcome({ kind: 'issued', issued })} onFailed={(message, ticketId) => setOutcome({ kind: 'failed', message, printer: true, ticketId })} />
        ) : services.length === 0 && data ? (
          <EmptyState>{t.noServices}</EmptyState>
        ) : (
          <>
            <p className="kiosk-prompt">{priority ? t.prioritySelected(priority.name) : t.takeTicket}</p>
            <div className="kiosk-services">
              {services.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  className="kiosk-service"
                  disabled={!s.open || busy}
                  onClick={() => void take(() => client.call('queue.issueTicket', { serviceId: s.id, ...(priorityId ? { priorityCategoryId: priorityId } : {}) }))}
                >
                  <span className="kiosk-service-prefix" aria-hidden="true">
                    {s.prefix}
                  </span>
                  <span className="kiosk-service-name">{s.name}</span>
                  <span className="kiosk-service-meta">
                    {s.open ? (
                      <>
                        <span>{t.waiting(toPersianDigits(s.waiting))}</span>
                        <span>{s.estimatedWaitMinutes === null || s.waiting === 0 ? t.noWait : t.estimateShort(toPersianDigits(s.estimatedWaitMinutes))}</span>
                      </>
                    ) : (
                      <span>{t.closed}</span>
                    )}
                  </span>
                  <span className="kiosk-service-hours">{t.hours(toPersianDigits(s.opensAt), toPersianDigits(s.closesAt))}</span>
                </button>
              ))}
            </div>
            {data && data.priorityCategories.length > 0 && (
              <section className="kiosk-priority" aria-labelledby="kiosk-priority-title">
                <h2 id="kiosk-priority-title">{t.priorityTitle}</h2>
                <p>{t.priorityHint}</p>
                <div className="kiosk-chips">
                  {data.priorityCategories.map((c) => (
                    <button key={c.id} type="button" className={`kiosk-chip${c.id === priorityId ? ' kiosk-chip-on' : ''}`} aria-pressed={c.id === priorityId} onClick={() => setPriorityId(c.id === priorityId ? null : c.id)}>
                      {c.name}
                    </button>
                  ))}
                </div>
              </section>
            )}
            <div className="kiosk-more">
              <button type="button" className="button kiosk-booking" onClick={() => setBooking(true)}>
                {t.booking}
              </button>
              <button type="button" className="button kiosk-booking" onClick={() => setFeedback('rate')}>
                {fa.feedback.kioskRate}
              </button>
              {complaints.data?.accepting && (
                <button type="button" className="button kiosk-booking" onClick={() => setFeedback('complain')}>
                  {fa.feedback.complain}
                </button>
              )}
            </div>
            {firstPriority && (
              // Found without reading: always at the screen's bottom corner, round, with its own key («*»).
              <button type="button" className="kiosk-priority-button" aria-pressed={priorityId !== null} aria-keyshortcuts="*" aria-label={t.priorityButton} onClick={pressPriority}>
                <PriorityIcon />
                <span className="kiosk-priority-button-text" aria-hidden="true">
                  {t.priorityTitle}
                </span>
                <kbd aria-hidden="true">*</kbd>
              </button>
            )}
          </>
        )}
      </main>
    </div>
  );
}

/** The key that presses the priority button (a kiosk keypad's «*», or any keyboard's). */
export const PRIORITY_KEY = '*';

/** The international symbol of access, drawn: a person in a wheelchair, in a circle. */
function PriorityIcon() {
  return (
    <svg className="kiosk-priority-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="22" fill="none" stroke="currentColor" strokeWidth="3" />
      <circle cx="22" cy="10.5" r="3.5" fill="currentColor" />
      <path d="M21 15v11h10l4 9" fill="none" stroke="currentColor" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M17 21a9 9 0 1 0 12 11" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

/** What the on-screen ticket's QR code holds: what the paper ticket says, and its id (no personal data). */
export function ticketQrText(officeName: string, issued: Issued): string {
  const at = new Date(issued.ticket.issuedAt);
  return [officeName, `${fa.kiosk.yourNumber}: ${issued.ticket.display}`, issued.ticket.serviceName, toPersianDigits(formatJalaliDateTime(at)), issued.ticket.id].join('\n');
}

function KioskOutcome({ officeName, outcome, busy, onRetry, onDone }: { officeName: string; outcome: Outcome; busy: boolean; onRetry: (ticketId: string) => void; onDone: () => void }) {
  const t = fa.kiosk;
  if (outcome.kind === 'failed') {
    return (
      <section className="kiosk-result kiosk-result-failed" role="alert">
        <h2>{outcome.printer ? t.printFailed : t.notIssued}</h2>
        <p>{outcome.message}</p>
        <p>{t.tellStaff}</p>
        <div className="kiosk-actions">
          {outcome.ticketId && (
            <button type="button" className="button button-primary kiosk-big-button" disabled={busy} onClick={() => onRetry(outcome.ticketId!)}>
              {t.retry}
            </button>
          )}
          <button type="button" className="button kiosk-big-button" onClick={onDone}>
            {t.done}
          </button>
        </div>
      </section>
    );
  }
  const { issued } = outcome;
  return (
    <section className="kiosk-result" role="status" aria-live="assertive">
      <button type="button" className="kiosk-close" onClick={onDone} aria-label={t.close}>
        ×
      </button>
      <p className="kiosk-result-label">{t.yourNumber}</p>
      <p className="kiosk-result-number">{issued.ticket.display}</p>
      <p className="kiosk-result-service">{issued.ticket.serviceName}</p>
      <p>{issued.peopleAhead === 0 ? t.aheadNone : t.ahead(toPersianDigits(issued.peopleAhead))}</p>
      {issued.estimatedWaitMinutes !== null && issued.peopleAhead > 0 && <p>{t.estimate(toPersianDigits(issued.estimatedWaitMinutes))}</p>}
      {!issued.printed && (
        <figure className="kiosk-qr">
          <TicketQr text={ticketQrText(officeName, issued)} label={t.qrLabel(issued.ticket.display)} className="kiosk-qr-code" />
          <figcaption>{t.qrHint}</figcaption>
        </figure>
      )}
      <p className="kiosk-result-note">{issued.printed ? t.printed : t.notPrinted}</p>
      <button type="button" className="button button-primary kiosk-big-button" onClick={onDone}>
        {t.done}
      </button>
    </section>
  );
}

function BookingForm({
  services,
  onCancel,
  onIssued,
  onFailed,
}: {
  services: Array<{ id: number; name: string }>;
  onCancel: () => void;
  onIssued: (issued: Issued) => void;
  onFailed: (message: string, ticketId: string | undefined) => void;
}) {
  const { client } = useEnv();
  const t = fa.kiosk;
  const [code, setCode] = useState('');
  const [nationalId, setNationalId] = useState('');
  const [serviceId, setServiceId] = useState<number | null>(services[0]?.id ?? null);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (serviceId === null || busy) return;
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      onIssued(await client.call('queue.checkInBooking', { code, nationalId, serviceId }));
    } catch (err) {
      if (err instanceof ApiError && err.code.startsWith('PRINTER_')) return onFailed(errorText(err), err.ref);
      // A typo stays on the form, with the field marked, so the person can correct it.
      const text = errorText(err);
      if (err instanceof ApiError && err.code === 'INVALID_BOOKING_CODE') setErrors({ code: text });
      else if (err instanceof ApiError && err.code === 'INVALID_NATIONAL_ID') setErrors({ nationalId: text });
      else setMessage(text);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card kiosk-booking-form" onSubmit={submit} noValidate aria-labelledby="booking-title">
      <h2 id="booking-title">{t.bookingTitle}</h2>
      <Field label={t.bookingCode} value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="off" error={errors.code} autoFocus required />
      <Field label={t.bookingNationalId} value={nationalId} onChange={(e) => setNationalId(e.target.value)} inputMode="numeric" autoComplete="off" error={errors.nationalId} required />
      <fieldset className="kiosk-booking-services">
        <legend>{t.bookingService}</legend>
        {services.map((s) => (
          <label key={s.id} className={`kiosk-chip${s.id === serviceId ? ' kiosk-chip-on' : ''}`}>
            <input type="radio" name="booking-service" checked={s.id === serviceId} onChange={() => setServiceId(s.id)} />
            {s.name}
          </label>
        ))}
      </fieldset>
      <FormError error={message} />
      <div className="kiosk-actions">
        <button type="submit" className="button button-primary kiosk-big-button" disabled={busy || serviceId === null}>
          {t.bookingSubmit}
        </button>
        <button type="button" className="button kiosk-big-button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
