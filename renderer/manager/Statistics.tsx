import { useState } from 'react';
import type { StatisticsFormat, StatisticsRequestView } from '../../core/api/statistics';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { statisticsTables, type Cell } from '../../core/report/statisticsTables';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { saveFile } from '../app/download';
import { errorText } from '../app/errors';
import { useHubData } from '../app/useHubData';
import { DataTable } from '../components/DataTable';
import { EmptyState } from '../components/EmptyState';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { dayShown, PeriodForm, usePeriodView } from './periodView';

const t = fa.statisticsScreen;
const cell = (c: Cell) => (c === null ? '' : typeof c === 'number' ? toPersianDigits(String(c).replace(/\B(?=(\d{3})+(?!\d))/g, '\u066C')) : toPersianDigits(c));

export { dayShown, defaultPeriod, parsePeriod } from './periodView';

/** «۳ روز مانده», «مهلت امروز است», «۲ روز گذشته». */
export function daysLeftText(n: number): string {
  return n > 0 ? t.daysLeft(toPersianDigits(n)) : n === 0 ? t.dueToday : t.overdue(toPersianDigits(-n));
}

function saveBase64(base64: string, mime: string, fileName: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  saveFile(new Blob([bytes], { type: mime }), fileName, 60_000);
}

/** The statistics package (ماده ۳۵ ب): a period, its tables, its files; below, the central's requests. */
export function Statistics() {
  const { client } = useEnv();
  const view = usePeriodView((c, period) => c.call('statistics.package', period));
  const { shown, error, setError, loading } = view;
  const [busy, setBusy] = useState<StatisticsFormat | null>(null);

  async function download(format: StatisticsFormat) {
    if (!shown || busy) return;
    setBusy(format);
    setError(null);
    try {
      const file = await client.call('statistics.export', { from: shown.from, to: shown.to, format });
      saveBase64(file.base64, file.mime, file.fileName);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="day-report statistics" aria-busy={loading}>
      <p className="field-hint">{t.intro}</p>
      <PeriodForm view={view} show={t.show} />
      <FormError error={error} />
      {!shown && !loading && !error && <EmptyState>{t.empty}</EmptyState>}
      {shown && (
        <>
          <div className="report-head">
            <h2 id="statistics-title">{t.title(dayShown(shown.from), dayShown(shown.to))}</h2>
            <div className="form-actions">
              {(['pdf', 'csv', 'xlsx'] as const).map((f) => (
                <button key={f} type="button" className="button" aria-disabled={busy !== null || undefined} onClick={() => void download(f)}>
                  {busy === f ? t.busy : t[f]}
                </button>
              ))}
            </div>
          </div>
          {statisticsTables(shown).map((table, i) => (
            <section key={i} aria-labelledby={`stat-${i}-title`}>
              <h3 id={`stat-${i}-title`}>{table.title}</h3>
              {table.rows.length === 0 && (table.columns.length === 0 || table.empty) ? (
                <p>{table.empty}</p>
              ) : (
                <DataTable
                  labelledBy={`stat-${i}-title`}
                  columns={table.columns.map((label) => ({ label }))}
                  foot={
                    table.total && (
                      <tfoot>
                        <tr className="total-row">
                          {table.total.map((c, j) => (j === 0 ? <th key={j} scope="row">{cell(c)}</th> : <td key={j}>{cell(c)}</td>))}
                        </tr>
                      </tfoot>
                    )
                  }
                >
                  {table.rows.map((row, r) => (
                    <tr key={r}>
                      {row.map((c, j) => (
                        <td key={j} className={typeof c === 'number' ? 'number-cell' : undefined}>
                          {cell(c)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </DataTable>
              )}
            </section>
          ))}
        </>
      )}
      <StatisticsRequests />
    </div>
  );
}

/** The central's requests: period, due, days left, state; «ارسال آمار» for one not sent. */
export function StatisticsRequests() {
  const { client } = useEnv();
  const list = useHubData(() => client.call('statistics.requests', {}), [], [client]);
  const [sending, setSending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function send(r: StatisticsRequestView) {
    if (sending) return;
    setSending(r.id);
    setError(null);
    try {
      await client.call('statistics.send', { requestId: r.id });
      await list.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSending(null);
    }
  }

  const requests = list.data?.requests ?? [];
  return (
    <section className="card" aria-labelledby="statistics-requests-title">
      <h2 id="statistics-requests-title">{t.requestsTitle}</h2>
      <FormError error={error} />
      {requests.length === 0 ? (
        <p>{t.requestsEmpty}</p>
      ) : (
        <DataTable labelledBy="statistics-requests-title" columns={[{ label: t.period }, { label: t.due }, { label: t.state }, { label: '' }]}>
          {requests.map((r) => (
            <tr key={r.id}>
              <td>
                {dayShown(r.from)} — {dayShown(r.to)}
              </td>
              <td>
                {formatJalaliDateShort(r.dueAt)} {toPersianDigits(formatTime(r.dueAt, false))}
                <br />
                <small>{r.state === 'sent' ? '' : daysLeftText(r.daysLeft)}</small>
              </td>
              <td>
                {t.states[r.state]}
                {r.late && <strong className="badge badge-deadline">{t.late}</strong>}
              </td>
              <td>
                {r.state === 'waiting' && (
                  <button type="button" className="button button-primary" aria-disabled={sending !== null || undefined} onClick={() => void send(r)}>
                    {sending === r.id ? t.sending : t.send}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** On the dashboard: each request not yet sent, with its days left; nothing when none waits. */
export function StatisticsDue({ onGo }: { onGo: () => void }) {
  const { client } = useEnv();
  const list = useHubData(() => client.call('statistics.requests', {}), [], [client]);
  const due = (list.data?.requests ?? []).filter((r) => r.state !== 'sent');
  if (due.length === 0) return null;
  return (
    <section className="card" aria-labelledby="statistics-due-title">
      <h2 id="statistics-due-title">{t.dashboardTitle}</h2>
      <div className="sync-alarms" role="alert">
        <ul>
          {due.map((r) => (
            <li key={r.id}>{t.dashboardWarn(`${dayShown(r.from)} تا ${dayShown(r.to)}`, daysLeftText(r.daysLeft))}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="button button-primary" onClick={onGo}>
        {t.goSend}
      </button>
    </section>
  );
}
