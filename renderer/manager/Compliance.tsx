import { useState } from 'react';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { complianceFa } from '../../core/report/statistics.fa';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { savePdf } from '../app/download';
import { errorText } from '../app/errors';
import { EmptyState } from '../components/EmptyState';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { dayShown, PeriodForm, usePeriodView } from './periodView';

const t = fa.complianceScreen;
const ts = fa.statisticsScreen;

/**
 * «انطباق با آیین‌نامه»: one row per bylaw rule the software observes, for a period — the rule and its
 * article, its status, the figures that are its evidence, its exceptions, and the console section that
 * holds them. «گرفتن PDF» prints the same with the audit chain's head.
 */
export function Compliance({ onGo }: { onGo: (section: string) => void }) {
  const { client } = useEnv();
  const view = usePeriodView((c, period) => c.call('compliance.view', period));
  const { shown, error, setError, loading } = view;
  const [busy, setBusy] = useState(false);

  async function pdf() {
    if (!shown || busy) return;
    setBusy(true);
    setError(null);
    try {
      const out = await client.call('compliance.pdf', { from: shown.from, to: shown.to });
      savePdf(out.pdfBase64, out.fileName);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="day-report compliance" aria-busy={loading}>
      <p className="field-hint">{t.intro}</p>
      <PeriodForm view={view} show={t.show} />
      <FormError error={error} />
      {!shown && !loading && !error && <EmptyState>{ts.empty}</EmptyState>}
      {shown && (
        <>
          <div className="report-head">
            <h2 id="compliance-title">
              {complianceFa.title} — {dayShown(shown.from)} تا {dayShown(shown.to)}
            </h2>
            <div className="form-actions">
              <button type="button" className="button" aria-disabled={busy || undefined} onClick={() => void pdf()}>
                {busy ? t.busy : t.pdf}
              </button>
            </div>
          </div>
          <p className="field-hint">
            {shown.auditHead ? (
              <>
                {t.auditHead(toPersianDigits(shown.auditHead.seq))} — <bdi dir="ltr">{shown.auditHead.hash.slice(0, 16)}…</bdi>
              </>
            ) : (
              complianceFa.auditHeadNone
            )}
          </p>
          <div className="table-scroll">
            <table className="table compliance-table" aria-labelledby="compliance-title">
              <thead>
                <tr>
                  <th scope="col">{t.article}</th>
                  <th scope="col">{t.rule}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.evidence}</th>
                  <th scope="col">{t.exceptions}</th>
                </tr>
              </thead>
              <tbody>
                {shown.rows.map((r) => (
                  <tr key={r.rule} data-rule={r.rule} className={`compliance-${r.status}`}>
                    <td className="compliance-article">{toPersianDigits(r.article)}</td>
                    <td>
                      {r.text}
                      <br />
                      <small className="field-hint">{toPersianDigits(r.note)}</small>
                    </td>
                    <td>
                      <span className={`badge ${r.status === 'ok' ? 'badge-ok' : r.status === 'exceptions' ? 'badge-deadline' : 'badge-off'}`}>{complianceFa.statuses[r.status]}</span>
                    </td>
                    <td>
                      <ul className="compliance-figures">
                        {r.figures.map((f, i) => (
                          <li key={i}>
                            {f.label}: <strong>{toPersianDigits(f.value)}</strong>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {r.exceptions.length === 0 ? (
                        t.none
                      ) : (
                        <details>
                          <summary>{t.showExceptions(toPersianDigits(r.exceptions.length + r.more))}</summary>
                          <ul>
                            {r.exceptions.map((x, i) => (
                              <li key={i}>
                                {toPersianDigits(x.text)}
                                {x.at && <small> — {formatJalaliDateShort(x.at)} {toPersianDigits(formatTime(x.at, false))}</small>}
                              </li>
                            ))}
                            {r.more > 0 && <li>{complianceFa.more(toPersianDigits(r.more))}</li>}
                          </ul>
                        </details>
                      )}
                      <button type="button" className="button compliance-go" onClick={() => onGo(r.link)}>
                        {t.go}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
