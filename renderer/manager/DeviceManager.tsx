import { useState, type FormEvent } from 'react';
import type { DeviceView } from '../../core/api/device';
import { formatFingerprint } from '../../core/format/fingerprint';
import { formatJalaliDateShort, formatJalaliDateTime, formatTime } from '../../core/format/jalali';
import { deviceKinds, type DeviceKind } from '../../core/roles';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { useHubData } from '../app/useHubData';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { FormError, FormNotice } from '../components/FormFooter';
import { ReasonDialog } from '../components/ReasonDialog';
import { fa } from '../i18n/fa';
import { groupCode } from '../screens/PairingScreen';
import { DataTable } from '../components/DataTable';
import { Workstations } from './Workstations';
import { StandbyHub } from './StandbyHub';
import { AppUpdates } from './AppUpdates';

const t = fa.devices;
const when = (iso: string) => toPersianDigits(formatJalaliDateTime(iso));

/**
 * «دستگاه‌های شبکهٔ دفتر» (docs/SECURITY.md § Devices on the LAN): every paired device with when, by
 * whom and from where, its last contact and its open sessions; revoking one with a reason; a new
 * one-time code for a device of a kind; the counters' and kiosks' PCs with their device agents
 * (Workstations.tsx); and the office certificate a browser must trust.
 */
