import { useEffect } from 'react';
import { useDocumentPrinter } from '../app/useDocumentPrinter';
import type { RequestView } from '../../core/api/request';
import { formatTrackingCode } from '../../core/format/trackingCode';
import { useEnv } from '../app/api';
import { fa } from '../i18n/fa';
import { ReceiptOutputButtons, useReceiptOutputs } from './ReceiptOutputs';
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
  const outputs = useReceiptOutputs(t.duplicate);
  const hasPrinter = useReceiptPrinterSet(request.counterId);
  const documentPrinter = useDocumentPrinter();
  const submission = request.submission;
  const final = submission?.state === 'delivered';

  // A preview or a notice of the other variant is stale once the submission is delivered.
  const { clear } = outputs;
  useEffect(() => clear(), [final]);

  if (!submission) return null;
  const requestId = request.id;
  const variantName = (v: 'provisional' | 'final') => (v === 'final' ? t.final : t.provisional);

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
        <ReceiptOutputButtons
          outputs={outputs}
          pdf={() => client.call('filingReceipt.pdf', { requestId })}
          thermal={() => client.call('filingReceipt.thermal', { requestId })}
          previewTitle={(res) => t.previewTitle(variantName(res.variant))}
          labels={{ pdf: t.pdf, thermal: t.preview }}
          printPdf={documentPrinter ? () => client.call('filingReceipt.pdf', { requestId, print: true }) : undefined}
        />
      </div>
      {outputs.notes}
    </section>
  );
}
