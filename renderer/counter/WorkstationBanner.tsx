import type { AgentDevice, WorkstationView } from '../../core/api/agent';
import type { ScannerSettingInput } from '../../core/api/capture-types';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useHubData } from '../app/useHubData';
import { fa } from '../i18n/fa';

const t = fa.workstationBanner;

function joined(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join('، ')} و ${words.at(-1)}`;
}

/**
 * What the counter should know before a scan, a receipt or a card payment on its own workstation
 * (docs/WORKSTATIONS.md), or null when nothing it needs is missing. It needs the scanner when its
 * scanner setting is the workstation's; the printer and the card terminal when the agent last
 * reported them (the hub then routes receipts and sales there). `self` is null off a workstation.
 */
export function workstationNotice(self: number | null, workstations: readonly WorkstationView[], scanner: ScannerSettingInput | null): string | null {
  if (self === null) return null;
  const ws = workstations.find((w) => w.deviceId === self);
  const usesScanner = scanner?.driver === 'workstation';
  const name = toPersianDigits(ws?.name ?? '');
  if (!ws?.online) {
    const needed: AgentDevice['type'][] = [];
    if (usesScanner) needed.push('scanner');
    if (ws?.devices.some((d) => d.type === 'printer')) needed.push('printer');
    if (ws?.devices.some((d) => d.type === 'terminal')) needed.push('terminal');
    if (needed.length === 0) return null;
    // an agent never seen has no name here yet: the sentence says «this counter»
    return t.away(joined(needed.map((d) => t.devices[d])), ws ? name : 'این باجه');
  }
  if (usesScanner && !ws.devices.some((d) => d.type === 'scanner' && d.id === scanner.deviceId)) return fa.workstationErrors.WORKSTATION_DEVICE_MISSING(name);
  return null;
}

/**
 * A quiet line over the counter when its own workstation's agent, or a device the counter needs
 * from it, is not there — before the clerk starts a scan, a print or a payment. Nothing on the
 * hub's own PC or any connection that is not a paired workstation. Live on `agent.changed` (the
 * agent came, went or reported) and `capture.changed` (the counter's scanner setting).
 */
export function WorkstationBanner({ counterId }: { counterId: number | null }) {
  const { client } = useEnv();
  const agents = useHubData(() => client.call('agent.workstations', {}), ['agent.changed']);
  const scanner = useHubData(async () => (counterId === null ? null : (await client.call('scanner.get', { counterId })).setting), ['capture.changed'], [counterId]);
  // the scanner's setting not yet known (or none): only the printer and the terminal are weighed
  if (!agents.data) return null;
  const notice = workstationNotice(agents.data.self, agents.data.workstations, scanner.data);
  return notice ? (
    <p className="workstation-banner" role="status">
      {notice}
    </p>
  ) : null;
}
