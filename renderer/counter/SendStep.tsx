import type { RequestView } from '../../core/api/request';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { formatTrackingCode } from '../../core/format/trackingCode';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { FormError } from '../components/FormFooter';
import { needsOwnerConsent } from '../../core/request/sana';
import { fa } from '../i18n/fa';
import { syncErrorText, useSyncStatus } from '../sync/SyncPanel';
import { FilingReceipt } from './FilingReceipt';


/**
 * «ارسال» (ماده ۴, last step): the clerk sends the matched request. It goes into the outbox in one
 * transaction and the applicant may leave at once — with the provisional receipt while the link is
 * down, with the tracking code once the central answered.
 */
export function SendStep({ request, onChange }: { request: RequestView; onChange: (r: RequestView) => void }) {
  const t = fa.send;
  const { client } = useEnv();
  const send = useAction();
  const ready = request.status === 'originalsMatched';
  const doSend = () =>
    void send.run(async () => {
      await client.call('request.send', { requestId: request.id });
      onChange(await client.call('request.get', { requestId: request.id }));
    });
  if (ready) {
    // ماده ۴۰ ب: a Sana registration or change waits for the owner's «yes» on the applicant screen
    const sana = needsOwnerConsent(request.service) ? request.sanaConsent : undefined;
    const blocked = sana !== undefined && sana?.given !== true;
    return (
      <section className="send-step" aria-labelledby="send-title">
        <p className="form-notice">{fa.capture.readyToSend}</p>
        <h4 id="send-title">{t.title}</h4>
        <p>{t.explain}</p>
        {request.legalDeadline && <p className="send-deadline">{t.deadlineFirst(toPersianDigits(request.legalDeadline.replaceAll('-', '/')))}</p>}
        {sana === null && <p className="form-notice sana-waiting">{fa.sanaConsent.counterWaiting}</p>}
        {sana?.given === false && <p className="form-error">{fa.sanaConsent.counterDeclined}</p>}
        {sana?.given === true && <p className="form-notice">{fa.sanaConsent.counterGiven(fa.desk.identity.documents[sana.identityDocument] ?? sana.identityDocument)}</p>}
        <button type="button" className="button button-primary send-button" disabled={send.busy || blocked} onClick={doSend} autoFocus={!blocked}>
          {t.send} <kbd>Enter</kbd>
        </button>
        <FormError error={send.error} />
      </section>
    );
  }
  return request.submission ? <SubmissionCard request={request} /> : null;
}

/** What happened to a sent request: waiting in the outbox, refused, delivered with its tracking code, decided. */
export function SubmissionCard({ request }: { request: RequestView }) {
  const t = fa.send;
  const sub = request.submission!;
  const sync = useSyncStatus();
  const link = sync.data?.link;
  return (
    <section className={`submission-card submission-${sub.state}`} aria-labelledby="submission-title">
      <h4 id="submission-title">{t.stateTitle[sub.state]}</h4>
      {sub.trackingCode ? (
        <p className="tracking-code">
          <span>{t.trackingCode}</span>
          <strong dir="ltr">{formatTrackingCode(sub.trackingCode)}</strong>
        </p>
      ) : (
        <p>{sub.state !== 'queued' ? t.needsPerson : link === 'online' ? t.queuedOnline : link === 'unenrolled' ? t.queuedUnenrolled : t.queuedOffline}</p>
      )}
      <p className="muted">
        {t.queuedAt(toPersianDigits(formatJalaliDateShort(sub.queuedAt)), toPersianDigits(formatTime(sub.queuedAt, false)), toPersianDigits(sub.pages))}
        {sub.deliveredAt && ` ${t.deliveredAt(toPersianDigits(formatTime(sub.deliveredAt, false)))}`}
      </p>
      {sub.lastErrorCode && sub.state !== 'delivered' && <p className="form-error">{syncErrorText(sub.lastErrorCode)}</p>}
      {sub.authorityStatus && (
        <p className={sub.authorityStatus === 'accepted' ? 'form-notice' : 'form-error'}>
          {t.authority[sub.authorityStatus]}
          {sub.authorityReason && `: ${sub.authorityReason}`}
        </p>
      )}
      <FilingReceipt request={request} withCode={false} />
    </section>
  );
}
