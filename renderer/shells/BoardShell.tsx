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
import { hasTariff, TariffSheet, useTariffBoard, type TariffSheetPart } from '../components/TariffSheet';
import { fa } from '../i18n/fa';
import { boardPageAt, DEFAULT_BOARD_CYCLE, type BoardCycleTimes } from '../../core/queue/boardCycle';

type Call = EventPayload<'queue.called'>;

/** How long a fresh call flashes on the board (ms). */
export const FLASH_MS = 8000;

/**
 * The board's page now (core/queue/boardCycle.ts): the calls, or the tariff in force (ماده ۳۴ ت). A new
 * call turns it to the calls at once; the tariff's two parts (the office's, the judicial costs) take
 * turns, one per tariff page, so each is read large.
 */
export function useBoardCycle(lastCallAt: number | null, speaking: boolean, tariff: boolean, times: BoardCycleTimes = DEFAULT_BOARD_CYCLE): { page: 'calls' | 'tariff'; part: TariffSheetPart } {
  const [startedAt] = useState(() => Date.now());
  const [, setTick] = useState(0);
  const [turns, setTurns] = useState(0);
  const at = boardPageAt({ now: Date.now(), startedAt, lastCallAt, speaking, hasTariff: tariff }, times);
  useEffect(() => {
    if (at.nextChangeAt === null) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.max(0, at.nextChangeAt - Date.now()) + 5);
    return () => clearTimeout(timer);
  }, [at.nextChangeAt, at.page]);
  useEffect(() => {
    if (at.page === 'tariff') setTurns((n) => n + 1);
  }, [at.page]);
  return { page: at.page, part: turns % 2 === 1 ? 'office' : 'judicial' };
}

/**
 * The waiting-room display, read from five metres: dark, huge numbers, no names or ids. Each call
 * is shown at once and said by the announcer, strictly one after another; a reload restores the
 * recent calls from the hub. Between calls it shows the tariff in force, in turn with the calls.
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
  const [lastCallAt, setLastCallAt] = useState<number | null>(null);
  const tariff = useTariffBoard(now);
  const speaking = !voice.needsUserGesture && !voice.unavailable && (voice.playing !== null || voice.pending > 0);
  const cycle = useBoardCycle(lastCallAt, speaking, hasTariff(tariff.data));

  useEffect(
    () =>
      client.subscribe('queue.called', (call) => {
        setLastCallAt(Date.now());
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
    <div className="shell board-shell" data-board-page={cycle.page} data-voice-enqueued={announced} data-voice-pending={voice.pending} data-voice-playing={voice.playing ? `${voice.playing.prefix}${voice.playing.number}` : ''}>
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
      {cycle.page === 'tariff' && hasTariff(tariff.data) ? (
        <main className="board-main board-main-tariff">
          <TariffSheet board={tariff.data} parts={tariff.data.office && tariff.data.judicial ? [cycle.part] : ['office', 'judicial']} className="tariff-on-board" />
          {/* what is in progress stays in sight: the latest call and who is on the way to which counter */}
          <aside className="board-tariff-strip" aria-label={t.lastCalls}>
            {shown && (
              <span className="board-tariff-last">
                {t.number} <strong>{shown.display}</strong> {t.toCounter(toPersianDigits(shown.counterNumber))}
              </span>
            )}
            {board.data?.serving
              .filter((x) => x.status === 'called')
              .map((x) => (
                <span key={x.counterNumber} className="board-tariff-called">
                  {t.counterN(toPersianDigits(x.counterNumber))}: <strong>{x.display}</strong>
                </span>
              ))}
          </aside>
        </main>
      ) : (
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
      )}
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
