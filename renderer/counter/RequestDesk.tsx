import { useEffect, useRef, useState, type FormEvent } from 'react';
import { SendStep } from './SendStep';
import { serviceSteps, type RequestStep } from '../../core/request/stepper';
import { InquiryStep, PrintoutStep } from './ServiceEndSteps';
import { Stepper } from '../components/Stepper';
import type { CloseKind, RequestView } from '../../core/api/request';
import { serviceFa } from '../../core/fees/labels.fa';
import { serviceCodes, type ServiceCode } from '../../core/fees/services';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { useHubData } from '../app/useHubData';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { FormFooter, FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { FollowUpBanner } from './ReturnedRequests';
import { DetailsStep } from './DetailsStep';
import { FeesStep } from './FeesStep';
import { IdentityStep } from './IdentityStep';
import { PaymentStep, Receipts } from './PaymentStep';
import { CaptureStep, MatchStep } from '../capture/CaptureStep';
import { forgetPageImages } from '../capture/usePageImage';
import { useDialogKeys } from '../components/useDialogKeys';
import { DialogActions } from '../components/DialogActions';

const jalali = (day: string) => toPersianDigits(day.replaceAll('-', '/'));

/**
 * The middle of the counter screen: the requests of the person at the counter, each walked through
 * the legal order of ماده ۴. The hub decides what is allowed next; this screen shows the step the
 * hub says is current, what is still missing, and keeps a closed or settled step visible.
 */
export function RequestDesk({ counterId, ticketId: servedTicket, serving }: { counterId: number | null; ticketId: string | null; serving: boolean }) {
  const t = fa.desk;
  const { client } = useEnv();
  // reloaded when the counter's own ticket changes (from the queue panel) or a request changes —
  // not on every queue change in the office, which every counter would pay for
  const data = useHubData(async () => (counterId === null ? null : client.call('request.atCounter', { counterId })), ['request.changed'], [counterId, servedTicket]);
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const requests = data.data?.requests ?? [];
  const ticketId = data.data?.ticketId ?? null;

  // a new ticket: forget the previous person's selection and form
  useEffect(() => {
    setSelected(null);
    setAdding(false);
  }, [ticketId]);
  // another ticket or another request on the desk (or the desk gone: logout): no page image of the
  // one before stays in memory
  const shownId = (requests.find((r) => r.id === selected) ?? requests[requests.length - 1])?.id ?? null;
  useEffect(() => () => forgetPageImages(), [ticketId, shownId]);

  if (data.error) return <p className="form-error" role="alert">{data.error}</p>;
  if (counterId === null || ticketId === null || !serving) return <EmptyState>{t.noTicket}</EmptyState>;

  const current = requests.find((r) => r.id === selected) ?? requests[requests.length - 1] ?? null;
  const onChange = (r: RequestView) => {
    setSelected(r.id);
    void data.reload();
  };

  return (
    <div className="request-desk">
      {requests.length > 0 && (
        <div className="request-tabs" role="tablist" aria-label={fa.counter.requestTitle}>
          {requests.map((r) => (
            <button
              key={r.id}
              type="button"
              role="tab"
              aria-selected={!adding && current?.id === r.id}
              className={`request-tab${!adding && current?.id === r.id ? ' request-tab-active' : ''}`}
              onClick={() => {
                setSelected(r.id);
                setAdding(false);
              }}
            >
              {t.requestTab(toPersianDigits(r.number), serviceFa[r.service])}
            </button>
          ))}
          <button type="button" className="request-tab request-tab-add" onClick={() => setAdding(true)}>
            + {t.another}
          </button>
        </div>
      )}
      {adding || current === null ? (
        <OpenRequest
          counterId={counterId}
          onOpened={(r) => {
            setAdding(false);
            onChange(r);
          }}
        />
      ) : (
        <RequestCard key={current.id} request={current} onChange={onChange} />
      )}
    </div>
  );
}

function OpenRequest({ counterId, onOpened }: { counterId: number; onOpened: (r: RequestView) => void }) {
  const t = fa.desk;
  const { client } = useEnv();
  const [service, setService] = useState<ServiceCode>('petition');
  const [deadline, setDeadline] = useState('');
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await action.run(() => client.call('request.open', { counterId, service, legalDeadline: deadline }));
    if (r) onOpened(r);
  }
  return (
    <form className="card step-form" onSubmit={submit} aria-labelledby="open-title" noValidate>
      <h3 id="open-title">{t.newTitle}</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor="request-service">{t.service}</label>
          <select id="request-service" value={service} onChange={(e) => setService(e.target.value as ServiceCode)} autoFocus>
            {serviceCodes.filter((s) => s !== 'remedy').map((s) => (
              <option key={s} value={s}>
                {serviceFa[s]}
              </option>
            ))}
          </select>
        </div>
        <Field label={t.deadline} hint={t.deadlineHint} value={deadline} onChange={(e) => setDeadline(e.target.value)} error={action.fields.legalDeadline} placeholder="۱۴۰۵/۰۹/۲۰" dir="ltr" />
      </div>
      <FormFooter error={action.error} busy={action.busy} label={t.open} />
    </form>
  );
}

