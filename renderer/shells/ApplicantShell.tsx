import { useEffect, useState, type ReactNode } from 'react';
import type { ApplicantScreenView } from '../../core/api/applicantScreen';
import type { ServiceCode } from '../../core/fees/services';
import type { RequestStatus } from '../../core/request/stateMachine';
import { formatRials, formatRialsDigits } from '../../core/format/money';
import { feeLineLabel, serviceFa } from '../../core/fees/labels.fa';
import type { JudicialCostLineCode } from '../../core/fees/lines';
import type { TariffItemCode } from '../../core/fees/tariff';
import { toPersianDigits } from '../../core/text/digits';
import { useConnectionStatus, useEnv } from '../app/api';
import type { ShellProps } from '../app/shellProps';
import { useHubData } from '../app/useHubData';
import { useAction } from '../app/useAction';
import { FormError } from '../components/FormFooter';
import { Clock } from '../components/Clock';
import { DisplayToggles } from '../components/DisplayToggles';
import { EmptyState } from '../components/EmptyState';
import { FeeTable } from '../counter/FeeTable';
import { Stepper } from '../components/Stepper';
import { fa } from '../i18n/fa';
import { ApplicantReview, type ReviewOutcome } from './ApplicantReview';
import { chooseApplicantCounter } from './applicantCounter';
import { ComplaintForm } from './ComplaintForm';
import { RatingForm, type RatingChoice } from './RatingForm';

/**
 * The second screen facing the applicant (ماده ۴: shown to the applicant): their own request at
 * this counter — the service, their name, the fees line by line and what is paid, and the captured
 * pages for them to look at and confirm (ApplicantReview). Nothing else of anyone: no identity
 * numbers, no other party's data, and idle between people.
 *
 * The counter is the one its session was opened for (the hub shows and takes answers for that counter
 * only); a screen that has not chosen yet asks, and choosing opens its session again for that counter.
 */
export function ApplicantShell({ office, principal, onReopen }: ShellProps) {
  const counterId = principal.kind === 'device' ? (principal.counterId ?? null) : null;
  const choose = (id: number) => {
    chooseApplicantCounter(id);
    onReopen?.();
  };
  return (
    <div className="shell applicant-shell">
      <header className="applicant-header">
        <span className="applicant-office">{office.name}</span>
        <DisplayToggles shell="applicant" />
        <Clock />
      </header>
      <main className="applicant-main">{counterId === null ? <CounterChooser onChoose={choose} /> : <ApplicantView counterId={counterId} />}</main>
    </div>
  );
}

function CounterChooser({ onChoose }: { onChoose: (id: number) => void }) {
  const { client } = useEnv();
  const counters = useHubData(() => client.call('applicantScreen.counters', {}), ['applicantScreen.changed']);
  return (
    <section className="card applicant-chooser" aria-labelledby="choose-title">
      <h1 id="choose-title">{fa.applicant.chooseCounter}</h1>
      {counters.error && <p className="form-error">{counters.error}</p>}
      <div className="applicant-chooser-list">
        {counters.data?.counters.map((c) => (
          <button key={c.id} type="button" className="button" onClick={() => onChoose(c.id)}>
            {fa.counter.sitAt(toPersianDigits(c.number))}
          </button>
        ))}
      </div>
    </section>
  );
}

/** Where the request stands right after the applicant's answer (core/request/stateMachine.ts). */
const AFTER: Record<ReviewOutcome, RequestStatus> = { confirmed: 'applicantConfirmed', objected: 'paid' };

interface Answer {
  /** the request it was given for, «year/number» */
  request: string;
  digest: string;
  outcome: ReviewOutcome;
}

/** Whether an `applicantScreen.changed` is about this screen's counter. */
const aboutCounter = (counterId: number) => (_event: string, payload: unknown) => (payload as { counterId?: unknown }).counterId === counterId;

