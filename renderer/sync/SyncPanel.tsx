import type { SyncStatusView } from '../../core/api/sync';
import { formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { useConnectionStatus, useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { useHubClock } from '../app/useHubClock';
import { useHubData } from '../app/useHubData';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';

/** «۱٫۲ مگابایت», «۳۴۰ کیلوبایت»: what is left to upload, at a glance. */
export function sizeFa(bytes: number): string {
  const t = fa.sync;
  if (bytes >= 1024 * 1024) return t.megabytes(toPersianDigits((bytes / (1024 * 1024)).toFixed(1).replace('.', '٫')));
  return t.kilobytes(toPersianDigits(String(Math.max(Math.ceil(bytes / 1024), bytes > 0 ? 1 : 0))));
}

/** One Persian sentence for the outbox's last error (the central's code, or trouble below HTTP). */
export function syncErrorText(code: string): string {
  const known = fa.sync.errors as Record<string, string>;
  if (known[code]) return known[code];
  if (/^HTTP_5\d\d$/.test(code)) return known.INTERNAL!;
  return fa.sync.errors.UNKNOWN;
}

/** The link's state as the status bar and the panel name it. */
export function linkText(status: SyncStatusView): string {
  return fa.sync.link[status.link];
}

/** The outbox status, kept current by the `sync.changed` event. */
export function useSyncStatus() {
  const { client } = useEnv();
  return useHubData(() => client.call('sync.status', {}), ['sync.changed', 'request.changed']);
}

/**
 * The outbox at a glance (counter and manager): the link, what waits and how much is left to upload,
 * the item being sent, the last error in Persian, the next retry, and the deadline alarms first of all
 * (ماده ۳۸ الف: an unjustified delay in a deadline-bound matter is a violation).
 */
export function SyncPanel({ status, onReload }: { status: SyncStatusView; onReload: () => void }) {
  const t = fa.sync;
  const { client } = useEnv();
  const hubNow = useHubClock();
  // a retry time already past means «now»: shown only while the outbox really waits (offline, backing off)
  const waiting = status.enrolled && status.pending > 0 && status.nextRetryAt !== null && Date.parse(status.nextRetryAt) > hubNow.getTime();
  const retry = useAction();
  const current = status.current;
  return (
    <section className={`card sync-panel sync-${status.link}`} aria-labelledby="sync-panel-title">
      <header className="sync-panel-header">
        <h2 id="sync-panel-title">{t.title}</h2>
        <span className={`badge sync-link sync-link-${status.link}`} role="status">
          {linkText(status)}
        </span>
      </header>
      {status.alarms.length > 0 && (
        <div className="sync-alarms" role="alert">
          <strong>{t.alarmTitle}</strong>
          <ul>
            {status.alarms.map((a) => (
              <li key={a.submissionId}>
                {t.alarmLine(toPersianDigits(`${a.requestYear}/${a.requestNumber}`), toPersianDigits(a.deadline), a.daysLeft < 0 ? t.deadlinePassed : a.daysLeft === 0 ? t.deadlineToday : t.daysLeft(toPersianDigits(a.daysLeft)))}
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="sync-figures">
        <div>
          <dt>{t.pending}</dt>
          <dd>{toPersianDigits(status.pending)}</dd>
        </div>
        <div>
          <dt>{t.deadlineBound}</dt>
          <dd>{toPersianDigits(status.deadlineBound)}</dd>
        </div>
        <div>
          <dt>{t.bytesLeft}</dt>
          <dd>{sizeFa(status.bytesLeft)}</dd>
        </div>
        {status.rejected + status.flagged > 0 && (
          <div className="sync-figure-bad">
            <dt>{t.needsPerson}</dt>
            <dd>{toPersianDigits(status.rejected + status.flagged)}</dd>
          </div>
        )}
      </dl>
      {current && (
        <div className="sync-current">
          <span>{t.sending(toPersianDigits(`${current.requestYear}/${current.requestNumber}`), toPersianDigits(current.progress.pagesDone), toPersianDigits(current.progress.pagesTotal))}</span>
          <progress max={Math.max(current.progress.bytesTotal, 1)} value={current.progress.bytesDone} aria-label={t.progress} />
        </div>
      )}
      {status.lastError && status.link !== 'online' && (
        <p className="form-error sync-error">
          {syncErrorText(status.lastError.code)} <span className="muted">({toPersianDigits(formatTime(status.lastError.at, false))})</span>
        </p>
      )}
      <p className="muted sync-times">
        {waiting && t.nextRetry(toPersianDigits(formatTime(status.nextRetryAt!)))}
        {status.lastDeliveredAt && ` ${t.lastDelivered(toPersianDigits(formatTime(status.lastDeliveredAt, false)))}`}
      </p>
      {status.enrolled && (
        <div className="sync-actions">
          <button
            type="button"
            className="button"
            disabled={retry.busy}
            onClick={() =>
              void retry.run(async () => {
                await client.call('sync.retryNow', {});
                onReload();
              })
            }
          >
            {t.retryNow}
          </button>
          <FormError error={retry.error} />
        </div>
      )}
      {!status.enrolled && <p className="form-notice">{t.notEnrolled}</p>}
    </section>
  );
}

/** The counter's status-bar item: the link and what waits; red when a deadline is near. */
export function SyncStatusItem({ onOpen }: { onOpen: () => void }) {
  const { data } = useSyncStatus();
  const hub = useConnectionStatus();
  if (!data) return <span>{fa.sync.statusLoading}</span>;
  // what the hub last said of the central is stale while the hub itself cannot be reached
  if (hub !== 'open') return <span className="status-bar-unknown">{fa.sync.statusLine(fa.sync.linkUnknownHubDown, '—')}</span>;
  const alarm = data.alarms.length > 0;
  return (
    <button type="button" className={`status-bar-button${alarm ? ' status-bar-alarm' : ''}`} onClick={onOpen} aria-haspopup="dialog">
      {fa.sync.statusLine(linkText(data), toPersianDigits(data.pending))}
      {alarm && ` · ${fa.sync.alarmShort(toPersianDigits(data.alarms.length))}`}
    </button>
  );
}
