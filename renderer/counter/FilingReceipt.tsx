import { useEffect, useState } from 'react';
import type { RequestView } from '../../core/api/request';
import { formatTrackingCode } from '../../core/format/trackingCode';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { ReceiptPrinterButton, useReceiptPrinterSet } from './ReceiptPrint';

/**
 * The applicant's filing receipt (رسید ثبت و ارسال) of a request the counter has «ارسال»-ed. While
 * the submission waits for the central system (the WAN is often down) the applicant leaves with the
 * provisional receipt (رسید موقت), which promises the tracking code; once delivered, the final one
 * (رسید ارسال) carries it. The hub decides which at each call from the submission's state, as shown
 * here: provisional while `submission.state !== 'delivered'`.
 *
 * «چاپ رسید» on the counter's thermal printer (only when the manager set one), «پی‌دی‌اف رسید» to
 * print or keep, and the thermal slip as a preview. Like a payment receipt, every issue is recorded
 * and every one after the first of its variant is «المثنی». Nothing before «ارسال».
 */
/** `withCode` false where the tracking code is already shown large beside it (the counter's submission card). */
export function FilingReceipt({ request, withCode = true }: { request: RequestView; withCode?: boolean }) {
  const t = fa.filingReceipt;
  const { client } = useEnv();
  const action = useAction();
  const hasPrinter = useReceiptPrinterSet(request.counterId);
  const [preview, setPreview] = useState<{ src: string; duplicate: boolean; variant: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const submission = request.submission;
  const final = submission?.state === 'delivered';

  // A preview or a notice of the other variant is stale once the submission is delivered.
  useEffect(() => {
    setPreview(null);
    setNotice(null);
  }, [final]);
  useEffect(() => {
    if (!preview) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setPreview(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [preview]);

  if (!submission) return null;
  const requestId = request.id;
  const variantName = (v: 'provisional' | 'final') => (v === 'final' ? t.final : t.provisional);

  async function pdf() {
    const res = await action.run(() => client.call('filingReceipt.pdf', { requestId }));
    if (!res) return;
    const bytes = Uint8Array.from(atob(res.pdfBase64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = res.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setNotice(res.duplicate ? t.duplicate : null);
  }

  async function thermal() {
    const res = await action.run(() => client.call('filingReceipt.thermal', { requestId }));
    if (res) setPreview({ src: `data:image/png;base64,${res.pngBase64}`, duplicate: res.duplicate, variant: variantName(res.variant) });
  }

  const hint = final ? t.finalHint : submission.state === 'rejected' || submission.state === 'flagged' ? t.stuckHint : t.provisionalHint;
  return (
    <section className="receipts filing-receipt" aria-labelledby="filing-receipt-title">
      <h4 id="filing-receipt-title">
        {t.title} — <span className="filing-receipt-variant">{final ? t.final : t.provisional}</span>
      </h4>
      {withCode && final && submission.trackingCode && (
        <p className="filing-receipt-code">
          {t.trackingCode}: <bdi dir="ltr">{formatTrackingCode(submission.trackingCode)}</bdi>
        </p>
      )}
      <p className={final ? 'muted' : submission.state === 'queued' ? 'muted' : 'form-warning'}>{hint}</p>
      <div className="filing-receipt-actions">
        {hasPrinter && (
          <ReceiptPrinterButton
            print={() => client.call('filingReceipt.print', { requestId })}
            printed={(res) => (res.duplicate ? t.printedDuplicate : t.printed)(variantName(res.variant))}
            label={t.print}
          />
        )}
        <button type="button" className="button" disabled={action.busy} onClick={() => void pdf()}>
          {t.pdf}
        </button>
        <button type="button" className="button" disabled={action.busy} onClick={() => void thermal()}>
          {t.preview}
        </button>
      </div>
      {notice && <p className="form-notice">{notice}</p>}
      <FormError error={action.error} />
      {preview && (
        <div className="dialog-backdrop" onClick={() => setPreview(null)}>
          <div className="card dialog receipt-preview" role="dialog" aria-modal="true" aria-label={t.previewTitle(preview.variant)} onClick={(e) => e.stopPropagation()}>
            <h2>{t.previewTitle(preview.variant)}</h2>
            {preview.duplicate && <p className="form-notice">{t.duplicate}</p>}
            <img src={preview.src} alt={t.previewTitle(preview.variant)} />
            <button type="button" className="button" onClick={() => setPreview(null)} autoFocus>
              {fa.common.close} <kbd>Esc</kbd>
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
