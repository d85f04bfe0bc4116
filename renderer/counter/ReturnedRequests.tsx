import type { FollowUpLink } from '../../core/api/followUp-types';
import { serviceFa } from '../../core/fees/labels.fa';
import { formatJalaliDateShort } from '../../core/format/jalali';
import { formatTrackingCode } from '../../core/format/trackingCode';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { useHubData } from '../app/useHubData';
import { fa } from '../i18n/fa';
import { CounterListSection } from './CounterListSection';

/**
 * «درخواست‌های برگشتی (رفع نقص)»: the filings the authority returned, newest first, with the reason,
 * the tracking code and the remedy request under way. At a counter serving a ticket, «رفع نقص» opens
 * the remedy request on that ticket (followUp.start), and the desk shows it. The manager's console
 * shows the same list without the action. Names are shortened (ماده ۳۸ ب): the list identifies a
 * filing, it does not open one.
 */
export function ReturnedRequests({ counterId, serving }: { counterId: number | null; serving: boolean }) {
  const t = fa.followUp;
  const { client } = useEnv();
  const data = useHubData(() => client.call('followUp.returned', {}), ['request.changed', 'sync.changed']);
  const { busy, error: message, run } = useAction();
  const items = data.data?.items ?? [];

  async function start(requestId: string) {
    if (counterId === null) return;
    await run(async () => {
      await client.call('followUp.start', { requestId, counterId });
      await data.reload();
    });
  }

  return (
    <CounterListSection id="returned-requests-title" className="returned-requests" title={t.title} count={items.length} actionError={message} loadError={data.error} empty={t.empty}>
        <ul className="returned-list">
          {items.map((r) => (
            <li key={r.requestId} className="returned-item" data-request={r.requestId}>
              <div className="returned-head">
                <strong className="num">{toPersianDigits(`${r.year}/${r.number}`)}</strong>
                <span>{serviceFa[r.service]}</span>
                {r.applicantName && <span>{r.applicantName}</span>}
                <span className="muted">{formatJalaliDateShort(r.returnedAt)}</span>
              </div>
              <div className="returned-code">
                <span className="muted">{t.trackingCode}</span> <span dir="ltr" className="num">{formatTrackingCode(r.trackingCode)}</span>
              </div>
              <p className="returned-reason">
                <span className="muted">{t.reason}:</span> {r.reason ?? '—'}
              </p>
              <div className="returned-actions">
                {r.followUp ? (
                  <span className="badge">{t.underWay(toPersianDigits(`${r.followUp.year}/${r.followUp.number}`), t.statuses[r.followUp.status])}</span>
                ) : counterId !== null ? (
                  <button type="button" className="button button-primary" disabled={busy || !serving} title={serving ? undefined : t.startNeedsTicket} onClick={() => void start(r.requestId)}>
                    {t.start}
                  </button>
                ) : (
                  <span className="muted">{t.notYet}</span>
                )}
              </div>
            </li>
          ))}
        </ul>
    </CounterListSection>
  );
}

/** On a remedy request's card: which filing it answers and why the authority returned it. */
export function FollowUpBanner({ link }: { link: FollowUpLink }) {
  const t = fa.followUp;
  return (
    <div className="follow-up-banner" role="note">
      <p>
        <strong>{t.banner(toPersianDigits(`${link.year}/${link.number}`))}</strong> · {t.trackingCode} <span dir="ltr" className="num">{formatTrackingCode(link.trackingCode)}</span>
      </p>
      <p>
        <span className="muted">{t.bannerReason}</span> <strong className="follow-up-reason">{link.reason}</strong>
      </p>
      <p className="muted">{t.bannerHint}</p>
    </div>
  );
}
