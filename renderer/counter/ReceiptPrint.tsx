import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { fa } from '../i18n/fa';

type PrinterCode = keyof typeof fa.receiptPrint.errors;

/** One Persian sentence for a failed receipt print: the printer's codes in the receipt printer's words. */
export function receiptPrintErrorText(err: unknown): string {
  if (err instanceof ApiError && err.code in fa.receiptPrint.errors) return fa.receiptPrint.errors[err.code as PrinterCode];
  return errorText(err);
}

/** Whether the manager set a receipt printer for the counter (false while asking or when asking failed). */
export function useReceiptPrinterSet(counterId: number): boolean {
  const { client } = useEnv();
  const [set, setSet] = useState(false);
  useEffect(() => {
    let live = true;
    client.call('receiptPrinter.get', { counterId }).then(
      (res) => live && setSet(res.printer !== null),
      () => live && setSet(false),
    );
    return () => {
      live = false;
    };
  }, [client, counterId]);
  return set;
}

type Message = { tone: 'ok' | 'warn' | 'error'; text: string };

/**
 * «چاپ رسید»: the receipt on the counter's thermal printer. The hub answers once the printer took
 * it (or with the printer's code); the first print of a receipt is the original, later ones «المثنی».
 * Renders the button and, after a print, one line saying how it went (both grid cells of the row).
 */
export function PrintReceiptButton({ paymentId, receiptNumber }: { paymentId: string; receiptNumber: string }) {
  const t = fa.receiptPrint;
  const { client } = useEnv();
  const [busy, setBusy] = useState(false);
  const [messages, setMessages] = useState<Message[]>([]);
  const running = useRef(false);

  async function print() {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setMessages([]);
    try {
      const res = await client.call('receipt.print', { paymentId });
      setMessages([
        { tone: 'ok', text: res.duplicate ? t.printedDuplicate(receiptNumber) : t.printed(receiptNumber) },
        ...(res.nearEnd ? [{ tone: 'warn' as const, text: t.nearEnd }] : []),
      ]);
    } catch (err) {
      setMessages([{ tone: 'error', text: receiptPrintErrorText(err) }]);
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button receipt-print" aria-disabled={busy || undefined} onClick={() => void print()}>
        {busy ? t.printing : t.print}
      </button>
      {messages.map((m) => (
        <p key={m.text} className={`receipt-print-message ${m.tone === 'error' ? 'form-error' : m.tone === 'warn' ? 'form-warning' : 'form-notice'}`} role={m.tone === 'ok' ? 'status' : 'alert'}>
          {m.text}
        </p>
      ))}
    </>
  );
}
