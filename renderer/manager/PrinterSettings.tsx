import type { PrinterConfig } from '../../core/api/queue';
import { useEnv } from '../app/api';
import { fa } from '../i18n/fa';
import { NetworkPrinterFields, useNetworkPrinterForm, type NetworkPrinter } from './networkPrinter';

const DEFAULT_PORT = 9100;

const printerOf = (p: PrinterConfig): NetworkPrinter => (p.kind === 'network' ? { host: p.host, port: p.port, paper: p.paper } : null);

/** The ticket printer: none, or a thermal printer on the network; and a test print of what is saved. */
export function PrinterSettings({ printer, onSaved }: { printer: PrinterConfig; onSaved?: () => void }) {
  const { client } = useEnv();
  const t = fa.managerQueue.printer;
  const state = useNetworkPrinterForm({
    initial: printerOf(printer),
    defaultPort: DEFAULT_PORT,
    texts: t,
    save: async (p) => {
      await client.call('queue.setPrinter', { printer: p ? { kind: 'network', ...p } : { kind: 'none' } });
      onSaved?.();
      return p;
    },
    test: () => client.call('queue.testPrinter', {}),
  });
  return (
    <section className="card" aria-labelledby="printer-title">
      <h2 id="printer-title">{t.title}</h2>
      <form onSubmit={state.onSubmit} noValidate aria-labelledby="printer-title">
        <NetworkPrinterFields name="printer" state={state} texts={t} />
      </form>
    </section>
  );
}
