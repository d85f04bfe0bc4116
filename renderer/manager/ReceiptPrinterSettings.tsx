import { useEffect, useState } from 'react';
import { RECEIPT_PRINTER_DEFAULT_PORT, type ReceiptPrinterSetting } from '../../core/api/receiptPrinter';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { EmptyState } from '../components/EmptyState';
import { receiptPrintErrorText } from '../counter/ReceiptPrint';
import { fa } from '../i18n/fa';
import { PerCounterSection, withOfficeCounters } from './PerCounterSection';
import { NetworkPrinterFields, useNetworkPrinterForm, type NetworkPrinter } from './networkPrinter';

type Counter = { id: number; number: number; active: boolean };

const printerOf = (s: ReceiptPrinterSetting | null): NetworkPrinter => (s ? { host: s.host, port: s.port, paper: s.paper } : null);

/** «چاپگر رسید باجه‌ها»: per counter, its thermal receipt printer on the network, and a test print. */
export function ReceiptPrinterSettings({ counters }: { counters: readonly Counter[] }) {
  return (
    <PerCounterSection id="receipt-printer" texts={fa.managerReceiptPrinter} counters={counters}>
      {(counterId) => <CounterReceiptPrinter counterId={counterId} />}
    </PerCounterSection>
  );
}

function CounterReceiptPrinter({ counterId }: { counterId: number }) {
  const t = fa.managerReceiptPrinter;
  const texts = { ...t, kind: t.has };
  const { client } = useEnv();
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const state = useNetworkPrinterForm({
    initial: null,
    defaultPort: RECEIPT_PRINTER_DEFAULT_PORT,
    texts,
    save: async (printer) => printerOf((await client.call('receiptPrinter.set', { counterId, printer })).printer),
    test: () => client.call('receiptPrinter.test', { counterId }),
    testErrorText: receiptPrintErrorText,
  });
  const { load } = state;

  useEffect(() => {
    let live = true;
    client.call('receiptPrinter.get', { counterId }).then(
      ({ printer }) => {
        if (!live) return;
        load(printerOf(printer));
        setLoaded(true);
      },
      (err: unknown) => live && setLoadError(errorText(err)),
    );
    return () => void (live = false);
  }, [client, counterId]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!loaded) return loadError ? <p className="form-error" role="alert">{loadError}</p> : <EmptyState>{fa.common.loading}</EmptyState>;
  return (
    <form onSubmit={state.onSubmit} noValidate aria-labelledby="receipt-printer-title">
      {state.form.kind === 'none' && <p className="muted">{t.notSet}</p>}
      <NetworkPrinterFields name="receipt-printer" state={state} texts={texts} />
    </form>
  );
}

/** The receipt printers on their own, for «تنظیمات», next to the card terminals. */
export const CounterReceiptPrinterSettings = withOfficeCounters((counters) => <ReceiptPrinterSettings counters={counters} />);
