import type { AgentDevice, WorkstationView } from '../../core/api/agent';
import type { DeviceView } from '../../core/api/device';
import { formatJalaliDateTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { useHubData } from '../app/useHubData';
import { FormError } from '../components/FormFooter';
import { DataTable } from '../components/DataTable';
import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';

const t = fa.devices;
const when = (iso: string) => toPersianDigits(formatJalaliDateTime(iso));
const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
const deviceOrder: Record<AgentDevice['type'], number> = { scanner: 0, printer: 1, documentPrinter: 2, terminal: 3 };

/**
 * «رایانه‌های باجه و کیوسک» (docs/WORKSTATIONS.md): each paired counter or kiosk PC, whether its
 * device agent is connected now (with its last report, or its last contact when away), its agent's
 * and contract's versions, and the scanners, printers (receipt and ticket printers apart from the document
 * printers, A4/A5 on its print queue) and card terminal it found, as it found them.
 * Refreshed when an agent comes, goes or reports (`agent.changed`) and when a device is paired or
 * revoked (`device.changed`). `devices` is the manager's device list, for the PCs no agent ever
 * came from and for each one's last contact. Where a PC reported several printers (card terminals),
 * the manager picks the one it uses (`agent.choose`); until then it is the first reported.
 */
export function Workstations({ devices }: { devices: readonly DeviceView[] }) {
  const { client } = useEnv();
  const data = useHubData(() => client.call('agent.workstations', {}), ['agent.changed', 'device.changed']);
  const paired = devices.filter((d) => (d.kind === 'counter' || d.kind === 'kiosk') && d.revokedAt === null);
  const byId = new Map<number, WorkstationView>((data.data?.workstations ?? []).map((w) => [w.deviceId, w]));
  return (
    <section className="card" aria-labelledby="workstations-title">
      <h2 id="workstations-title">{t.workstationsTitle}</h2>
      <p className="muted">{t.workstationsIntro}</p>
      {data.error ? (
        <p className="form-error">{data.error}</p>
      ) : !data.data ? (
        <p className="muted">{fa.common.loading}</p>
      ) : paired.length === 0 ? (
        <EmptyState>{t.workstationsEmpty}</EmptyState>
      ) : (
        <DataTable className="workstations-table" labelledBy="workstations-title" columns={t.workstationColumns} scroll={false}>
          {paired.map((d) => (
            <WorkstationRow key={d.id} device={d} workstation={byId.get(d.id) ?? null} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function WorkstationRow({ device, workstation: w }: { device: DeviceView; workstation: WorkstationView | null }) {
  const seen = later(device.lastSeenAt, w?.helloAt ?? null);
  const found = w ? [...w.devices].sort((a, b) => deviceOrder[a.type] - deviceOrder[b.type]) : [];
  return (
    <tr className={w?.online ? undefined : 'row-muted'} data-online={w ? String(w.online) : 'never'}>
      <td>
        {toPersianDigits(device.name)}
        <div className="muted device-note">{t.kinds[device.kind]}</div>
      </td>
      <td>
        {!w ? (
          <>
            <span className="badge badge-off">{t.agentNever}</span>
            <div className="muted device-note">{t.agentNeverNote}</div>
          </>
        ) : w.online ? (
          <>
            <span className="badge badge-ok">{t.agentOnline}</span>
            <div className="muted device-note">{t.reportedAt(when(w.helloAt))}</div>
          </>
        ) : (
          <>
            <span className="badge badge-warn">{t.agentAway}</span>
            {seen && <div className="muted device-note">{t.lastSeen(when(seen))}</div>}
          </>
        )}
      </td>
      <td>
        {w ? (
          <>
            <bdi dir="ltr">{toPersianDigits(w.agentVersion)}</bdi>
            <div className="muted device-note">{t.contract(toPersianDigits(String(w.contractVersion)))}</div>
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        {!w ? (
          '—'
        ) : found.length === 0 ? (
          <span className="muted">{t.noDevices}</span>
        ) : (
          <>
            <ul className="workstation-devices">
              {found.map((x) => (
                <li key={`${x.type}:${x.id}`}>
                  <span className="workstation-device-type">{t.deviceTypes[x.type]}:</span> <bdi>{toPersianDigits(x.label)}</bdi>
                </li>
              ))}
            </ul>
            {(['printer', 'terminal'] as const).map((type) => (
              <DeviceChoice key={type} workstation={w} type={type} />
            ))}
          </>
        )}
      </td>
    </tr>
  );
}

/** Which of several reported printers (terminals) the PC uses; nothing to choose with fewer than two. */
function DeviceChoice({ workstation: w, type }: { workstation: WorkstationView; type: 'printer' | 'terminal' }) {
  const { client } = useEnv();
  const action = useAction();
  const options = w.devices.filter((d) => d.type === type);
  const chosen = w.chosen[type];
  if (options.length < 2 && (chosen === null || options.some((d) => d.id === chosen))) return null;
  const id = `choose-${type}-${w.deviceId}`;
  const missing = chosen !== null && !options.some((d) => d.id === chosen);
  return (
    <div className="field workstation-choice">
      <label htmlFor={id}>{t.chooseLabel[type]}</label>
      <select
        id={id}
        value={chosen ?? ''}
        disabled={action.busy}
        onChange={(e) => void action.run(() => client.call('agent.choose', { deviceId: w.deviceId, type, id: e.target.value === '' ? null : e.target.value }))}
      >
        <option value="">{t.chooseFirst(toPersianDigits(options[0]?.label ?? '—'))}</option>
        {options.map((d) => (
          <option key={d.id} value={d.id}>
            {toPersianDigits(d.label)}
          </option>
        ))}
        {missing && <option value={chosen}>{t.chosenMissing}</option>}
      </select>
      <FormError error={action.error} />
    </div>
  );
}
