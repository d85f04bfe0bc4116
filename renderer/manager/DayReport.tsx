import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import type { outOfTurnReasons } from '../../core/api/queue';
import { formatJalaliDateLong, formatTime } from '../../core/format/jalali';
import { officeDay } from '../../core/format/jalaliDay';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';
import { reportCsv } from './reportCsv';
import { figure, minutes, officeDayLabel, percent, shown } from './figures';
import { FormError } from '../components/FormFooter';
import { DataTable } from '../components/DataTable';
import { saveFile } from '../app/download';
import { KpiCard } from '../components/KpiCard';

type Report = ProcedureOutput<'queue.dayReport'>;
type Kpis = Report['total'];
type OutOfTurnReason = (typeof outOfTurnReasons)[number];

/** Days offered as buttons: today and the six before it. */
export const REPORT_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

// The catalogue must name every reason the contract knows (the compiler checks it here).
const reasonText: Record<OutOfTurnReason, string> = fa.managerQueue.outOfTurnReasons;

interface DayChoice {
  /** `1403-12-09`; today is sent as no day at all, so the hub's clock decides what today is */
  day: string | undefined;
  label: string;
}

/** Today and the previous office days, newest first (Iran keeps no daylight saving: a day is 24 h). */
export function reportDays(now: Date, count = REPORT_DAYS): DayChoice[] {
  const t = fa.managerQueue.report;
  return Array.from({ length: count }, (_, n) => {
    const instant = new Date(now.getTime() - n * DAY_MS);
    return { day: n === 0 ? undefined : officeDay(instant), label: n === 0 ? t.today : n === 1 ? t.yesterday : formatJalaliDateLong(instant) };
  });
}

/** A day of the queue from its events: totals, per service, per counter, out-of-turn calls, CSV. */
export function DayReport() {
  const { client } = useEnv();
  const [days] = useState(() => reportDays(new Date()));
  const [chosen, setChosen] = useState(0);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const t = fa.managerQueue.report;

  const load = useCallback(
    async (index: number) => {
      const ask = ++latest.current;
      setLoading(true);
      setError(null);
      const day = days[index]?.day;
      try {
        const answer = await client.call('queue.dayReport', day === undefined ? {} : { day });
        if (ask === latest.current) setReport(answer);
      } catch (err) {
        if (ask === latest.current) {
          setReport(null);
          setError(errorText(err));
        }
      } finally {
        if (ask === latest.current) setLoading(false);
      }
    },
    [client, days],
  );

  useEffect(() => {
    void load(chosen);
  }, [load, chosen]);
  useEffect(() => () => void latest.current++, []);

  return (
    <div className="day-report" aria-busy={loading}>
      <div className="day-picker" role="group" aria-label={t.pickDay}>
        {days.map((d, i) => (
          <button key={d.day ?? 'today'} type="button" className={`button${i === chosen ? ' button-primary' : ''}`} aria-pressed={i === chosen} onClick={() => setChosen(i)}>
            {d.label}
          </button>
        ))}
      </div>
      <FormError error={error} />
      {loading && !report && <EmptyState>{fa.common.loading}</EmptyState>}
      {report && <ReportBody report={report} />}
    </div>
  );
}

