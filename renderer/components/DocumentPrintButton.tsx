import { useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { errorText } from '../app/errors';
import { fa } from '../i18n/fa';
import { toPersianDigits } from '../../core/text/digits';

type DocumentPrintCode = keyof typeof fa.documentPrint.errors;

/** One Persian sentence for a document that did not print: the queue's codes in the document printer's words. */
export function documentPrintErrorText(err: unknown): string {
  if (err instanceof ApiError && err.code in fa.documentPrint.errors) return fa.documentPrint.errors[err.code as DocumentPrintCode];
  return errorText(err);
}

/**
 * «چاپ»: a document (an A5 receipt, an A4 report) on the document printer of this screen's own
 * workstation, through its agent (docs/WORKSTATIONS.md § Documents). One print at a time; then one
 * line: printed (on which printer, «المثنی» when the hub says so), or why not.
 */
export function DocumentPrintButton({ print, label = fa.documentPrint.print }: { print: () => Promise<{ printer?: string | undefined; duplicate?: boolean }>; label?: string }) {
  const t = fa.documentPrint;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const running = useRef(false);

  async function run() {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setMessage(null);
    try {
      const res = await print();
      // the printer as the workstation named it, its digits in Persian
      const printer = toPersianDigits(res.printer ?? '');
      setMessage({ ok: true, text: res.duplicate ? t.printedDuplicate(printer) : t.printed(printer) });
    } catch (err) {
      setMessage({ ok: false, text: documentPrintErrorText(err) });
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button document-print" aria-disabled={busy || undefined} onClick={() => void run()}>
        {busy ? t.printing : label}
      </button>
      {message && (
        <p className={`document-print-message ${message.ok ? 'form-notice' : 'form-error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </>
  );
}