function RequestCard({ request, onChange }: { request: RequestView; onChange: (r: RequestView) => void }) {
  const t = fa.desk;
  const [closing, setClosing] = useState(false);
  const [dating, setDating] = useState(false);
  const closed = request.status === 'cancelled' || request.status === 'refused';
  const step = request.currentStep;
  // once queued for sending the request is the outbox's: it can no longer be cancelled here
  const sendable = !closed && !['readyToSend', 'submitted', 'accepted', 'returned', 'delivered'].includes(request.status);
  return (
    <article className="card request-card" aria-labelledby="request-card-title">
      <header className="request-card-header">
        <h3 id="request-card-title">
          {t.requestTitle(toPersianDigits(request.number))} — {serviceFa[request.service]}
        </h3>
        {request.legalDeadline && <span className="badge badge-deadline">{t.deadlineBadge(jalali(request.legalDeadline))}</span>}
        {/* a legal deadline is for reaching the authority: a service that files nothing sends nothing */}
        {sendable && request.steps.includes('send') && (
          <button type="button" className="button button-quiet request-deadline" onClick={() => setDating(true)}>
            {request.legalDeadline ? t.deadlineFix : t.deadlineAdd}
          </button>
        )}
        {sendable && (
          <button type="button" className="button button-quiet request-close" onClick={() => setClosing(true)}>
            {t.closeButton}
          </button>
        )}
      </header>
      {request.followUpOf && <FollowUpBanner link={request.followUpOf} />}
      <Stepper request={request} />
      {closed ? (
        <p className="form-error" role="status">
          {request.cancelCause === 'clerkError' ? t.closedAsClerkError : t.closedAs[request.status]}: {request.reason}
        </p>
      ) : (
        request.missing &&
        request.missing.length > 0 && (
          <p className="muted request-missing">
            {request.steps.includes('send') ? t.missing : t.missingBeforePrintout} {request.missing.map((s) => fa.counter.steps[serviceSteps.indexOf(s)]).join('، ')}
          </p>
        )
      )}
      {!closed && <StepPanel step={step} request={request} onChange={onChange} />}
      <Receipts request={request} onChange={onChange} />
      {dating && (
        <DeadlineDialog
          request={request}
          onClose={() => setDating(false)}
          onDone={(r) => {
            setDating(false);
            onChange(r);
          }}
        />
      )}
      {closing && (
        <CloseDialog
          request={request}
          onClose={() => setClosing(false)}
          onClosed={(r) => {
            setClosing(false);
            onChange(r);
          }}
        />
      )}
    </article>
  );
}