export function DeviceManager() {
  const { client } = useEnv();
  const data = useHubData(() => client.call('device.list', {}), ['device.changed']);
  const [revoking, setRevoking] = useState<DeviceView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (data.error) return <p className="form-error">{data.error}</p>;
  if (!data.data) return <p className="muted">{fa.common.loading}</p>;
  const { devices, codes, certificate } = data.data;
  return (
    <div className="device-manager">
      <section className="card" aria-labelledby="devices-title">
        <h2 id="devices-title">{t.managerTitle}</h2>
        <p className="muted">{t.managerIntro}</p>
        <FormNotice notice={notice} />
        {devices.length === 0 ? (
          <EmptyState>{t.empty}</EmptyState>
        ) : (
          <DataTable className="devices-table" scroll={false} columns={t.columns}>
            {devices.map((d) => (
              <tr key={d.id} className={d.revokedAt ? 'row-muted' : undefined}>
                <td>{toPersianDigits(d.name)}</td>
                <td>{t.kinds[d.kind]}</td>
                <td>
                  {when(d.pairedAt)}
                  <div className="muted device-note">{t.pairedBy(d.pairedBy)}</div>
                </td>
                <td>
                  {d.lastSeenAt ? when(d.lastSeenAt) : '—'}
                  {d.lastAddress && (
                    <div className="muted device-note" dir="ltr">
                      {d.lastAddress}
                    </div>
                  )}
                </td>
                <td>
                  {d.revokedAt ? (
                    <>
                      <span className="badge badge-off">{t.revoked}</span> {when(d.revokedAt)}
                      <div className="muted device-note">{toPersianDigits(`${d.revokedReason ?? ''}${d.revokedBy ? ` — ${d.revokedBy}` : ''}`)}</div>
                    </>
                  ) : (
                    <>
                      <span className="badge badge-ok">{t.active}</span> <span className="muted device-note">{toPersianDigits(t.openSessions(d.openSessions))}</span>
                    </>
                  )}
                </td>
                <td>
                  {!d.revokedAt && (
                    <button type="button" className="button button-danger button-small" onClick={() => (setNotice(null), setRevoking(d))}>
                      {t.revoke}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <Workstations devices={devices} />
      <StandbyHub devices={devices} />
      <AppUpdates />
      <div className="device-side">
        <NewDevice codes={codes} />
        <section className="card" aria-labelledby="office-cert-title">
          <h2 id="office-cert-title">{t.certificateTitle}</h2>
          <p className="muted">{t.certificateIntro}</p>
          <p>
            {t.fingerprint} (<span dir="ltr">SHA-256</span>):
          </p>
          <code className="fingerprint" dir="ltr">
            {formatFingerprint(certificate.fingerprint)}
          </code>
          <p className="muted device-note">{t.validUntil(toPersianDigits(formatJalaliDateShort(certificate.notAfter)))}</p>
          <a className="button" download="daftaryar-office-ca.crt" href={`data:application/x-x509-ca-cert;base64,${btoa(certificate.pem)}`}>
            {t.download}
          </a>
        </section>
      </div>
      {revoking && (
        <RevokeDialog
          device={revoking}
          onClose={(message) => {
            setRevoking(null);
            if (message) setNotice(message);
          }}
        />
      )}
    </div>
  );
}

function NewDevice({ codes }: { codes: { id: number; kind: DeviceKind; name: string; expiresAt: string }[] }) {
  const { client } = useEnv();
  const [kind, setKind] = useState<DeviceKind>('counter');
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<{ id: number; code: string; name: string; expiresAt: string } | null>(null);
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const out = await action.run(() => client.call('device.issueCode', { kind, name }));
    if (out) {
      setIssued({ id: out.id, code: out.code, name, expiresAt: out.expiresAt });
      setName('');
    }
  }
  const withdraw = async (id: number) => {
    await action.run(() => client.call('device.withdrawCode', { id }));
    if (issued?.id === id) setIssued(null);
  };
  const stillOpen = issued && codes.some((c) => c.id === issued.id);
  return (
    <section className="card" aria-labelledby="new-device-title">
      <h2 id="new-device-title">{t.newTitle}</h2>
      {stillOpen && issued ? (
        <div className="pairing-issued" role="status">
          <p>{t.codeTitle(toPersianDigits(issued.name))}</p>
          <p className="pairing-code-big" dir="ltr">
            {toPersianDigits(groupCode(issued.code))}
          </p>
          <p className="muted device-note">{t.codeUntil(toPersianDigits(formatTime(issued.expiresAt, false)))}</p>
          <button type="button" className="button" onClick={() => void withdraw(issued.id)}>
            {t.withdraw}
          </button>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="new-device-form">
          <div className="field">
            <label htmlFor="new-device-kind">{t.kind}</label>
            <select id="new-device-kind" value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)}>
              {deviceKinds.map((k) => (
                <option key={k} value={k}>
                  {t.kinds[k]}
                </option>
              ))}
            </select>
          </div>
          <Field label={t.name} hint={t.nameHint} value={name} error={action.fields.name} onChange={(e) => setName(e.target.value)} required />
          <button type="submit" className="button button-primary" disabled={action.busy}>
            {t.issue}
          </button>
        </form>
      )}
      <FormError error={action.error} />
      {codes.filter((c) => c.id !== issued?.id).length > 0 && (
        <>
          <h3>{t.openCodes}</h3>
          <ul className="open-codes">
            {codes
              .filter((c) => c.id !== issued?.id)
              .map((c) => (
                <li key={c.id}>
                  {toPersianDigits(c.name)} — {t.kinds[c.kind]} — {t.openUntil(toPersianDigits(formatTime(c.expiresAt, false)))}
                  <button type="button" className="button button-small" onClick={() => void withdraw(c.id)}>
                    {t.withdraw}
                  </button>
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}

function RevokeDialog({ device, onClose }: { device: DeviceView; onClose: (message?: string) => void }) {
  const { client } = useEnv();
  const name = toPersianDigits(device.name);
  return (
    <ReasonDialog
      title={t.revokeTitle(name)}
      note={t.revokeWarning}
      danger
      label={t.reason}
      hint={t.reasonHint}
      submit={t.revoke}
      cancel={t.cancel}
      act={async (reason, run) => ((await run(() => client.call('device.revoke', { deviceId: device.id, reason }))) ? t.revokedDone(name) : undefined)}
      onClose={onClose}
    />
  );
}
