import { useState, type FormEvent } from 'react';
import type { RequestView } from '../../core/api/request';
import { applicantName } from '../../core/identity/applicant';
import { serviceFa } from '../../core/fees/labels.fa';
import { formatTrackingCode } from '../../core/format/trackingCode';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';

/**
 * The last steps of a service that files nothing (core/request/steps.ts): no scan and no send — the
 * central system is asked (the applicant's own notifications, a filing's status) and what the
 * applicant came for is printed and handed over: the answer, the payment receipt, or the Sana
 * password slip once the owner has consented on the applicant screen (ماده ۴۰ ب).
 */

const day = (d: string) => toPersianDigits(d.replaceAll('-', '/'));

export function InquiryStep({ request, onDone }: { request: RequestView; onDone: (r: RequestView) => void }) {
  const t = fa.serviceEnd;
  const { client } = useEnv();
  const action = useAction();
  const [code, setCode] = useState('');
  const caseInquiry = request.inquiryKind === 'caseStatus';
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await action.run(() => client.call('request.inquire', caseInquiry ? { requestId: request.id, trackingCode: code } : { requestId: request.id }));
    if (r) onDone(r);
  }
  return (
    <form className="step-panel service-inquiry" onSubmit={submit} noValidate aria-labelledby="service-inquiry-title">
      <h4 id="service-inquiry-title">{t.inquiryTitle}</h4>
      <p className="muted">{caseInquiry ? t.caseHint : t.notificationHint}</p>
      {caseInquiry && <Field label={t.trackingCode} value={code} onChange={(e) => setCode(e.target.value)} error={action.fields.trackingCode} dir="ltr" autoComplete="off" inputMode="numeric" />}
      <FormError error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy}>
        {t.ask}
      </button>
    </form>
  );
}

export function PrintoutStep({ request, onDone }: { request: RequestView; onDone: (r: RequestView) => void }) {
  const t = fa.serviceEnd;
  const { client } = useEnv();
  const action = useAction();
  const delivered = request.status === 'delivered';
  const waitingConsent = request.printout === 'sanaSlip' && request.sanaConsent?.given !== true;
  const print = () => {
    // only the slip goes to the printer (app.css, body.print-slip)
    document.body.classList.add('print-slip');
    try {
      window.print();
    } finally {
      document.body.classList.remove('print-slip');
    }
  };
  const deliver = async () => {
    print();
    const r = await action.run(() => client.call('request.deliver', { requestId: request.id }));
    if (r) onDone(r);
  };
  return (
    <section className="step-panel service-printout" aria-labelledby="service-printout-title">
      <h4 id="service-printout-title">{t.printoutTitle}</h4>
      <Slip request={request} />
      {request.printout === 'sanaSlip' && <p className={waitingConsent ? 'form-warning' : 'muted'}>{waitingConsent ? t.sanaWaiting : t.sanaGiven}</p>}
      <FormError error={action.error} />
      {delivered ? (
        <>
          <p className="form-success" role="status">
            {t.delivered}
          </p>
          <button type="button" className="button" onClick={print}>
            {t.print}
          </button>
        </>
      ) : (
        <button type="button" className="button button-primary" disabled={action.busy || waitingConsent} onClick={() => void deliver()}>
          {t.deliver}
        </button>
      )}
    </section>
  );
}

/** What is printed: the header every slip has, then the answer, or what the receipt and the Sana slip say. */
function Slip({ request }: { request: RequestView }) {
  const t = fa.serviceEnd;
  const title = request.printout === 'sanaSlip' ? t.sanaSlip : request.printout === 'paymentReceipt' ? t.receiptSlip : request.inquiryKind === 'caseStatus' ? t.caseSlip : t.notificationSlip;
  const answer = request.inquiryAnswer;
  return (
    <div className="printout-slip">
      <h5>{title}</h5>
      <dl className="printout-head">
        <dt>{serviceFa[request.service]}</dt>
        <dd>{t.request(`${toPersianDigits(request.year)}/${toPersianDigits(request.number)}`)}</dd>
        {request.applicant && (
          <>
            <dt>{t.applicant}</dt>
            <dd>{applicantName(request.applicant.data)}</dd>
          </>
        )}
        {answer && (
          <>
            <dt>{t.answeredAt}</dt>
            <dd>
              {formatJalaliDateShort(answer.answeredAt)} {formatTime(answer.answeredAt, false)}
            </dd>
          </>
        )}
      </dl>
      {answer?.answer.kind === 'notification' &&
        (answer.answer.notices.length === 0 ? (
          <p>{t.noNotices}</p>
        ) : (
          <ol className="printout-notices">
            {answer.answer.notices.map((n) => (
              <li key={n.number}>
                <strong>{n.title}</strong> — {t.noticeNo(toPersianDigits(n.number))}
                <br />
                {t.issuedOn}: {day(n.issuedOn)} — {t.authority}: {n.authority}
                <p>{n.text}</p>
              </li>
            ))}
          </ol>
        ))}
      {answer?.answer.kind === 'caseStatus' &&
        (answer.answer.case === null ? (
          <p>{t.noCase}</p>
        ) : (
          <dl className="printout-case">
            <dt>{t.trackingCode}</dt>
            <dd>
              <bdi dir="ltr">{formatTrackingCode(answer.answer.case.trackingCode)}</bdi>
            </dd>
            <dt>{t.authority}</dt>
            <dd>{answer.answer.case.authority}</dd>
            <dt>{t.stage}</dt>
            <dd>{answer.answer.case.stage}</dd>
            <dt>{t.lastAction}</dt>
            <dd>
              {answer.answer.case.lastAction} ({day(answer.answer.case.on)})
            </dd>
          </dl>
        ))}
      {request.printout === 'paymentReceipt' && <p>{t.receiptHint}</p>}
      {request.printout === 'sanaSlip' && <p>{t.sanaHint}</p>}
    </div>
  );
}
