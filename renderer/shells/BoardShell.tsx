import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { EventPayload, ProcedureOutput } from '../../core/api/contract';
import { formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { Announcer } from '../audio/announcer';
import { useEnv } from '../app/api';
import type { ShellProps } from '../app/shellProps';
import { useHubClock } from '../app/useHubClock';
import { useHubData } from '../app/useHubData';
import { Clock } from '../components/Clock';
import { fa } from '../i18n/fa';

type Call = EventPayload<'queue.called'>;

/** How long a fresh call flashes on the board (ms). */
export const FLASH_MS = 8000;

/**
 * The waiting-room display, read from five metres: dark, huge numbers, no names or ids. Each call
 * is shown at once and said by the announcer, strictly one after another; a reload restores the
 * recent calls from the hub.
 */
export function BoardShell({ office }: ShellProps) {
  const { client } = useEnv();
  const t = fa.board;
  const now = useHubClock();
  const announcer = useMemo(() => new Announcer(), []);
  const voice = useSyncExternalStore(
    (l) => announcer.onChange(l),
    () => announcer.state(),
  );
  const board = useHubData(() => client.call('queue.board', {}), ['queue.changed']);
  const [latest, setLatest] = useState<Call | null>(null);
  const [flashing, setFlashing] = useState(false);
  const [announced, setAnnounced] = useState(0);

  useEffect(
    () =>
      client.subscribe('queue.called', (call) => {
        setLatest(call);
        setFlashing(true);
        if (announcer.enqueue({ prefix: call.prefix, number: call.number, counterNumber: call.counterNumber, recall: call.recall })) setAnnounced((n) => n + 1);
      }),
    [client, announcer],
  );
  useEffect(() => {
    if (!flashing) return;
    const timer = setTimeout(() => setFlashing(false), FLASH_MS);
    return () => clearTimeout(timer);
  }, [flashing, latest]);

  const recent = board.data?.recentCalls ?? [];
  const shown = latest ?? recent[0] ?? null;

  return (
    <div className="shell board-shell" data-voice-enqueued={announced} data-voice-pending={voice.pending} data-voice-playing={voice.playing ? `${voice.playing.prefix}${voice.playing.number}` : ''}>
      <header className="board-header">
        <span className="board-office">{office.name}</span>
        {voice.needsUserGesture && !voice.unavailable && (
          <button type="button" className="board-sound" onClick={() => announcer.unlock()}>
            {t.enableSound}
          </button>
        )}
        {voice.unavailable && <span className="board-sound-off">{t.soundUnavailable}</span>}
        <Clock className="board-clock" />
      </header>
      <main className="board-main">
        {shown ? (
          <section className={`board-now${flashing ? ' board-now-flash' : ''}`} aria-live="assertive" aria-atomic="true">
            <div className="board-now-label">{t.number}</div>
            <div className="board-now-number">{shown.display}</div>
            <div className="board-now-counter">{t.toCounter(toPersianDigits(shown.counterNumber))}</div>
          </section>
        ) : (
          // Until the first call the big panel is a clock: a dark TV with a dash looks broken.
          <section className="board-now board-idle">
            <div className="board-now-number board-idle-time">{formatTime(now, false)}</div>
            <div className="board-now-label">{t.waitingForFirstCall}</div>
          </section>
        )}
        <div className="board-side">
          <section className="board-list" aria-labelledby="board-list-title">
            <h2 id="board-list-title">{t.lastCalls}</h2>
            {recent.length === 0 ? (
              <p className="board-empty">{t.noCalls}</p>
            ) : (
              <table className="board-table">
                <thead>
                  <tr>
                    <th>{t.number}</th>
                    <th>{t.counter}</th>
                  </tr>
                </thead>
                <tbody>
                  {recent.slice(0, board.data && board.data.services.length > 0 ? 3 : 6).map((c, i) => (
                    <tr key={`${c.at}-${i}`}>
                      <td className="board-table-number">
                        {c.display}
                        {c.recall && <small className="board-recall"> {t.recall}</small>}
                      </td>
                      <td>{toPersianDigits(c.counterNumber)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {board.data && <CounterStates serving={board.data.serving} />}
        </div>
        {board.data && board.data.services.length > 0 && (
          <section className="board-services" aria-labelledby="board-services-title">
            <h2 id="board-services-title">{t.servicesTitle}</h2>
            <ul>
              {board.data.services.map((s) => (
                <li key={s.prefix}>
                  <span className="board-service-prefix">{s.prefix}</span>
                  <span className="board-service-name">{s.name}</span>
                  <span className="board-service-waiting">{t.waiting(toPersianDigits(s.waiting))}</span>
                  <span className="board-service-estimate">{s.waiting === 0 || s.estimatedWaitMinutes === null ? t.noWait : t.estimate(toPersianDigits(s.estimatedWaitMinutes))}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}

type Serving = ProcedureOutput<'queue.board'>['serving'];

/** Who is on the way to which counter («فراخوانده شده»), apart from who is being served there. */
function CounterStates({ serving }: { serving: Serving }) {
  const t = fa.board;
  const groups = [
    { key: 'called', title: t.called, rows: serving.filter((s) => s.status === 'called') },
    { key: 'serving', title: t.serving, rows: serving.filter((s) => s.status === 'serving') },
  ].filter((g) => g.rows.length > 0);
  return (
    <>
      {groups.map((g) => (
        <section key={g.key} className={`board-serving board-serving-${g.key}`} aria-labelledby={`board-${g.key}-title`}>
          <h2 id={`board-${g.key}-title`}>{g.title}</h2>
          <ul>
            {g.rows.map((s) => (
              <li key={s.counterNumber}>
                <span>{t.counterN(toPersianDigits(s.counterNumber))}</span>
                <strong>{s.display}</strong>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
