import { useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { fa } from '../i18n/fa';
import { useCounterDeviceSet } from './useCounterDevice';

type PrinterCode = keyof typeof fa.receiptPrint.errors;

/** One Persian sentence for a failed receipt print: the printer's codes in the receipt printer's words. */
export function receiptPrintErrorText(err: unknown): string {
  if (err instanceof ApiError && err.code in fa.receiptPrint.errors) return fa.receiptPrint.errors[err.code as PrinterCode];
  return errorText(err);
}

/** Whether the manager set a receipt printer for the counter (false while asking or when asking failed). */
export function useReceiptPrinterSet(counterId: number): boolean {
  return useCounterDeviceSet('receiptPrinter', counterId) ?? false;
}

type Message = { tone: 'ok' | 'warn' | 'error'; text: string };

/**
 * «چاپ رسید»: the receipt on the counter's thermal printer. The hub answers once the printer took
 * it (or with the printer's code); the first print of a receipt is the original, later ones «المثنی».
 * Renders the button and, after a print, one line saying how it went (both grid cells of the row).
 */
export function PrintReceiptButton({ paymentId, receiptNumber }: { paymentId: string; receiptNumber: string }) {
  const { client } = useEnv();
  const t = fa.receiptPrint;
  return (
    <ReceiptPrinterButton
      print={() => client.call('receipt.print', { paymentId })}
      printed={(res) => (res.duplicate ? t.printedDuplicate(receiptNumber) : t.printed(receiptNumber))}
    />
  );
}

/**
 * The «چاپ رسید» button of any receipt the counter prints on its thermal printer (payment receipts,
 * the applicant's filing receipt): one print at a time, then the hub's answer in one line — printed
 * (`printed` says what, original or «المثنی»), paper running low, or the printer's failure in the
 * receipt printer's own words.
 */
export function ReceiptPrinterButton<R extends { duplicate: boolean; nearEnd: boolean }>({
  print,
  printed,
  label = fa.receiptPrint.print,
}: {
  print: () => Promise<R>;
  /** the line for a print the printer took, from the hub's answer */
  printed: (res: R) => string;
  label?: string;
}) {
  const t = fa.receiptPrint;
  const [busy, setBusy] = useState(false);
  const [messages, setMessages] = useState<Message[]>([]);
  const running = useRef(false);

  async function run() {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setMessages([]);
    try {
      const res = await print();
      setMessages([{ tone: 'ok', text: printed(res) }, ...(res.nearEnd ? [{ tone: 'warn' as const, text: t.nearEnd }] : [])]);
    } catch (err) {
      setMessages([{ tone: 'error', text: receiptPrintErrorText(err) }]);
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button receipt-print" aria-disabled={busy || undefined} onClick={() => void run()}>
        {busy ? t.printing : label}
      </button>
      {messages.map((m) => (
        <p key={m.text} className={`receipt-print-message ${m.tone === 'error' ? 'form-error' : m.tone === 'warn' ? 'form-warning' : 'form-notice'}`} role={m.tone === 'ok' ? 'status' : 'alert'}>
          {m.text}
        </p>
      ))}
    </>
  );
}