function ApplicantView({ counterId }: { counterId: number }) {
  const { client } = useEnv();
  // Asked again whenever the hub says this counter's screen changed (a ticket called, finished, set
  // aside; the request moved on or closed) and when the link comes back; while the link is down the
  // screen shows nobody — the person it showed may have left meanwhile (docs/COUNTER.md).
  const view = useHubData(() => client.call('applicantScreen.view', { counterId }), ['applicantScreen.changed'], [counterId], {
    when: aboutCounter(counterId),
    dropWhenDisconnected: true,
  });
  const status = useConnectionStatus();
  // The applicant's last answer on this screen, kept so the thank-you stays until the next step; and
  // whether the pages changed under them. Both belong to one request and go with it.
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [outdated, setOutdated] = useState(false);
  const requestKey = view.data?.request ? `${view.data.request.year}/${view.data.request.number}` : null;
  useEffect(() => {
    setAnswer((a) => (a && a.request === requestKey ? a : null));
    setOutdated(false);
  }, [requestKey]);

  const t = fa.applicant;
  if (status !== 'open') return <h1 className="applicant-wait">{t.wait}</h1>;
  if (view.error) return <p className="form-error" role="alert">{view.error}</p>;
  const v = view.data;
  if (!v) return <EmptyState>{fa.common.loading}</EmptyState>;
  if (!v.request || requestKey === null) {
    return (
      <>
        <p className="applicant-counter">{fa.counter.sitAt(toPersianDigits(v.counterNumber))}</p>
        {v.ticketDisplay && <p className="applicant-ticket">{t.serving(v.ticketDisplay)}</p>}
        {v.ticketDisplay ? (
          <>
            <h1 className="applicant-wait">{t.wait}</h1>
            <p className="applicant-idle">{t.idle}</p>
          </>
        ) : (
          <ApplicantFeedback counterId={counterId} />
        )}
      </>
    );
  }
  const documents = v.request.documents;
  // The thank-you stays while the answer is what the screen is about: the same pages, or the step the
  // answer led to; a later step (or the pages coming back) shows what happens then instead.
  const answered =
    answer && answer.request === requestKey && (documents ? documents.digest === answer.digest : v.request.status === AFTER[answer.outcome]) ? answer : null;
  const sana = v.request.sanaConsent;
  if (sana?.asked && !documents) {
    return (
      <ApplicantRequest view={v} request={v.request} answered={null}>
        <SanaConsent counterId={counterId} requestId={v.request.id} service={v.request.service} given={sana.given} onAnswered={() => void view.reload()} />
      </ApplicantRequest>
    );
  }
  return (
    <ApplicantRequest view={v} request={v.request} answered={answered}>
      {documents && !answered && (
        <>
          {outdated && (
            <p className="form-error review-outdated" role="alert">
              {fa.applicantReview.outdated}
            </p>
          )}
          <ApplicantReview
            key={documents.digest}
            counterId={counterId}
            requestId={v.request.id}
            documents={documents}
            onAnswered={(outcome, digest) => {
              setOutdated(false);
              setAnswer({ request: requestKey, digest, outcome });
              void view.reload();
            }}
            onOutdated={() => {
              setOutdated(true);
              void view.reload();
            }}
          />
        </>
      )}
    </ApplicantRequest>
  );
}

/**
 * ماده ۴۰ ب: before a Sana registration or change leaves the office, the owner says on their own
 * screen that they ask for it. The clerk cannot answer for them (the hub takes it from this screen's
 * device session only); a «no» can still become «yes» while the request waits.
 */
