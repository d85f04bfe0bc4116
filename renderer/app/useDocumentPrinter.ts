import { useEnv } from './api';
import { useHubData } from './useHubData';

/**
 * The document printer (A4/A5 PDFs on the PC's print queue) of the workstation this screen runs on,
 * as its device agent last reported it — its label — or null: off a workstation, none reported, or
 * the agent away (the screen then offers the PDF's download only). Reloaded on `agent.changed`.
 */
export function useDocumentPrinter(): string | null {
  const { client } = useEnv();
  const data = useHubData(() => client.call('agent.workstations', {}), ['agent.changed']);
  const ws = data.data?.workstations.find((w) => w.deviceId === data.data?.self);
  if (!ws?.online) return null;
  return ws.devices.find((d) => d.type === 'documentPrinter')?.label ?? null;
}