function StepPanel({ step, request, onChange }: { step: RequestStep | null; request: RequestView; onChange: (r: RequestView) => void }) {
  switch (step) {
    case 'identity':
      return <IdentityStep request={request} onDone={onChange} />;
    case 'details':
      return <DetailsStep request={request} onDone={onChange} />;
    case 'fees':
      return <FeesStep request={request} onDone={onChange} />;
    case 'payment':
      return (
        <>
          <FeesStep request={request} onDone={onChange} />
          <PaymentStep request={request} onDone={onChange} />
        </>
      );
    case 'documents':
      // just paid: the parts and their receipts stay in view while the first pages come in
      return (
        <>
          {request.quote && <PaymentStep request={request} onDone={onChange} />}
          <CaptureStep request={request} onChange={onChange} />
        </>
      );
    case 'applicantReview':
      return <CaptureStep request={request} onChange={onChange} />;
    case 'originalsMatch':
      return <MatchStep request={request} onChange={onChange} />;
    case 'inquiry':
      return <InquiryStep request={request} onDone={onChange} />;
    case 'printout':
      return <PrintoutStep request={request} onDone={onChange} />;
    case 'send':
      return <SendStep request={request} onChange={onChange} />;
    case null:
      // done: a filing's submission and tracking code, or a printout to print again
      return request.steps.includes('printout') ? <PrintoutStep request={request} onDone={onChange} /> : <SendStep request={request} onChange={onChange} />;
  }
}


/**
 * Correcting the legal deadline (or adding or removing one) until the request is queued for sending;
 * the hub refuses a day already past and records the old and the new day in the audit trail.
 */
function DeadlineDialog({ request, onClose, onDone }: { request: RequestView; onClose: () => void; onDone: (r: RequestView) => void }) {
  const t = fa.desk;
  const { client } = useEnv();
  const [deadline, setDeadline] = useState(request.legalDeadline ? jalali(request.legalDeadline) : '');
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await action.run(() => client.call('request.setDeadline', { requestId: request.id, legalDeadline: deadline }));
    if (r) onDone(r);
  }
  return (
    <Modal title={t.deadlineTitle} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p className="muted">{t.deadlineFixHint}</p>
        <Field label={t.deadlineField} hint={t.deadlineHint} value={deadline} onChange={(e) => setDeadline(e.target.value)} error={action.fields.legalDeadline} placeholder="۱۴۰۵/۰۹/۲۰" dir="ltr" autoComplete="off" />
        <FormError error={action.error} />
        <DialogActions submit={t.deadlineSave} enterKey disabled={action.busy} onClose={onClose} />
      </form>
    </Modal>
  );
}

function CloseDialog({ request, onClose, onClosed }: { request: RequestView; onClose: () => void; onClosed: (r: RequestView) => void }) {
  const t = fa.desk;
  const { client } = useEnv();
  const [kind, setKind] = useState<CloseKind>('cancelled');
  const [reason, setReason] = useState('');
  const action = useAction();
  const ref = useRef<HTMLDivElement>(null);
  useDialogKeys(ref, onClose, 'input, textarea');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await action.run(() => client.call('request.close', { requestId: request.id, kind, reason }));
    if (r) onClosed(r);
  }
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div ref={ref} className="card dialog" role="dialog" aria-modal="true" aria-label={t.closeTitle} onClick={(e) => e.stopPropagation()}>
        <h2>{t.closeTitle}</h2>
        <form onSubmit={submit} noValidate>
          <p className="dialog-warning">{t.closeHint}</p>
          <fieldset className="radio-row">
            <label>
              <input type="radio" name="close-kind" checked={kind === 'cancelled'} onChange={() => setKind('cancelled')} /> {t.closeCancel}
            </label>
            <label>
              <input type="radio" name="close-kind" checked={kind === 'clerkError'} onChange={() => setKind('clerkError')} /> {t.closeClerkError}
            </label>
            <label>
              <input type="radio" name="close-kind" checked={kind === 'refused'} onChange={() => setKind('refused')} /> {t.closeRefuse}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="close-reason">{t.closeReason}</label>
            <textarea id="close-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <FormError error={action.error} />
          <DialogActions submit={t.closeSubmit} disabled={action.busy || reason.trim().length < 5} onClose={onClose} />
        </form>
      </div>
    </div>
  );
}
