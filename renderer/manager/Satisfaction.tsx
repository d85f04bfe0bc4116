import { useState, type FormEvent } from 'react';
import type { RatingSummary, RatingTally } from '../../core/api/rating';
import { officeDay } from '../../core/format/jalaliDay';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { useHubData } from '../app/useHubData';
import { Field } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { figure, officeDayLabel } from './figures';

/**
 * Satisfaction (ماده ۱۸) and anonymous complaints (ماده ۲۰) for the manager: the ratings of a range of
 * office days summed by service, counter and day (count, average, the 1–5 distribution, the reasons of
 * low scores) — never one answer — and how many complaints were queued and delivered per day.
 */
export function Satisfaction() {
  return (
    <div className="queue-config">
      <RatingSummaryCard />
      <ComplaintDays />
    </div>
  );
}

function RatingSummaryCard() {
  const t = fa.feedback;
  const { client } = useEnv();
  const action = useAction();
  const [from, setFrom] = useState(() => officeDayLabel(`${officeDay(new Date()).slice(0, 8)}01`));
  const [to, setTo] = useState(() => officeDayLabel(officeDay(new Date())));
  const [summary, setSummary] = useState<RatingSummary | null>(null);

  async function show(e: FormEvent) {
    e.preventDefault();
    const s = await action.run(() => client.call('rating.summary', { from, to }));
    setSummary(s ?? null);
  }

  return (
    <section className="card" aria-labelledby="rating-summary-title">
      <h2 id="rating-summary-title">{t.managerTitle}</h2>
      <p className="form-notice">{t.privacy}</p>
      <form className="inline-form rating-range" onSubmit={(e) => void show(e)} noValidate>
        <Field label={t.from} value={from} onChange={(e) => setFrom(e.target.value)} inputMode="numeric" error={action.fields.from} />
        <Field label={t.to} value={to} onChange={(e) => setTo(e.target.value)} inputMode="numeric" error={action.fields.to} />
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t.show}
        </button>
      </form>
      <FormError error={action.error} />
      {summary && (summary.overall.count === 0 ? <p>{t.none}</p> : <SummaryTables summary={summary} />)}
    </section>
  );
}

/** «۱: ۰، ۲: ۱، …»: each score with how many gave it, so the order reads the same either way. */
export const distribution = (d: readonly number[]) => d.map((n, i) => `${toPersianDigits(i + 1)}: ${toPersianDigits(n)}`).join('، ');

function TallyCells({ tally }: { tally: RatingTally }) {
  return (
    <>
      <td>{toPersianDigits(tally.count)}</td>
      <td>{figure(tally.average)}</td>
      <td>{distribution(tally.distribution)}</td>
    </>
  );
}

function TallyTable({ caption, first, rows }: { caption: string; first: string; rows: { key: string; label: string; tally: RatingTally }[] }) {
  const t = fa.feedback;
  return (
    <table className="table rating-summary-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">{t.count}</th>
          <th scope="col">{t.average}</th>
          <th scope="col">{t.distribution}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <TallyCells tally={r.tally} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SummaryTables({ summary: s }: { summary: RatingSummary }) {
  const t = fa.feedback;
  return (
    <>
      <TallyTable caption={`${t.overall} (${officeDayLabel(s.from)} – ${officeDayLabel(s.to)})`} first="" rows={[{ key: 'all', label: t.overall, tally: s.overall }]} />
      <TallyTable caption={t.byService} first={t.service} rows={s.byService.map((x) => ({ key: String(x.serviceId), label: x.serviceName, tally: x }))} />
      <TallyTable caption={t.byCounter} first={t.counter} rows={s.byCounter.map((x) => ({ key: String(x.counterId), label: fa.counter.sitAt(toPersianDigits(x.counterNumber)), tally: x }))} />
      <TallyTable caption={t.byDay} first={t.day} rows={s.byDay.map((x) => ({ key: x.day, label: officeDayLabel(x.day), tally: x }))} />
      <table className="table rating-summary-table">
        <caption>{t.reasonsTitle}</caption>
        <tbody>
          {s.reasons.map((r) => (
            <tr key={r.code}>
              <th scope="row">{t.reasons[r.code]}</th>
              <td>{toPersianDigits(r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function ComplaintDays() {
  const t = fa.feedback;
  const { client } = useEnv();
  const days = useHubData(() => client.call('complaint.days', {}), ['sync.changed']);
  return (
    <section className="card" aria-labelledby="complaint-days-title">
      <h2 id="complaint-days-title">{t.complaintsTitle}</h2>
      <p className="form-notice">{t.complaintsHint}</p>
      {days.error && <p className="form-error">{days.error}</p>}
      {days.data && !days.data.accepting && <p className="form-error">{t.notAccepting}</p>}
      {days.data && (days.data.days.length === 0 ? (
        <p>{t.noComplaints}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t.day}</th>
              <th scope="col">{t.queued}</th>
              <th scope="col">{t.delivered}</th>
            </tr>
          </thead>
          <tbody>
            {days.data.days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{officeDayLabel(d.day)}</th>
                <td>{toPersianDigits(d.queued)}</td>
                <td>{toPersianDigits(d.delivered)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
