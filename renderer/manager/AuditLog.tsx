import { useCallback, useEffect, useState } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import { auditActionNames, type AuditEntryView } from '../../core/api/audit';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { EmptyState } from '../components/EmptyState';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { DataTable } from '../components/DataTable';

type Action = (typeof auditActionNames)[number];
type Verdict = ProcedureOutput<'audit.verify'>;

const PAGE = 50;

/**
 * «رویدادنگاری»: the office's audit trail, newest first, filtered by kind, a page at a time; and
 * the chain check that tells the manager whether any entry was altered, and which one first.
 */
export function AuditLog() {
  const t = fa.managerAudit;
  const { client } = useEnv();
  const [action, setAction] = useState<Action | ''>('');
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [more, setMore] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const load = useAction();
  const check = useAction();

  const fetchPage = useCallback(
    async (beforeSeq?: number) => {
      const page = await load.run(() => client.call('audit.list', { limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}), ...(action ? { action } : {}) }));
      if (!page) return;
      setEntries((prev) => (beforeSeq && prev ? [...prev, ...page.entries] : page.entries));
      setMore(page.more);
    },
    [client, action], // eslint-disable-line react-hooks/exhaustive-deps
  );

  useEffect(() => {
    void fetchPage();
  }, [fetchPage]);

  async function verify() {
    const v = await check.run(() => client.call('audit.verify', {}));
    if (v) setVerdict(v);
  }

  return (
    <div className="audit-log">
      <section className="card" aria-labelledby="audit-verify-title">
        <h2 id="audit-verify-title">{t.verifyTitle}</h2>
        <p className="muted">{t.verifyHint}</p>
        <button type="button" className="button button-primary" onClick={() => void verify()} disabled={check.busy}>
          {t.verify}
        </button>
        <FormError error={check.error} />
        {verdict &&
          (verdict.ok ? (
            <p className="form-notice" role="status">
              {t.intact(toPersianDigits(verdict.entries), verdict.head.slice(0, 16))}
            </p>
          ) : (
            <p className="form-error" role="alert">
              {t.broken(toPersianDigits(verdict.brokenAt), t.problems[verdict.problem])}
            </p>
          ))}
      </section>

      <section className="card" aria-labelledby="audit-list-title">
        <div className="audit-head">
          <h2 id="audit-list-title">{t.listTitle}</h2>
          <div className="field audit-filter">
            <label htmlFor="audit-action">{t.filter}</label>
            <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value as Action | '')}>
              <option value="">{t.all}</option>
              {auditActionNames.map((a) => (
                <option key={a} value={a}>
                  {t.actions[a]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <FormError error={load.error} />
        {entries === null ? (
          <EmptyState>{fa.common.loading}</EmptyState>
        ) : entries.length === 0 ? (
          <EmptyState>{t.empty}</EmptyState>
        ) : (
          <DataTable className="audit-table" scroll={false} columns={[t.columns.seq, t.columns.at, t.columns.actor, t.columns.action, t.columns.subject, t.columns.reason, t.columns.detail]}>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td className="number-cell">{toPersianDigits(e.seq)}</td>
                <td>
                  <time dateTime={e.at}>
                    {formatJalaliDateShort(e.at)} {formatTime(e.at, false)}
                  </time>
                </td>
                <td>{e.actorName ?? t.actors[e.actor] ?? e.actor}</td>
                <td>{t.actions[e.action]}</td>
                <td className="audit-subject">{subjectText(e)}</td>
                <td>{e.reason ?? '—'}</td>
                <td>
                  {Object.keys(e.detail).length === 0 ? (
                    '—'
                  ) : (
                    <details className="audit-detail">
                      <summary>{t.showDetail}</summary>
                      {/* as recorded (and hashed): the inspector sees exactly what the chain holds */}
                      <pre dir="ltr">{JSON.stringify(e.detail, null, 1)}</pre>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {more && entries && (
          <button type="button" className="button" disabled={load.busy} onClick={() => void fetchPage(entries[entries.length - 1]!.seq)}>
            {t.more}
          </button>
        )}
      </section>
    </div>
  );
}

/** «درخواست …۲b11», «باجهٔ ۱» — enough to find the thing, short enough for the table. */
function subjectText(e: AuditEntryView): string {
  const t = fa.managerAudit.subjects;
  if (!e.subject) return '—';
  const [kind, id = ''] = e.subject.split(':');
  switch (kind) {
    case 'request':
      return t.request(id.slice(-6));
    case 'applicant':
      return t.applicant(toPersianDigits(id));
    case 'staff':
      return t.staff(toPersianDigits(id));
    case 'counter':
      return t.counter(toPersianDigits(id));
    case 'ticket':
      return t.ticket;
    case 'tariff':
      return t.tariff(id);
    case 'ticketPrinter':
      return t.ticketPrinter;
    case 'page':
      return t.page(id.slice(-6));
    case 'document':
      return t.document(id.slice(-6));
    default:
      return e.subject;
  }
}
