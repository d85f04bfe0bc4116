import { formatJalaliDateLong, formatTime } from '../../core/format/jalali';
import { useHubClock } from '../app/useHubClock';

/** Jalali date and time in the office's zone (Asia/Tehran), from the hub's clock. */
export function Clock({ className }: { className?: string }) {
  const now = useHubClock();
  return (
    <div className={`clock ${className ?? ''}`} aria-live="off">
      <span className="clock-date">{formatJalaliDateLong(now)}</span>
      <time className="clock-time" dateTime={now.toISOString()}>
        {formatTime(now)}
      </time>
    </div>
  );
}
