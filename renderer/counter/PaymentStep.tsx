import { useEffect, useState, type FormEvent } from 'react';
import { useDocumentPrinter } from '../app/useDocumentPrinter';
import { paymentParts, type PaymentPart, type RequestView } from '../../core/api/request';
import { formatRials, formatRialsDigits } from '../../core/format/money';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { MoneyField } from '../components/MoneyField';
import { FormFooter, FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { ReceiptOutputButtons, useReceiptOutputs } from './ReceiptOutputs';
import { PrintReceiptButton, useReceiptPrinterSet } from './ReceiptPrint';
import { useCounterDeviceSet } from './useCounterDevice';
import { RefundDialog } from './RefundDialog';

const receiptNo = (r: { year: number; number: number }) => toPersianDigits(`${r.year}/${String(r.number).padStart(6, '0')}`);

/**
 * Step 4 (ماده ۱۳ تبصره ۱): card payment only, each part of the fees on its own with its own
 * receipt. The clerk types the terminal's printed receipt; the hub checks it (exact amount, RRN
 * never seen before) and issues the receipt in the same transaction. A request whose fees came to
 * nothing is settled with a reason instead.
 */
export function PaymentStep({ request, onDone }: { request: RequestView; onDone: (r: RequestView) => void }) {
  const t = fa.desk.payment;
  const quote = request.quote!;
  const paidPart = (part: PaymentPart) => request.payments.find((p) => p.part === part);
  const due = paymentParts.filter((part) => quote.due[part] > 0);
  const open = due.filter((part) => !paidPart(part));
  const terminal = useCounterDeviceSet('terminal', request.counterId);
  const [manual, setManual] = useState(false);

  return (
    <section className="step-form" aria-labelledby="payment-title">
      <h3 id="payment-title">{t.title}</h3>
      <p className="muted">{t.hint}</p>
      <ul className="payment-parts">
        {due.map((part) => {
          const paid = paidPart(part);
          const receipt = paid && request.receipts.find((r) => r.paymentId === paid.id);
          return (
            <li key={part} className={paid ? 'payment-part payment-part-paid' : 'payment-part'}>
              <span className="payment-part-name">{t.part[part]}</span>
              <span className="payment-part-amount">{formatRials(quote.due[part])}</span>
              <span className="payment-part-status">{paid && receipt ? t.paid(receiptNo(receipt)) : t.unpaid}</span>
            </li>
          );
        })}
      </ul>
      {request.status === 'feesFixed' && open.length > 0 && (
        <>
          {terminal && <TerminalPayment key={`terminal-${open[0]}`} request={request} part={open[0]!} amount={quote.due[open[0]!]} onDone={onDone} />}
          {terminal && !manual ? (
            <button type="button" className="button button-quiet" onClick={() => setManual(true)}>
              {t.manualInstead}
            </button>
          ) : (
            <ManualPayment key={open[0]} request={request} part={open[0]!} amount={quote.due[open[0]!]} onDone={onDone} />
          )}
        </>
      )}
      {request.status === 'feesFixed' && due.length === 0 && <Waive request={request} onDone={onDone} />}
    </section>
  );
}

/**
 * The counter's card terminal (PC-POS), when the manager set one: the hub sends the exact amount to
 * the terminal and records the approval with its receipt; the clerk types nothing. While the
 * applicant swipes the card and types the PIN the screen says so; a sale the terminal never
 * answered is retried with the same button (the hub asks the terminal first, never charges twice).
 */
function TerminalPayment({ request, part, amount, onDone }: { request: RequestView; part: PaymentPart; amount: number; onDone: (r: RequestView) => void }) {
  const t = fa.desk.payment;
  const { client } = useEnv();
  const action = useAction();

  async function pay() {
    const done = await action.run(() => client.call('payment.terminal', { requestId: request.id, part }));
    if (done) onDone(done.request);
  }

  return (
    <div className="terminal-payment" aria-live="polite">
      <button type="button" className="button button-primary terminal-pay" onClick={() => void pay()} disabled={action.busy} autoFocus>
        {t.terminalPay(t.part[part]!, formatRials(amount))}
      </button>
      {action.busy && <p className="form-notice">{t.terminalWaiting}</p>}
      <FormError error={action.error} />
    </div>
  );
}

function ManualPayment({ request, part, amount, onDone }: { request: RequestView; part: PaymentPart; amount: number; onDone: (r: RequestView) => void }) {
  const t = fa.desk.payment;
  const { client } = useEnv();
  const [form, setForm] = useState({ amountRials: formatRialsDigits(amount), rrn: '', trace: '', terminalId: '', maskedCard: '', responseCode: '00' });
  const action = useAction();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const err = (key: string) => action.fields[`approval.${key}`];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const done = await action.run(() => client.call('payment.manual', { requestId: request.id, part, approval: form }));
    if (done) onDone(done.request);
  }

  return (
    <form className="manual-payment" onSubmit={submit} noValidate aria-labelledby="manual-title">
      <h4 id="manual-title">
        {t.manualTitle} — {t.part[part]}
      </h4>
      <p className="muted">{t.manualHint}</p>
      <div className="field-row">
        <MoneyField label={t.amount} value={form.amountRials} onChange={(v) => setForm((f) => ({ ...f, amountRials: v }))} error={err('amountRials')} />
        <Field label={t.rrn} value={form.rrn} onChange={set('rrn')} error={err('rrn')} inputMode="numeric" dir="ltr" autoFocus autoComplete="off" />
        <Field label={t.trace} value={form.trace} onChange={set('trace')} error={err('trace')} inputMode="numeric" dir="ltr" autoComplete="off" />
      </div>
      <div className="field-row">
        <Field label={t.terminalId} value={form.terminalId} onChange={set('terminalId')} error={err('terminalId')} dir="ltr" autoComplete="off" />
        <Field label={t.maskedCard} value={form.maskedCard} onChange={set('maskedCard')} error={err('maskedCard')} dir="ltr" autoComplete="off" />
        <Field label={t.responseCode} value={form.responseCode} onChange={set('responseCode')} error={err('responseCode')} dir="ltr" />
      </div>
      <FormFooter error={action.error} busy={action.busy} label={t.record} />
    </form>
  );
}

