import { useState, type FormEvent } from 'react';
import { formatJalaliDateTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { useHubData } from '../app/useHubData';
import { DataTable } from '../components/DataTable';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { fa } from '../i18n/fa';

const t = fa.appUpdates;
const when = (iso: string) => toPersianDigits(formatJalaliDateTime(iso));
const version = (v: string) => <bdi dir="ltr">{toPersianDigits(v)}</bdi>;

/**
 * «به‌روزرسانی رایانه‌های دفتر» (docs/UPDATES.md): the version this hub offers its workstations (per
 * platform), which version each paired counter and kiosk PC runs (as it reported at its last
 * connect) and whether it is behind, and the form that brings an update from a folder on this PC.
 * Reloaded when a device is paired or revoked, and after an import (a version a workstation reports
 * shows at the next visit: no event is sent for it).
 */
export function AppUpdates() {
  const { client } = useEnv();
  const data = useHubData(() => client.call('updates.status', {}), ['device.changed']);
  const [folder, setFolder] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const done = await action.run(() => client.call('updates.import', { folder: folder.trim() }));
    if (done) {
      setNotice(toPersianDigits(t.imported(done.available.map((a) => `${t.platforms[a.platform]} ${a.version}`).join('، '))));
      setFolder('');
      void data.reload();
    }
  }

  const status = data.data;
  return (
    <section className="card app-updates" aria-labelledby="app-updates-title">
      <h2 id="app-updates-title">{t.title}</h2>
      <p className="muted">{t.intro}</p>
      {data.error ? (
        <p className="form-error">{data.error}</p>
      ) : !status ? (
        <p className="muted">{fa.common.loading}</p>
      ) : (
        <>
          <p className="muted">{t.hubVersion(toPersianDigits(status.hubVersion))}</p>
          {status.available.length === 0 ? (
            <p role="note">{t.none}</p>
          ) : (
            <div role="note">
              <p>{t.offered}</p>
              <ul className="app-updates-offered">
                {status.available.map((a) => (
                  <li key={a.platform}>{toPersianDigits(t.offeredLine(t.platforms[a.platform], a.version, (a.bytes / 1024 / 1024).toFixed(1).replace('.', '٫')))}</li>
                ))}
              </ul>
            </div>
          )}
          {status.workstations.length === 0 ? (
            <EmptyState>{t.noWorkstations}</EmptyState>
          ) : (
            <DataTable className="app-updates-table" labelledBy="app-updates-title" columns={t.columns} scroll={false}>
              {status.workstations.map((w) => (
                <tr key={w.deviceId} data-behind={String(w.behind)}>
                  <td>
                    {toPersianDigits(w.name)}
                    <div className="muted device-note">{fa.devices.kinds[w.kind]}</div>
                  </td>
                  <td>
                    {w.appVersion === null ? '—' : version(w.appVersion)}
                    {w.reportedAt && <div className="muted device-note">{t.reportedAt(when(w.reportedAt))}</div>}
                  </td>
                  <td>
                    {w.appVersion === null ? (
                      <span className="badge badge-off">{t.neverReported}</span>
                    ) : w.behind ? (
                      <span className="badge badge-warn">{t.behind}</span>
                    ) : (
                      <span className="badge badge-ok">{t.upToDate}</span>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t.folder} hint={t.folderHint} value={folder} onChange={(e) => setFolder(e.target.value)} error={action.fields.folder} dir="ltr" autoComplete="off" spellCheck={false} />
        {notice && (
          <p className="form-notice" role="status">
            {notice}
          </p>
        )}
        <FormFooter error={action.error} busy={action.busy} label={t.import} enterKey={false} />
      </form>
    </section>
  );
}
