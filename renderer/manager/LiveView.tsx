import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import type { PublicTicket, ticketStatuses } from '../../core/api/queue';
import { formatTime } from '../../core/format/jalali';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';
import { figure, shown } from './figures';
import { DataTable } from '../components/DataTable';
import { FormNotice } from '../components/FormFooter';

type Live = ProcedureOutput<'queue.live'>;
type TicketStatus = (typeof ticketStatuses)[number];

/** How long after a `queue.changed` event the view asks again: a burst of changes costs one call. */
export const CHANGE_DELAY_MS = 300;
/** Asked again this often even without events: waits grow by the minute, and an event may be missed. */
export const LIVE_REFRESH_MS = 30_000;

const statusText: Record<TicketStatus, string> = fa.managerQueue.ticketStatus;

/**
 * The manager's live view of the queue: waiting per service, the counters and what they serve,
 * and the tickets whose print failed (a number nobody holds until it is printed again).
 */
export function LiveView() {
  const { client } = useEnv();
  const [live, setLive] = useState<Live | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reprinted, setReprinted] = useState<string | null>(null);
  // Answers can arrive out of order (an event refresh overtaking a slow poll): only the newest counts.
  const latest = useRef(0);
  const t = fa.managerQueue.live;

  const refresh = useCallback(async () => {
    const ask = ++latest.current;
    try {
      const answer = await client.call('queue.live', {});
      if (ask !== latest.current) return;
      setLive(answer);
      setError(null);
    } catch (err) {
      if (ask === latest.current) setError(errorText(err));
    }
  }, [client]);

  useEffect(() => {
    void refresh();
    const poll = setInterval(() => void refresh(), LIVE_REFRESH_MS);
    // Gather a burst of events into one call, but never postpone it past CHANGE_DELAY_MS:
    // in a busy office events keep coming, and a view that waits for quiet never refreshes.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const off = client.subscribe('queue.changed', () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        void refresh();
      }, CHANGE_DELAY_MS);
    });
    return () => {
      off();
      clearInterval(poll);
      clearTimeout(pending);
      latest.current++; // an answer still on its way is for a view that is gone
    };
  }, [client, refresh]);

  return (
    <section className="card live-view" aria-labelledby="live-title" aria-busy={live === null && error === null}>
      <h2 id="live-title">{t.title}</h2>
      {error && (
        <p className="form-error" role="alert">
          {error} {live && t.stale}
        </p>
      )}
      <FormNotice notice={reprinted} />
      {live === null && error === null && <EmptyState>{fa.common.loading}</EmptyState>}
      {live && (
        <>
          {live.printFailures.length > 0 && (
            <PrintFailures
              tickets={live.printFailures}
              onReprinted={(display) => {
                setReprinted(t.reprinted(display));
                void refresh();
              }}
            />
          )}
          <ServicesTable services={live.services} />
          <CountersTable counters={live.counters} />
        </>
      )}
    </section>
  );
}

function PrintFailures({ tickets, onReprinted }: { tickets: PublicTicket[]; onReprinted: (display: string) => void }) {
  const { client } = useEnv();
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const t = fa.managerQueue.live;

  async function reprint(ticket: PublicTicket) {
    if (busy) return;
    setBusy(ticket.id);
    setErrors(({ [ticket.id]: _, ...rest }) => rest);
    try {
      const answer = await client.call('queue.reprint', { ticketId: ticket.id });
      onReprinted(answer.ticket.display);
    } catch (err) {
      setErrors((e) => ({ ...e, [ticket.id]: errorText(err) }));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="print-failures" aria-labelledby="print-failures-title">
      <h3 id="print-failures-title">{t.printFailuresTitle}</h3>
      <p className="print-failures-hint">{t.printFailuresHint}</p>
      <ul className="print-failures-list">
        {tickets.map((ticket) => (
          <li key={ticket.id} className="print-failure">
            <span id={`print-failure-${ticket.id}`} className="print-failure-ticket">
              <strong className="ticket-display">{ticket.display}</strong> {shown(ticket.serviceName)} <span className="muted">— {t.issuedAt(formatTime(ticket.issuedAt, false))}</span>
            </span>
            <button
              type="button"
              className="button button-primary"
              aria-describedby={`print-failure-${ticket.id}`}
              aria-disabled={busy === ticket.id || undefined}
              onClick={() => void reprint(ticket)}
            >
              {t.reprint}
            </button>
            {errors[ticket.id] && (
              <p className="form-error print-failure-error" role="alert">
                {errors[ticket.id]}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ServicesTable({ services }: { services: Live['services'] }) {
  const t = fa.managerQueue.live;
  return (
    <section aria-labelledby="live-services-title">
      <h3 id="live-services-title">{t.servicesTitle}</h3>
      {services.length === 0 ? (
        <EmptyState>{t.noServices}</EmptyState>
      ) : (
        <DataTable labelledBy="live-services-title" columns={[t.serviceColumns.service, t.serviceColumns.waiting, t.serviceColumns.longestWait, t.serviceColumns.issuedToday]}>
          {services.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <span className="service-prefix">{shown(s.prefix)}</span> {shown(s.name)}
              </th>
              <td className="number-cell">{figure(s.waiting)}</td>
              <td className="number-cell">{figure(s.longestWaitMinutes)}</td>
              <td className="number-cell">{figure(s.issuedToday)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function CountersTable({ counters }: { counters: Live['counters'] }) {
  const t = fa.managerQueue.live;
  const mq = fa.managerQueue;
  return (
    <section aria-labelledby="live-counters-title">
      <h3 id="live-counters-title">{t.countersTitle}</h3>
      {counters.length === 0 ? (
        <EmptyState>{t.noCounters}</EmptyState>
      ) : (
        <DataTable labelledBy="live-counters-title" columns={[t.counterColumns.number, t.counterColumns.state, t.counterColumns.current, t.counterColumns.status]}>
          {counters.map((c) => (
            <tr key={c.id} className={c.openBy ? undefined : 'row-quiet'}>
              <th scope="row">{mq.counterName(figure(c.number))}</th>
              <td>{!c.active ? mq.inactive : c.openBy ? t.openBy(shown(c.openBy.displayName)) : t.closed}</td>
              <td>
                {c.current ? (
                  <>
                    <span className="ticket-display">{c.current.display}</span>
                    {c.current.priority && <span className="badge badge-priority">{t.priority}</span>}
                  </>
                ) : (
                  mq.nothing
                )}
              </td>
              <td>{c.current ? statusText[c.current.status] : mq.nothing}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
