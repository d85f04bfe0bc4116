import { useState, type FormEvent } from 'react';
import type { RequestView } from '../../core/api/request';
import { formatRials, formatRialsDigits } from '../../core/format/money';
import { readWholeNumber } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { Modal } from '../components/Modal';
import { MoneyField } from '../components/MoneyField';
import { fa } from '../i18n/fa';

type Payment = RequestView['payments'][number];

/**
 * «استرداد وجه» of one payment (core/api/refund.ts): on the counter's card terminal the same day
 * (a reversal; a retry of an unanswered one asks the terminal first), or recorded by hand with a
 * manager's approval. Keyboard-first: the reason comes first and has the focus, Enter sends, Esc closes; the
 * manager's username and password (and code) are asked for a manual refund, and may be given for
 * a reversal of another counter's payment.
 */
export function RefundDialog({ payment, receiptNumber, canReverse, onClose, onDone }: {
  payment: Payment;
  receiptNumber: string;
  /** a card payment taken on the terminal: a reversal is offered first */
  canReverse: boolean;
  onClose: () => void;
  onDone: (request: RequestView) => void;
}) {
  const t = fa.desk.refund;
  const { client } = useEnv();
  const action = useAction();
  const [method, setMethod] = useState<'pcpos' | 'manual'>(canReverse ? 'pcpos' : 'manual');
  const [amount, setAmount] = useState(formatRialsDigits(payment.amountRials));
  const [reason, setReason] = useState('');
  const [approval, setApproval] = useState({ username: '', password: '', otp: '' });
  const withManager = method === 'manual' || approval.username !== '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const amountRials = readWholeNumber(amount) ?? 0;
    const input = {
      paymentId: payment.id,
      amountRials,
      reason,
      ...(withManager ? { approval: { username: approval.username, password: approval.password, ...(approval.otp ? { otp: approval.otp } : {}) } } : {}),
    };
    const done = await action.run(() => client.call(method === 'pcpos' ? 'refund.reverse' : 'refund.manual', input));
    if (done) onDone(done.request);
  }

  return (
    <Modal title={t.title(receiptNumber)} onClose={onClose}>
      <form onSubmit={submit} noValidate className="refund-form">
        <p className="dialog-warning">{t.note(formatRials(payment.amountRials))}</p>
        <Field label={t.reason} hint={t.reasonHint} required value={reason} error={action.fields.reason} onChange={(e) => setReason(e.target.value)} />
        <fieldset className="refund-method">
          <legend>{t.method}</legend>
          <label>
            <input type="radio" name="refund-method" checked={method === 'pcpos'} disabled={!canReverse} onChange={() => setMethod('pcpos')} />
            {t.reverse}
          </label>
          <label>
            <input type="radio" name="refund-method" checked={method === 'manual'} onChange={() => setMethod('manual')} />
            {t.manual}
          </label>
        </fieldset>
        {!canReverse && <p className="field-hint">{t.notReversible}</p>}
        <MoneyField label={t.amount} value={amount} onChange={setAmount} error={action.fields.amountRials} />
        <fieldset className="refund-approval">
          <legend>{method === 'manual' ? t.approvalRequired : t.approvalOptional}</legend>
          <div className="field-row">
            <Field label={t.managerUsername} value={approval.username} autoComplete="off" dir="ltr" error={action.fields['approval.username']} onChange={(e) => setApproval((a) => ({ ...a, username: e.target.value }))} />
            <Field label={t.managerPassword} type="password" value={approval.password} autoComplete="off" error={action.fields['approval.password']} onChange={(e) => setApproval((a) => ({ ...a, password: e.target.value }))} />
            <Field label={t.managerOtp} value={approval.otp} inputMode="numeric" autoComplete="off" dir="ltr" error={action.fields['approval.otp']} onChange={(e) => setApproval((a) => ({ ...a, otp: e.target.value }))} />
          </div>
        </fieldset>
        {action.busy && method === 'pcpos' && <p className="form-notice">{t.waiting}</p>}
        <FormError error={action.error} />
        <div className="dialog-actions">
          <button type="submit" className="button button-danger" disabled={action.busy}>
            {method === 'pcpos' ? t.submitReverse : t.submitManual} <kbd>Enter</kbd>
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t.cancel} <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}
