import { formatTime } from '../../core/format/jalali';
import type { ShellProps } from '../app/App';
import { Clock } from '../components/Clock';
import { useHubClock } from '../app/useHubClock';
import { fa } from '../i18n/fa';

/** The waiting-room display, read from five metres: dark, huge numbers, no names or ids. */
export function BoardShell({ office }: ShellProps) {
  const now = useHubClock();
  return (
    <div className="shell board-shell">
      <header className="board-header">
        <span className="board-office">{office.name}</span>
        <Clock className="board-clock" />
      </header>
      <main className="board-main">
        {/* Until the first call the big panel is a clock: a dark TV with a dash looks broken. */}
        <section className="board-now board-idle" aria-live="polite">
          <div className="board-now-number board-idle-time">{formatTime(now, false)}</div>
          <div className="board-now-label">{fa.board.waitingForFirstCall}</div>
        </section>
        <section className="board-list" aria-labelledby="board-list-title">
          <h2 id="board-list-title">{fa.board.lastCalls}</h2>
          <p className="board-empty">{fa.board.noCalls}</p>
        </section>
      </main>
    </div>
  );
}