function ReportBody({ report }: { report: Report }) {
  const t = fa.managerQueue.report;
  const { client } = useEnv();
  const [exportError, setExportError] = useState<string | null>(null);
  /** The export is recorded in the audit trail first; no record, no file. */
  async function exportCsv(r: Report) {
    setExportError(null);
    const fileName = `daftaryar-queue-${r.day}.csv`;
    try {
      await client.call('report.exported', { report: { kind: 'queueDay', day: r.day }, format: 'csv', fileName });
      downloadCsv(r, fileName);
    } catch (err) {
      setExportError(errorText(err));
    }
  }
  const target = figure(report.serviceLevelMinutes);
  return (
    <>
      <div className="report-head">
        <h2 id="report-title">{t.title(officeDayLabel(report.day))}</h2>
        <button type="button" className="button" onClick={() => void exportCsv(report)}>
          {t.downloadCsv}
        </button>
        <FormError error={exportError} />
      </div>
      {report.total.tickets === 0 ? (
        <EmptyState>{t.noTickets}</EmptyState>
      ) : (
        <>
          <ul className="kpi-cards" aria-labelledby="report-title">
            <KpiCard label={t.kpis.tickets} value={figure(report.total.tickets)} />
            <KpiCard label={t.kpis.served} value={figure(report.total.served)} />
            <KpiCard label={t.kpis.noShowPercent} value={percent(report.total.noShowPercent)} />
            <KpiCard label={t.kpis.averageWaitMinutes} value={minutes(report.total.averageWaitMinutes)} />
            <KpiCard label={t.kpis.maxWaitMinutes} value={minutes(report.total.maxWaitMinutes)} />
            <KpiCard label={t.kpis.averageServiceMinutes} value={minutes(report.total.averageServiceMinutes)} />
            <KpiCard label={t.withinTarget(target)} value={percent(report.total.withinTargetPercent)} />
          </ul>
          <KpiTable
            id="report-services"
            title={t.byServiceTitle}
            nameColumn={t.serviceColumn}
            target={target}
            rows={report.byService.map((s) => ({
              key: s.serviceId,
              name: (
                <>
                  <span className="service-prefix">{shown(s.prefix)}</span> {shown(s.name)}
                </>
              ),
              kpis: s.kpis,
            }))}
          />
          <KpiTable
            id="report-counters"
            title={t.byCounterTitle}
            nameColumn={t.counterColumn}
            target={target}
            rows={report.byCounter.map((c) => ({ key: c.counterId, name: fa.managerQueue.counterName(figure(c.number)), kpis: c.kpis }))}
          />
        </>
      )}
      <OutOfTurnTable calls={report.outOfTurn} />
    </>
  );
}

interface KpiRow {
  key: number;
  name: ReactNode;
  kpis: Kpis;
}

function KpiTable({ id, title, nameColumn, target, rows }: { id: string; title: string; nameColumn: string; target: string; rows: KpiRow[] }) {
  const k = fa.managerQueue.report.kpis;
  const t = fa.managerQueue.report;
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <DataTable
        labelledBy={`${id}-title`}
        columns={[
          nameColumn,
          k.tickets,
          k.served,
          k.noShows,
          k.noShowPercent,
          t.minutesColumn(k.averageWaitMinutes),
          t.minutesColumn(k.maxWaitMinutes),
          t.minutesColumn(k.averageServiceMinutes),
          t.withinTarget(target),
          k.transfers,
          k.recalls,
          k.outOfTurn,
        ]}
      >
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.name}</th>
            <td className="number-cell">{figure(r.kpis.tickets)}</td>
            <td className="number-cell">{figure(r.kpis.served)}</td>
            <td className="number-cell">{figure(r.kpis.noShows)}</td>
            <td className="number-cell">{percent(r.kpis.noShowPercent)}</td>
            <td className="number-cell">{figure(r.kpis.averageWaitMinutes)}</td>
            <td className="number-cell">{figure(r.kpis.maxWaitMinutes)}</td>
            <td className="number-cell">{figure(r.kpis.averageServiceMinutes)}</td>
            <td className="number-cell">{percent(r.kpis.withinTargetPercent)}</td>
            <td className="number-cell">{figure(r.kpis.transfers)}</td>
            <td className="number-cell">{figure(r.kpis.recalls)}</td>
            <td className="number-cell">{figure(r.kpis.outOfTurn)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function OutOfTurnTable({ calls }: { calls: Report['outOfTurn'] }) {
  const t = fa.managerQueue.report;
  const c = t.outOfTurnColumns;
  return (
    <section aria-labelledby="report-out-of-turn-title">
      <h3 id="report-out-of-turn-title">{t.outOfTurnTitle}</h3>
      {calls.length === 0 ? (
        <EmptyState>{t.noOutOfTurn}</EmptyState>
      ) : (
        <DataTable labelledBy="report-out-of-turn-title" columns={[c.at, c.ticket, c.counter, c.staff, c.reason, c.note]}>
          {calls.map((call, i) => (
            <tr key={`${call.at}-${i}`}>
              <td>
                <time dateTime={call.at}>{formatTime(call.at, false)}</time>
              </td>
              <td className="ticket-display">{call.ticket}</td>
              <td>{figure(call.counterNumber)}</td>
              <td>{shown(call.staff) || fa.managerQueue.nothing}</td>
              <td>{reasonText[call.reason]}</td>
              <td>{shown(call.note) || fa.managerQueue.nothing}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** Save the report as CSV (UTF-8 with BOM, so Excel reads Persian) as a file. */
function downloadCsv(report: Report, fileName: string): void {
  saveFile(new Blob([reportCsv(report)], { type: 'text/csv;charset=utf-8' }), fileName);
}
