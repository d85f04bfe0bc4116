import { useId, useState, type FormEvent } from 'react';
import type { SyncItemView, SyncStatusView } from '../../core/api/sync';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { useHubData } from '../app/useHubData';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { sizeFa, SyncPanel, syncErrorText, useSyncStatus } from '../sync/SyncPanel';
import { DataTable } from '../components/DataTable';

/**
 * «ارسال به سامانه» for the manager: the outbox's state, this hub's enrollment with the central
 * system, every item still waiting (deadline first) with its last error, «ارسال دوباره» for what the
 * central refused or what was wrong here, and how early a deadline raises the alarm.
 */
export function SyncManager() {
  const { client } = useEnv();
  const status = useSyncStatus();
  if (status.error) return <p className="form-error">{status.error}</p>;
  if (!status.data) return <p className="muted">{fa.common.loading}</p>;
  return (
    <div className="sync-manager">
      <SyncPanel status={status.data} onReload={() => void status.reload()} />
      <SyncItems />
      <div className="sync-settings">
        {status.data.pendingEnrollment && <EnrollMismatch pending={status.data.pendingEnrollment} onDone={() => void status.reload()} />}
        <EnrollForm enrolled={status.data.enrolled} centralUrl={status.data.centralUrl} officeName={status.data.officeName} onDone={() => void status.reload()} />
        <DaysForm
          title={fa.syncManager.marginTitle}
          label={fa.syncManager.marginLabel}
          hint={fa.syncManager.marginHint}
          days={status.data.marginDays}
          save={(days) => client.call('sync.setAlarmMargin', { days })}
          onDone={() => void status.reload()}
        />
        <DaysForm
          title={fa.syncManager.retentionTitle}
          label={fa.syncManager.retentionLabel}
          hint={fa.syncManager.retentionHint}
          days={status.data.retentionDays}
          save={(days) => client.call('sync.setRetention', { days })}
          onDone={() => void status.reload()}
        />
      </div>
    </div>
  );
}

function SyncItems() {
  const t = fa.syncManager;
  const { client } = useEnv();
  const items = useHubData(() => client.call('sync.items', {}), ['sync.changed', 'request.changed']);
  const resend = useAction();
  const list: SyncItemView[] = items.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="sync-items-title">
      <h2 id="sync-items-title">{t.itemsTitle}</h2>
      {list.length === 0 ? (
        <EmptyState>{t.itemsEmpty}</EmptyState>
      ) : (
        <DataTable className="sync-items" scroll={false} columns={t.columns}>
          {list.map((i) => (
            <tr key={i.submissionId} className={i.state !== 'pending' ? 'row-bad' : i.daysLeft !== null && i.daysLeft <= 1 ? 'row-alarm' : undefined}>
              <td>{toPersianDigits(`${i.requestYear}/${i.requestNumber}`)}</td>
              <td>{i.deadline ? toPersianDigits(i.deadline) : '—'}</td>
              <td>
                {toPersianDigits(formatJalaliDateShort(i.queuedAt))} {toPersianDigits(formatTime(i.queuedAt, false))}
              </td>
              <td>{t.pagesAndSize(toPersianDigits(i.pages), sizeFa(i.bytes))}</td>
              <td>{i.sending ? t.sending : t.state[i.state]}</td>
              <td>{toPersianDigits(i.attempts)}</td>
              <td>{i.lastErrorCode ? syncErrorText(i.lastErrorCode) : '—'}</td>
              <td>
                {i.state !== 'pending' && (
                  <button
                    type="button"
                    className="button button-small"
                    disabled={resend.busy}
                    onClick={() =>
                      void resend.run(async () => {
                        await client.call('sync.resend', { submissionId: i.submissionId });
                        await items.reload();
                      })
                    }
                  >
                    {t.resend}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <FormError error={resend.error ?? items.error} />
    </section>
  );
}

function EnrollForm({ enrolled, centralUrl, officeName, onDone }: { enrolled: boolean; centralUrl: string | null; officeName: string | null; onDone: () => void }) {
  const t = fa.syncManager;
  const { client } = useEnv();
  const [url, setUrl] = useState(centralUrl ?? '');
  const [code, setCode] = useState('');
  const enroll = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const done = await enroll.run(() => client.call('sync.enroll', { centralUrl: url.trim(), code: code.trim() }));
    if (done) {
      setCode('');
      onDone();
    }
  }
  return (
    <section className="card" aria-labelledby="enroll-title">
      <h2 id="enroll-title">{t.enrollTitle}</h2>
      {enrolled ? <p className="form-notice">{t.enrolledAs(officeName ?? '', centralUrl ?? '')}</p> : <p>{t.enrollHint}</p>}
      <form onSubmit={(e) => void submit(e)}>
        <Field label={t.centralUrl} value={url} onChange={(e) => setUrl(e.target.value)} dir="ltr" placeholder="https://central.example" error={enroll.fields.centralUrl} />
        <Field label={t.code} hint={t.codeHint} value={code} onChange={(e) => setCode(e.target.value)} dir="ltr" placeholder="ABCD-EFGH-JKLM" error={enroll.fields.code} />
        <button type="submit" className="button button-primary" disabled={enroll.busy}>
          {enrolled ? t.reenroll : t.enroll}
        </button>
        <FormError error={enroll.error} />
      </form>
    </section>
  );
}

/**
 * The central answered the enrollment for an office it knows by another name or code: both are shown
 * side by side and nothing is saved until the manager keeps it (or lets it go).
 */
function EnrollMismatch({ pending, onDone }: { pending: NonNullable<SyncStatusView['pendingEnrollment']>; onDone: () => void }) {
  const t = fa.syncManager;
  const { client } = useEnv();
  const action = useAction();
  const rows = [
    { label: t.mismatchHere, office: pending.local },
    { label: t.mismatchCentral(pending.centralUrl), office: pending.central },
  ];
  async function decide(keep: boolean) {
    const done = await action.run(() => client.call(keep ? 'sync.confirmEnrollment' : 'sync.cancelEnrollment', { token: pending.token }));
    if (done) onDone();
  }
  return (
    <section className="card card-warning enroll-mismatch" role="alert" aria-labelledby="enroll-mismatch-title">
      <h2 id="enroll-mismatch-title">{t.mismatchTitle}</h2>
      <DataTable scroll={false} columns={[null, t.mismatchName, t.mismatchCode]}>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{toPersianDigits(r.office.name)}</td>
            <td>{toPersianDigits(r.office.code)}</td>
          </tr>
        ))}
      </DataTable>
      <p>{t.mismatchHint}</p>
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void decide(true)}>
          {t.mismatchConfirm}
        </button>
        <button type="button" className="button" disabled={action.busy} onClick={() => void decide(false)}>
          {t.mismatchCancel}
        </button>
      </div>
      <FormError error={action.error} />
    </section>
  );
}

/** A number of days, typed in any digits, saved by `save`. */
function DaysForm({ title, label, hint, days, save, onDone }: { title: string; label: string; hint: string; days: number; save: (days: number) => Promise<unknown>; onDone: () => void }) {
  const [value, setValue] = useState(toPersianDigits(days));
  const action = useAction();
  const id = useId();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await action.run(() => save(Number(toLatinDigits(value.trim()))))) onDone();
  }
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <Field label={label} hint={hint} value={value} onChange={(e) => setValue(e.target.value)} inputMode="numeric" error={action.fields.days} />
        <button type="submit" className="button" disabled={action.busy}>
          {fa.common.save}
        </button>
        <FormError error={action.error} />
      </form>
    </section>
  );
}