function Waive({ request, onDone }: { request: RequestView; onDone: (r: RequestView) => void }) {
  const t = fa.desk.payment;
  const { client } = useEnv();
  const [reason, setReason] = useState('');
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const done = await action.run(() => client.call('request.waivePayment', { requestId: request.id, reason }));
    if (done) onDone(done);
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="waive-title">
      <h4 id="waive-title">{t.waiveTitle}</h4>
      <p className="muted">{t.waiveHint}</p>
      <Field label={t.waiveReason} value={reason} onChange={(e) => setReason(e.target.value)} error={action.fields.reason} autoFocus />
      <FormFooter error={action.error} busy={action.busy} label={t.waive} enterKey={false} />
    </form>
  );
}

/** Before «ارسال»: a payment may still be given back (core/api/refund.ts); once in the outbox or sent, not. */
const REFUNDABLE = new Set(['feesFixed', 'paid', 'documentsCaptured', 'applicantConfirmed', 'originalsMatched', 'detailsComplete', 'cancelled', 'refused']);

/**
 * The receipts issued for the request: A5 PDF to print or keep, the thermal slip as a preview; a
 * receipt whose payment was given back says «ابطال شد» (and so does every later print of it), and a
 * standing one may be refunded («استرداد وجه»).
 */
export function Receipts({ request, onChange }: { request: RequestView; onChange?: (r: RequestView) => void }) {
  const t = fa.desk.receipts;
  const { client } = useEnv();
  const outputs = useReceiptOutputs(t.duplicate);
  const hasPrinter = useReceiptPrinterSet(request.counterId);
  const documentPrinter = useDocumentPrinter();
  const [refunding, setRefunding] = useState<string | null>(null);
  if (request.receipts.length === 0) return null;
  const refundOf = refunding ? request.payments.find((p) => p.id === refunding) : undefined;
  const refundable = (p: RequestView['payments'][number] | undefined, r: RequestView['receipts'][number]) => Boolean(p && !r.voided && onChange && REFUNDABLE.has(request.status));

  return (
    <section className="receipts" aria-labelledby="receipts-title">
      <h4 id="receipts-title">{t.title}</h4>
      <ul className="receipt-list">
        {request.receipts.map((r) => {
          const p = request.payments.find((x) => x.id === r.paymentId);
          return (
            <li key={r.paymentId} className={[hasPrinter ? 'receipt-printable' : '', r.voided ? 'receipt-voided' : '', refundable(p, r) ? 'receipt-refundable' : ''].filter(Boolean).join(' ') || undefined}>
              <span>{t.number(receiptNo(r))}</span>
              {r.voided ? <strong className="receipt-void-mark">{t.voided}</strong> : <span className="muted">{p ? `${fa.desk.payment.part[p.part]} — ${formatRials(p.amountRials)}` : ''}</span>}
              <ReceiptOutputButtons
                outputs={outputs}
                pdf={() => client.call('receipt.pdf', { paymentId: r.paymentId })}
                thermal={() => client.call('receipt.thermal', { paymentId: r.paymentId })}
                previewTitle={() => t.previewTitle}
                labels={t}
                printPdf={documentPrinter ? () => client.call('receipt.pdf', { paymentId: r.paymentId, print: true }) : undefined}
              />
              {hasPrinter && <PrintReceiptButton paymentId={r.paymentId} receiptNumber={receiptNo(r)} />}
              {refundable(p, r) && (
                <button type="button" className="button button-quiet receipt-refund" onClick={() => setRefunding(p!.id)}>
                  {t.refund}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {outputs.notes}
      {refundOf && (
        <RefundDialog
          payment={refundOf}
          receiptNumber={receiptNo(request.receipts.find((x) => x.paymentId === refundOf.id)!)}
          // taken on the terminal: a reversal is offered first (the hub refuses one of another day, REFUND_NOT_REVERSIBLE)
          canReverse={refundOf.method === 'pcpos'}
          onClose={() => setRefunding(null)}
          onDone={(r) => {
            setRefunding(null);
            onChange!(r);
          }}
        />
      )}
    </section>
  );
}
