import { useState, type FormEvent } from 'react';
import type { ProcedureInput } from '../../core/api/contract';
import type { RequestView } from '../../core/api/request';
import { normalizeInput } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { MoneyField } from '../components/MoneyField';
import { FormFooter } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { FeeTable } from './FeeTable';
import { CoverageInquiry } from './CoverageInquiry';

type Adjust = 'none' | 'discount' | 'exemption';
type Category = NonNullable<ProcedureInput<'request.fixFees'>['exemption']>['category'];

/**
 * Step 3: the fees under the tariff in force on the request's day (the hub computes; the screen
 * never sends an amount to charge), with a discount and its reason or a ماده ۱۴ exemption and its
 * evidence. Once fixed, the table stays on screen through payment.
 */
export function FeesStep({ request, onDone }: { request: RequestView; onDone: (r: RequestView) => void }) {
  const t = fa.desk.fees;
  const { client } = useEnv();
  const [adjust, setAdjust] = useState<Adjust>('none');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [category, setCategory] = useState<Category>('reliefCommittee');
  const [cardNumber, setCardNumber] = useState('');
  const [confirmationRef, setConfirmationRef] = useState('');
  const [editing, setEditing] = useState(request.quote === null);
  const action = useAction();
  const err = (path: string) => action.fields[path];
  const canRefix = request.status === 'feesFixed' && request.payments.length === 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const digits = normalizeInput(amount).replace(/[,٬،\s]/g, '');
    const input: ProcedureInput<'request.fixFees'> = {
      requestId: request.id,
      ...(adjust === 'discount' ? { discount: { amountRials: /^\d+$/.test(digits) ? Number(digits) : Number.NaN, reason } } : {}),
      ...(adjust === 'exemption' ? { exemption: { category, evidence: { ...(normalizeInput(cardNumber) ? { cardNumber } : {}), confirmationRef } } } : {}),
    };
    const done = await action.run(() => client.call('request.fixFees', input));
    if (done) {
      setEditing(false);
      onDone(done);
    }
  }

  return (
    <section className="step-form" aria-labelledby="fees-title">
      <h3 id="fees-title">{t.title}</h3>
      <p className="muted">{t.hint}</p>
      {request.quote && <FeeTable lines={request.quote.lines} totals={request.quote.totals} discountReason={request.quote.discount?.reason ?? null} />}
      {(editing || request.status === 'detailsComplete') && (
        <form onSubmit={submit} noValidate>
          <fieldset className="radio-row" aria-label={t.adjust}>
            <legend className="muted">{t.adjust}</legend>
            {(['none', 'discount', 'exemption'] as const).map((a) => (
              <label key={a}>
                <input type="radio" name="fee-adjust" checked={adjust === a} onChange={() => setAdjust(a)} autoFocus={a === 'none'} /> {t[a]}
              </label>
            ))}
          </fieldset>
          {adjust === 'discount' && (
            <div className="field-row">
              <MoneyField label={t.discountAmount} value={amount} onChange={setAmount} error={err('discount.amountRials')} autoFocus />
              <Field label={t.discountReason} value={reason} onChange={(e) => setReason(e.target.value)} error={err('discount.reason')} />
            </div>
          )}
          {adjust === 'exemption' && (
            <div className="field-row">
              <div className="field">
                <label htmlFor="exemption-category">{t.exemptionCategory}</label>
                <select id="exemption-category" value={category} onChange={(e) => setCategory(e.target.value as Category)}>
                  {Object.entries(t.exemptionCategories).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v}
                    </option>
                  ))}
                </select>
              </div>
              <Field label={t.cardNumber} value={cardNumber} onChange={(e) => setCardNumber(e.target.value)} error={err('exemption.evidence.cardNumber')} dir="ltr" />
              <Field label={t.confirmationRef} value={confirmationRef} onChange={(e) => setConfirmationRef(e.target.value)} error={err('exemption.evidence.confirmationRef')} dir="ltr" />
            </div>
          )}
          {adjust === 'exemption' && (
            <CoverageInquiry
              requestId={request.id}
              nationalId={request.applicant?.data.kind === 'natural' ? request.applicant.data.nationalId : null}
              onCovered={(c, reference) => {
                setCategory(c);
                setConfirmationRef(reference);
              }}
            />
          )}
          <FormFooter error={action.error} busy={action.busy} label={t.submit} />
        </form>
      )}
      {!editing && canRefix && (
        <div className="step-actions">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {t.refix}
          </button>
        </div>
      )}
    </section>
  );
}
