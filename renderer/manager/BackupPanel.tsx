import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { BackupStatus } from '../../core/api/backup';
import { formatJalaliDateTime, formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { figure } from './figures';

/** «۱۲٫۴ گیگابایت» / «۸۰۰ مگابایت». */
function size(bytes: number): string {
  return bytes >= 1e9 ? fa.manager.backup.gb(figure(Math.round(bytes / 1e8) / 10)) : fa.manager.backup.mb(figure(Math.round(bytes / 1e6)));
}

/** A failed run's problem as its one Persian sentence, naming the damaged file where there is one. */
function problemText(problem: string, detail: string | null): string {
  const errors = fa.errors as Record<string, string>;
  const base = errors[problem] ?? fa.errors.BACKUP_FAILED;
  return detail && (problem === 'BACKUP_CORRUPT' || problem === 'BACKUP_AUDIT_BROKEN') ? `${base} ${fa.dayCloseWhich[problem]}: ${detail}` : base;
}

/** «۴۰ دقیقه» or «۳ ساعت و ۵ دقیقه». */
function age(minutes: number): string {
  const h = Math.floor(minutes / 60);
  return h === 0 ? fa.manager.backup.minutes(figure(minutes)) : fa.manager.backup.hours(figure(h), figure(minutes % 60));
}

/**
 * «پشتیبان‌گیری» on the manager's dashboard (core/api/backup.ts; docs/BACKUP.md): the age of the
 * last verified backup — red past the limit in working hours, when the target is missing, filling
 * up, or the last run failed, saying which — the target folder on the hub, and «پشتیبان‌گیری اکنون».
 * While a backup runs the status is asked again every few seconds.
 */
export function BackupPanel() {
  const t = fa.manager.backup;
  const { client } = useEnv();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const live = useRef(true);
  const titleId = useId();
  const fieldId = useId();

  const load = useCallback(async () => {
    try {
      const answer = await client.call('backup.status', {});
      if (!live.current) return;
      setStatus(answer);
      setTarget((shown) => (shown === '' ? (answer.target ?? '') : shown));
    } catch (err) {
      if (live.current) setError(errorText(err));
    }
  }, [client]);

  useEffect(() => {
    live.current = true;
    void load();
    return () => void (live.current = false);
  }, [load]);

  useEffect(() => {
    if (!status?.running) return;
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [status?.running, load]);

  async function saveTarget(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const answer = await client.call('backup.setTarget', { target: target.trim() === '' ? null : target.trim() });
      if (live.current) setStatus(answer);
    } catch (err) {
      if (live.current) setError(errorText(err));
    }
  }

  async function backupNow() {
    setError(null);
    try {
      await client.call('backup.now', {});
    } catch (err) {
      if (live.current) setError(errorText(err));
    }
    await load();
  }

  const last = status?.lastRun;
  return (
    <section className={`card backup-panel${status?.red ? ' backup-panel-red' : ''}`} aria-labelledby={titleId} aria-busy={status === null}>
      <h2 id={titleId}>{t.title}</h2>
      {status && (
        <>
          <p className={status.red ? 'form-error' : 'form-notice'} role="status">
            {status.lastVerifiedAt && status.ageMinutes !== null
              ? t.lastVerified(age(status.ageMinutes), toPersianDigits(formatJalaliDateTime(status.lastVerifiedAt)))
              : t.never}
          </p>
          {status.reasons.length > 0 && (
            <ul className="backup-reasons">
              {status.reasons.map((r) => (
                <li key={r} className="field-error">
                  {r === 'old' ? t.reasons.old(age(status.maxAgeMinutes)) : t.reasons[r]}
                </li>
              ))}
            </ul>
          )}
          {last?.state === 'failed' && last.problem && (
            <p className="muted">
              {t.lastFailed(toPersianDigits(formatTime(last.finishedAt, false)))} {problemText(last.problem, last.detail)}
            </p>
          )}
          <p className="muted">
            {status.freeBytes !== null && t.free(size(status.freeBytes))}
            {status.lastBackupBytes !== null && ` ${t.size(size(status.lastBackupBytes))}`}
            {` ${t.policy(figure(status.policy.keepHourly), figure(status.policy.keepDaily), figure(status.policy.keepMonthly))}`}
          </p>
          <form className="field-row" onSubmit={(e) => void saveTarget(e)}>
            <div className="field">
              <label htmlFor={fieldId}>{t.target}</label>
              <input id={fieldId} dir="ltr" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="/media/backup" />
              <span className="field-hint">{t.targetHint}</span>
            </div>
            <div className="step-actions">
              <button type="submit" className="button">
                {t.save}
              </button>
              <button type="button" className="button button-primary" disabled={status.running || status.target === null} onClick={() => void backupNow()}>
                {status.running ? t.running : t.now}
              </button>
            </div>
          </form>
        </>
      )}
      <FormError error={error} />
    </section>
  );
}