function SanaConsent({ counterId, requestId, service, given, onAnswered }: { counterId: number; requestId: string; service: ServiceCode; given: boolean | null; onAnswered: () => void }) {
  const t = fa.sanaConsent;
  const { client } = useEnv();
  const action = useAction();
  // the answer names the request it was asked for: one that changed under the screen is not answered
  const answer = (consent: boolean) =>
    void action.run(async () => {
      try {
        await client.call('applicantScreen.sanaConsent', { counterId, requestId, consent });
      } finally {
        onAnswered();
      }
    });
  if (given === true) {
    return (
      <div className="applicant-thanks" role="status">
        <p className="applicant-thanks-title">{t.givenTitle}</p>
        <p>{t.givenNext}</p>
      </div>
    );
  }
  return (
    <section className="card sana-consent" aria-labelledby="sana-consent-title">
      <h2 id="sana-consent-title">{t.title}</h2>
      <p className="sana-consent-text">{t.text(serviceFa[service])}</p>
      {given === false && <p className="form-error">{t.declined}</p>}
      <div className="sana-consent-actions">
        <button type="button" className="button button-primary" disabled={action.busy} onClick={() => answer(true)}>
          {t.yes}
        </button>
        <button type="button" className="button" disabled={action.busy} onClick={() => answer(false)}>
          {t.no}
        </button>
      </div>
      <FormError error={action.error} />
    </section>
  );
}

function ApplicantRequest({
  view,
  request,
  answered,
  children,
}: {
  view: ApplicantScreenView;
  request: NonNullable<ApplicantScreenView['request']>;
  answered: Answer | null;
  /** the pages to review, when they are on the screen */
  children?: ReactNode;
}) {
  const t = fa.applicant;
  const reviewing = Boolean(children);
  return (
    <div className={`applicant-request${reviewing ? ' applicant-request-reviewing' : ''}`}>
      <div className="applicant-request-head">
        <div>
          <p className="applicant-counter">
            {fa.counter.sitAt(toPersianDigits(view.counterNumber))}
            {view.ticketDisplay && ` — ${t.serving(view.ticketDisplay)}`}
          </p>
          <h1 className="applicant-service">
            {serviceFa[request.service]} — {t.requestNo(toPersianDigits(request.number))}
          </h1>
          {request.applicantName && <p className="applicant-name">{request.applicantName}</p>}
        </div>
        {request.legalDeadline && <span className="badge badge-deadline applicant-deadline">{fa.desk.deadlineBadge(toPersianDigits(request.legalDeadline.replaceAll('-', '/')))}</span>}
      </div>
      {/* only the steps this service has: no scan or review promised for a service that files nothing */}
      {!reviewing && <Stepper request={{ steps: request.steps, currentStep: request.currentStep, missing: [] }} label={t.stepsTitle} />}
      {answered ? (
        <div className="applicant-thanks" role="status">
          <p className="applicant-thanks-title">{fa.applicantReview.thanksTitle}</p>
          <p>{answered.outcome === 'confirmed' ? fa.applicantReview.confirmedNext : fa.applicantReview.objectedNext}</p>
        </div>
      ) : (
        !reviewing && <p className="applicant-status">{(request.steps.includes('documents') ? undefined : t.statusNoFiling[request.status]) ?? t.status[request.status] ?? ''}</p>
      )}
      {!reviewing && request.inquiry && <p className="applicant-inquiry">{t.inquiryFound(request.inquiry.kind, request.inquiry.found)}</p>}
      {reviewing ? (
        <div className="applicant-review-layout">
          <div className="applicant-review-main">{children}</div>
          {request.fees && <Fees fees={request.fees} compact />}
        </div>
      ) : (
        request.fees && <Fees fees={request.fees} />
      )}
    </div>
  );
}

type RequestFees = NonNullable<NonNullable<ApplicantScreenView['request']>['fees']>;

