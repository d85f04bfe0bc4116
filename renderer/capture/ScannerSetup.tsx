import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ScannerSettingInput } from '../../core/api/capture';
import type { ScanProfile } from '../../core/api/capture';
import { colorModes, documentTypes, scanDrivers, scanResolutions, scanSources } from '../../core/api/capture';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { FormError, FormNotice } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { useDialogKeys } from '../components/useDialogKeys';
import { useHubData } from '../app/useHubData';
import { DataTable } from '../components/DataTable';
import { DialogActions } from '../components/DialogActions';

const RESOLUTIONS = scanResolutions;

/**
 * The counter's scanner: a driver, one of the devices it finds (or a typed address — an eSCL
 * scanner's URL, the scan-to-folder path), and the defaults for each scan. Remembered per counter.
 */
export function ScannerSetup({ counterId, current, onClose, onSaved }: { counterId: number; current: ScannerSettingInput | null; onClose: () => void; onSaved: () => void }) {
  const t = fa.scannerSetup;
  const { client } = useEnv();
  const [driver, setDriver] = useState<ScannerSettingInput['driver']>(current?.driver ?? 'escl');
  const [deviceId, setDeviceId] = useState(current?.deviceId ?? '');
  const [label, setLabel] = useState(current?.label ?? '');
  const [source, setSource] = useState<ScannerSettingInput['source']>(current?.source ?? 'adf');
  const [dpi, setDpi] = useState(current?.dpi ?? 300);
  const [colorMode, setColorMode] = useState<ScannerSettingInput['colorMode']>(current?.colorMode ?? 'grey');
  const [devices, setDevices] = useState<{ id: string; label: string; model: string | null }[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [tested, setTested] = useState<{ model: string | null } | null>(null);
  const search = useAction();
  const save = useAction();
  const ref = useRef<HTMLDivElement>(null);

  useDialogKeys(ref, onClose, 'select');

  const find = (address?: string) =>
    void search.run(async () => {
      setDevices(null);
      setTested(null);
      setSearchError(null);
      const res = await client.call('scanner.devices', { driver, ...(address ? { address } : {}) });
      setDevices(res.devices);
      // a typed address answered: say which scanner it is (eSCL's MakeAndModel)
      if (address && res.devices[0]) setTested({ model: res.devices[0].model });
      if (res.errorCode) setSearchError(fa.capture.jobErrors[res.errorCode]);
      else if (res.devices.length === 0) setSearchError(t.noneFound);
      const first = res.devices[0];
      if (first && !deviceId) {
        setDeviceId(first.id);
        setLabel(first.label);
      }
    });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await save.run(() => client.call('scanner.set', { counterId, setting: { driver, deviceId: deviceId.trim(), label: label.trim() || deviceId.trim(), source, dpi, colorMode } }));
    if (ok) onSaved();
  }

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div ref={ref} className="card dialog dialog-wide" role="dialog" aria-modal="true" aria-label={t.title} onClick={(e) => e.stopPropagation()}>
        <h2>{t.title}</h2>
        <form onSubmit={submit} noValidate>
          <div className="field-row">
            <div className="field">
              <label htmlFor="scanner-driver">{t.driver}</label>
              <select
                id="scanner-driver"
                value={driver}
                onChange={(e) => {
                  setDriver(e.target.value as ScannerSettingInput['driver']);
                  setDevices(null);
                  setDeviceId('');
                }}
              >
                {scanDrivers.map((d) => (
                  <option key={d} value={d}>
                    {t.drivers[d]}
                  </option>
                ))}
              </select>
              <small className="field-hint">{t.driverHints[driver]}</small>
            </div>
            <div className="field">
              <label htmlFor="scanner-address">{t.address[driver]}</label>
              <input id="scanner-address" dir="ltr" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} placeholder={t.addressPlaceholder[driver]} />
            </div>
          </div>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => find()} disabled={search.busy}>
              {search.busy ? t.searching : t.search}
            </button>
            {deviceId.trim() !== '' && (
              <button type="button" className="button" onClick={() => find(deviceId.trim())} disabled={search.busy}>
                {t.test}
              </button>
            )}
          </div>
          {tested && (
            <p className="scanner-model" role="status">
              {tested.model ? t.model(tested.model) : t.noModel}
            </p>
          )}
          {devices && devices.length > 0 && (
            <ul className="scanner-devices" aria-label={t.found}>
              {devices.map((d) => (
                <li key={d.id}>
                  <label>
                    <input
                      type="radio"
                      name="scanner-device"
                      checked={deviceId === d.id}
                      onChange={() => {
                        setDeviceId(d.id);
                        setLabel(d.label);
                      }}
                    />{' '}
                    {d.label} <span className="muted" dir="ltr">{d.id}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {searchError && <p className="form-error">{searchError}</p>}
          <FormError error={search.error} />
          <div className="field-row">
            <div className="field">
              <label htmlFor="scanner-label">{t.label}</label>
              <input id="scanner-label" value={label} onChange={(e) => setLabel(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="scanner-source">{fa.capture.source}</label>
              <select id="scanner-source" value={source} onChange={(e) => setSource(e.target.value as ScannerSettingInput['source'])}>
                {scanSources.map((s) => (
                  <option key={s} value={s}>
                    {fa.capture.sources[s]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="scanner-dpi">{t.dpi}</label>
              <select id="scanner-dpi" value={dpi} onChange={(e) => setDpi(Number(e.target.value))}>
                {RESOLUTIONS.map((r) => (
                  <option key={r} value={r}>
                    {toPersianDigits(r)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="scanner-color">{t.colorMode}</label>
              <select id="scanner-color" value={colorMode} onChange={(e) => setColorMode(e.target.value as ScannerSettingInput['colorMode'])}>
                {colorModes.map((c) => (
                  <option key={c} value={c}>
                    {t.colorModes[c]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <FormError error={save.error} />
          <DialogActions submit={t.save} disabled={save.busy || deviceId.trim() === ''} onClose={onClose} />
        </form>
        <ScanProfiles />
      </div>
    </div>
  );
}

/**
 * The office's scan profiles, one per document type (resolution, colour, paper input): the counter's
 * «اسناد» step starts each scan with the profile of the type chosen. Only a manager may save them
 * (the hub refuses anyone else, and the message says so).
 */
function ScanProfiles() {
  const t = fa.scannerSetup;
  const { client } = useEnv();
  const stored = useHubData(() => client.call('scanProfiles.get', {}), [], []);
  const [draft, setDraft] = useState<Partial<Record<ScanProfile['documentType'], ScanProfile>> | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const current = draft ?? Object.fromEntries((stored.data?.profiles ?? []).map((p) => [p.documentType, p]));
  const change = (type: ScanProfile['documentType'], next: ScanProfile | null) => {
    setSaved(false);
    const copy = { ...current };
    if (next) copy[type] = next;
    else delete copy[type];
    setDraft(copy);
  };
  const submit = () =>
    void save.run(async () => {
      const profiles = documentTypes.flatMap((d) => (current[d] ? [current[d]] : []));
      await client.call('scanProfiles.set', { profiles });
      setDraft(null);
      setSaved(true);
      await stored.reload();
    });
  return (
    <section className="scan-profiles" aria-labelledby="scan-profiles-title">
      <h3 id="scan-profiles-title">{t.profilesTitle}</h3>
      <p className="field-hint">{t.profilesHint}</p>
      <DataTable className="scan-profile-table" scroll={false} columns={[fa.capture.documentType, t.profileColumns.dpi, t.profileColumns.colorMode, t.profileColumns.source]}>
        {documentTypes.map((d) => {
          const p = current[d] ?? null;
          const name = fa.documentTypes[d];
          return (
            <tr key={d}>
              <th scope="row">
                <label>
                  <input type="checkbox" checked={p !== null} onChange={(e) => change(d, e.target.checked ? { documentType: d, dpi: 300, colorMode: 'grey', source: 'adf' } : null)} aria-label={t.profileFor(name)} /> {name}
                </label>
              </th>
              <td>
                <select aria-label={t.profileField(name, t.profileColumns.dpi)} disabled={!p} value={p?.dpi ?? ''} onChange={(e) => p && change(d, { ...p, dpi: Number(e.target.value) })}>
                  {!p && <option value="">{t.profileNone}</option>}
                  {RESOLUTIONS.map((r) => (
                    <option key={r} value={r}>
                      {toPersianDigits(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={t.profileField(name, t.profileColumns.colorMode)} disabled={!p} value={p?.colorMode ?? ''} onChange={(e) => p && change(d, { ...p, colorMode: e.target.value as ScanProfile['colorMode'] })}>
                  {!p && <option value="">—</option>}
                  {colorModes.map((c) => (
                    <option key={c} value={c}>
                      {t.colorModes[c]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={t.profileField(name, t.profileColumns.source)} disabled={!p} value={p?.source ?? ''} onChange={(e) => p && change(d, { ...p, source: e.target.value as ScanProfile['source'] })}>
                  {!p && <option value="">—</option>}
                  {scanSources.map((s) => (
                    <option key={s} value={s}>
                      {fa.capture.sources[s]}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          );
        })}
      </DataTable>
      <FormError error={save.error ?? stored.error} />
      <FormNotice notice={saved && t.profilesSaved} />
      <div className="dialog-actions">
        <button type="button" className="button" disabled={save.busy || draft === null} onClick={submit}>
          {t.saveProfiles}
        </button>
      </div>
    </section>
  );
}
