/**
 * The manager's statistics (ماده ۳۵ ب): the package for a period (statisticsPackage.ts), its files
 * (PDF through native/statistics, CSV and XLSX through files.ts), and the central's requests: listed
 * with their days left, and sent — the package made now for the request's period, queued with the
 * request (db/statistics) and delivered by the sync's next pull, which is started at once.
 */
import type { StatisticsFormat, StatisticsRequestView } from '../../core/api/statistics';
import { DomainError } from '../../core/errors';
import { jalaliDaysBetween, officeDay } from '../../core/format/jalaliDay';
import type { StatisticsPackage } from '../../core/report/statistics';
import * as st from '../../db/statistics';
import { statisticsPdf } from '../../native/statistics';
import { record } from '../audit/auditLog';
import type { HubBase } from '../base';
import type { Staff } from '../request/caller';
import { buildStatistics } from './statisticsPackage';
import { statisticsCsv, statisticsXlsx } from './files';

const MIME: Record<StatisticsFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function requestView(r: st.StatisticsRequestRow, now: Date): StatisticsRequestView {
  const dueDay = officeDay(new Date(Date.parse(r.dueAt) - 1));
  const past = now.getTime() > Date.parse(r.dueAt);
  return {
    id: r.id,
    from: r.from,
    to: r.to,
    dueAt: r.dueAt,
    receivedAt: r.receivedAt,
    daysLeft: jalaliDaysBetween(officeDay(now), dueDay),
    state: r.sentAt ? 'sent' : r.queuedAt ? 'queued' : 'waiting',
    queuedAt: r.queuedAt,
    sentAt: r.sentAt,
    late: r.sentAt ? r.late === 1 : past,
    lastError: r.lastError,
  };
}

export class StatisticsService {
  constructor(
    private readonly hub: HubBase,
    /** starts one pull from the central now (decisions, tariffs, statistics requests, queued packages) */
    private readonly pull: () => Promise<void>,
  ) {}

  package(from: string, to: string): StatisticsPackage {
    return buildStatistics(this.hub.db, from, to, this.hub.now());
  }

  /** The package as a file; read before the first await (one consistent snapshot). */
  async export(from: string, to: string, format: StatisticsFormat): Promise<{ fileName: string; mime: string; base64: string }> {
    const p = this.package(from, to);
    const bytes = format === 'csv' ? statisticsCsv(p) : format === 'xlsx' ? await statisticsXlsx(p) : await statisticsPdf(this.hub.pdfPrinter(), p);
    return { fileName: `daftaryar-statistics-${from}_${to}.${format}`, mime: MIME[format], base64: bytes.toString('base64') };
  }

  requests(): StatisticsRequestView[] {
    const now = this.hub.now();
    return st.statisticsRequests(this.hub.db).map((r) => requestView(r, now));
  }

  /** The request's package queued (made now, for its period); then one pull, which delivers it if the link is up. */
  async send(requestId: string, staff: Staff): Promise<StatisticsRequestView> {
    const db = this.hub.db;
    const id = requestId.toLowerCase();
    const r = st.statisticsRequest(db, id);
    if (!r) throw new DomainError('STATISTICS_REQUEST_UNKNOWN', `no statistics request ${id}`);
    if (r.sentAt) throw new DomainError('STATISTICS_ALREADY_SENT', `statistics request ${id} was sent at ${r.sentAt}`);
    if (!r.queuedAt) {
      const p = this.package(r.from, r.to);
      const at = this.hub.now();
      db.transaction(() => {
        st.queueStatistics(db, id, JSON.stringify(p), at.toISOString(), staff.userId);
        record(db, at, { actor: `staff:${staff.userId}`, action: 'statisticsQueued', subject: `statistics:${id}`, detail: { from: r.from, to: r.to } });
      }).immediate();
    }
    await this.pull();
    return requestView(st.statisticsRequest(db, id)!, this.hub.now());
  }
}
