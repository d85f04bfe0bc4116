import { useEffect, useState, type ReactNode } from 'react';
import { useAction } from '../app/useAction';
import { FormError } from '../components/FormFooter';
import { savePdf } from '../app/download';
import { fa } from '../i18n/fa';
import { DocumentPrintButton } from '../components/DocumentPrintButton';

type Preview = { src: string; duplicate: boolean; title: string };

/**
 * The A5 PDF and the thermal-slip preview of any receipt the counter issues — payment receipts and
 * the applicant's filing receipt. One call at a time; the PDF is downloaded, the slip opens in a
 * dialog (Esc or a click outside closes it). Every issue is recorded by the hub, and one that was
 * not the first is «المثنی»: `duplicateText` is the sentence that says so under the buttons.
 *
 * The buttons are {@link ReceiptOutputButtons}; `notes` is what goes under them: that sentence, the
 * error of a failed call, the preview.
 */
export function useReceiptOutputs(duplicateText: string) {
  const action = useAction();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!preview) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setPreview(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [preview]);

  async function pdf(call: () => Promise<{ fileName: string; pdfBase64: string; duplicate: boolean }>) {
    const res = await action.run(call);
    if (!res) return;
    savePdf(res.pdfBase64, res.fileName);
    setNotice(res.duplicate ? duplicateText : null);
  }

  async function thermal<R extends { pngBase64: string; duplicate: boolean }>(call: () => Promise<R>, title: (res: R) => string) {
    const res = await action.run(call);
    if (res) setPreview({ src: `data:image/png;base64,${res.pngBase64}`, duplicate: res.duplicate, title: title(res) });
  }

  const notes: ReactNode = (
    <>
      {notice && <p className="form-notice">{notice}</p>}
      <FormError error={action.error} />
      {preview && (
        <div className="dialog-backdrop" onClick={() => setPreview(null)}>
          <div className="card dialog receipt-preview" role="dialog" aria-modal="true" aria-label={preview.title} onClick={(e) => e.stopPropagation()}>
            <h2>{preview.title}</h2>
            {preview.duplicate && <p className="form-notice">{duplicateText}</p>}
            <img src={preview.src} alt={preview.title} />
            <button type="button" className="button" onClick={() => setPreview(null)} autoFocus>
              {fa.common.close} <kbd>Esc</kbd>
            </button>
          </div>
        </div>
      )}
    </>
  );

  return {
    busy: action.busy,
    pdf,
    thermal,
    /** forgets the preview and the «المثنی» sentence (they were of a receipt no longer shown) */
    clear: () => {
      setPreview(null);
      setNotice(null);
    },
    notes,
  };
}

export type ReceiptOutputs = ReturnType<typeof useReceiptOutputs>;

/**
 * The buttons of one receipt: its A5 PDF and the preview of its thermal slip (titled from the
 * hub's answer: a filing receipt's preview names the variant the hub issued). `printPdf`, given when
 * this counter's workstation has a document printer (useDocumentPrinter): «چاپ» first, the same A5
 * on that printer; the download stays beside it.
 */
export function ReceiptOutputButtons<P extends { fileName: string; pdfBase64: string; duplicate: boolean }, T extends { pngBase64: string; duplicate: boolean }>({
  outputs,
  pdf,
  thermal,
  previewTitle,
  labels,
  printPdf,
}: {
  outputs: ReceiptOutputs;
  pdf: () => Promise<P>;
  thermal: () => Promise<T>;
  previewTitle: (res: T) => string;
  labels: { pdf: string; thermal: string };
  printPdf?: (() => Promise<{ printer?: string | undefined; duplicate: boolean }>) | undefined;
}) {
  return (
    <>
      {printPdf && <DocumentPrintButton print={printPdf} label={fa.documentPrint.printA5} />}
      <button type="button" className="button" disabled={outputs.busy} onClick={() => void outputs.pdf(pdf)}>
        {labels.pdf}
      </button>
      <button type="button" className="button" disabled={outputs.busy} onClick={() => void outputs.thermal(thermal, previewTitle)}>
        {labels.thermal}
      </button>
    </>
  );
}