/** The fees line by line and what is paid; beside the pages, a narrower panel of the same. */
function Fees({ fees, compact = false }: { fees: RequestFees; compact?: boolean }) {
  const t = fa.applicant;
  const parts = (['officeTariff', 'judicialCost'] as const).filter((p) => fees.due[p] > 0);
  if (compact) return <CompactFees fees={fees} parts={parts} />;
  return (
    <section className="card applicant-fees" aria-labelledby="fees-title">
      <h2 id="fees-title">{t.fees}</h2>
      <FeeTable lines={fees.lines} totals={fees.totals} discountReason={fees.discountReason} large />
      <ul className="payment-parts">
        {parts.map((p) => (
          <li key={p} className={fees.paid.includes(p) ? 'payment-part payment-part-paid' : 'payment-part'}>
            <span className="payment-part-name">{fa.desk.payment.part[p]}</span>
            <span className="payment-part-amount">{formatRials(fees.due[p])}</span>
            <span className="payment-part-status">{fees.paid.includes(p) ? t.paid : t.toPay}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Beside the pages: a two-column table (what, how much) with the total under it, and whether each
 * part is paid — narrow enough that no cell wraps into a column of words (the applicant saw the
 * whole table at the fees step).
 */
function CompactFees({ fees, parts }: { fees: RequestFees; parts: readonly ('officeTariff' | 'judicialCost')[] }) {
  const t = fa.applicantReview;
  const lines = fees.lines.filter((l) => l.chargedRials > 0);
  const allPaid = parts.every((p) => fees.paid.includes(p));
  return (
    <section className="card applicant-fees applicant-fees-compact" aria-labelledby="fees-title-compact">
      <h2 id="fees-title-compact">{t.feesTitle}</h2>
      <table className="table applicant-fee-summary">
        <thead>
          <tr>
            <th scope="col">{t.feeItem}</th>
            <th scope="col" className="num">
              {t.feeAmount}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={`${l.code}-${i}`}>
              <td>{feeLineLabel(l.code as TariffItemCode | JudicialCostLineCode, 1)}</td>
              <td className="num">{formatRialsDigits(l.chargedRials)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="fee-total">
            <th scope="row">{t.feesPayable}</th>
            <td className="num">{formatRials(fees.totals.payableRials)}</td>
          </tr>
        </tfoot>
      </table>
      {allPaid ? (
        <p className="applicant-fees-paid">{t.feesPaidAll}</p>
      ) : (
        <ul className="payment-parts">
          {parts.map((p) => (
            <li key={p} className={fees.paid.includes(p) ? 'payment-part payment-part-paid' : 'payment-part'}>
              <span className="payment-part-name">{fa.desk.payment.part[p]}</span>
              <span className="payment-part-status">{fees.paid.includes(p) ? fa.applicant.paid : fa.applicant.toPay}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Between people (no ticket at the counter): the satisfaction question for the ticket this counter
 * just served (ماده ۱۸; the hub offers it only within its window and until the next person is
 * called), and «ثبت شکایت یا گزارش» (ماده ۲۰) when the Center's key is on file.
 */
function ApplicantFeedback({ counterId }: { counterId: number }) {
  const t = fa.feedback;
  const { client } = useEnv();
  const pending = useHubData(() => client.call('rating.pending', { counterId }), ['applicantScreen.changed'], [counterId], { when: aboutCounter(counterId) });
  const complaints = useHubData(() => client.call('complaint.status', {}), []);
  const action = useAction();
  const [thanked, setThanked] = useState<string | null>(null);
  const [complaining, setComplaining] = useState(false);

  if (complaining) return <ComplaintForm onDone={() => setComplaining(false)} />;
  const ticket = pending.data?.ticket ?? null;
  const submit = (choice: RatingChoice) =>
    void action.run(async () => {
      if (!ticket) return;
      await client.call('rating.submitAtScreen', { counterId, ticketId: ticket.ticketId, ...choice });
      setThanked(ticket.ticketId);
      await pending.reload();
    });
  return (
    <div className="applicant-feedback">
      {ticket && thanked !== ticket.ticketId ? (
        <>
          <RatingForm key={ticket.ticketId} ticket={ticket.display} serviceName={ticket.serviceName} busy={action.busy} error={action.error} onSubmit={submit} />
          <p className="rating-window">{t.windowNote(toPersianDigits(ticket.windowMinutes))}</p>
        </>
      ) : thanked ? (
        <p className="applicant-thanks rating-thanks" role="status">
          {t.thanks}
        </p>
      ) : (
        <>
          <h1 className="applicant-wait">{fa.applicant.wait}</h1>
          <p className="applicant-idle">{fa.applicant.idle}</p>
        </>
      )}
      {complaints.data?.accepting && (
        <button type="button" className="button kiosk-booking applicant-complain" onClick={() => setComplaining(true)}>
          {t.complain}
        </button>
      )}
    </div>
  );
}
