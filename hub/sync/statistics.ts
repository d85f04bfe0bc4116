/**
 * Statistics for the central (ماده ۳۵ ب): its requests pulled by cursor (like decisions and tariffs),
 * stored once each; the packages the manager queued (db/statistics: the JSON as made when sent)
 * delivered one by one. The central stores a package that arrives after the due instant as late and
 * says so; that answer is kept. A package the central refuses for good (another period, another
 * package for an answered request) stays queued with the error for the manager to see.
 */
import type * as p from '../../core/sync/protocol';
import * as st from '../../db/statistics';
import * as s from '../../db/sync';
import { record } from '../audit/auditLog';
import { CentralError } from './centralClient';
import type { Connection } from './connection';
import { STATISTICS_CURSOR, nowIso, type SyncDeps } from './context';

type Deps = Pick<SyncDeps, 'db' | 'now' | 'log' | 'state'>;

export function applyStatisticsRequests(deps: Deps, requests: p.StatisticsRequest[]): void {
  const { db } = deps;
  if (requests.length === 0) return;
  db.transaction(() => {
    for (const r of requests) {
      if (st.insertStatisticsRequest(db, { id: r.requestId.toLowerCase(), seq: r.seq, from: r.from, to: r.to, dueAt: r.dueAt, receivedAt: nowIso(deps) })) {
        record(db, deps.now(), { actor: 'central', action: 'statisticsRequested', subject: `statistics:${r.requestId.toLowerCase()}`, detail: { from: r.from, to: r.to, dueAt: r.dueAt } });
      }
    }
    s.setStateValue(db, STATISTICS_CURSOR, String(Math.max(...requests.map((r) => r.seq))));
  }).immediate();
}

export async function pullStatisticsRequests(deps: Deps, conn: Connection): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const after = Number(s.stateValue(deps.db, STATISTICS_CURSOR) ?? 0);
    const { requests } = await conn.client.statisticsRequests(after);
    const fresh = requests.filter((r) => r.seq > after);
    applyStatisticsRequests(deps, fresh);
    if (fresh.length < 100) return;
  }
}

/**
 * Delivers every queued package. A network failure stops the round (the next pull tries again) and is
 * thrown to the caller; a refusal is noted on the request and the others go on.
 */
export async function deliverQueuedStatistics(deps: Deps, conn: Connection): Promise<void> {
  for (const q of st.queuedStatistics(deps.db)) {
    try {
      const answer = await conn.client.putStatistics(q.id, q.body!);
      deps.db.transaction(() => {
        st.markStatisticsSent(deps.db, q.id, answer.receivedAt, answer.late);
        record(deps.db, deps.now(), { actor: 'system', action: 'statisticsSent', subject: `statistics:${q.id}`, detail: { receivedAt: answer.receivedAt, late: answer.late } });
      }).immediate();
    } catch (err) {
      if (err instanceof CentralError && err.status !== null && err.disposition === 'person') {
        st.noteStatisticsError(deps.db, q.id, `${err.code}: ${err.message}`);
        continue;
      }
      if (err instanceof CentralError) st.noteStatisticsError(deps.db, q.id, `${err.code}: ${err.message}`);
      throw err;
    }
  }
}
