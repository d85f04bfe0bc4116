/**
 * One pull from the central: the authority's decisions page by page from the status cursor, then the
 * tariff tables published since the tariff cursor, then the central's statistics requests, and the
 * statistics packages the manager queued are delivered (hub/sync/statistics.ts). A network or identity failure marks the link down.
 */
import * as s from '../../db/sync';
import { CentralError } from './centralClient';
import { clientFor } from './connection';
import { STATUS_CURSOR, TARIFF_CURSOR, nowIso, type SyncDeps } from './context';
import { applyStatuses } from './decisions';
import { applyTariffs } from './tariffs';
import { pullComplaintKey } from './complaints';
import { deliverQueuedStatistics, pullStatisticsRequests } from './statistics';

export async function pullNow(deps: SyncDeps): Promise<void> {
  const { db, state } = deps;
  if (state.link === 'offline' || state.identityProblem) return;
  const conn = clientFor(deps);
  if (!conn) return;
  try {
    for (;;) {
      const after = Number(s.stateValue(db, STATUS_CURSOR) ?? 0);
      const { updates, next } = await conn.client.status(after);
      applyStatuses(deps, updates, Math.max(next, after));
      if (updates.length === 0 || next <= after) break;
    }
    const tables = await conn.client.tariffs(Number(s.stateValue(db, TARIFF_CURSOR) ?? 0));
    applyTariffs(deps, tables.tables, conn.identity);
    await pullComplaintKey(deps, conn.client, conn.identity);
    await pullStatisticsRequests(deps, conn);
    await deliverQueuedStatistics(deps, conn);
    state.lastPullAt = nowIso(deps);
    state.link = 'online';
  } catch (err) {
    if (err instanceof CentralError) {
      state.lastError = { code: err.code, message: err.message.slice(0, 500), at: nowIso(deps) };
      if (err.disposition === 'identity') state.identityProblem = { code: err.code, message: err.message };
      if (err.status === null || err.disposition === 'identity') deps.nudge.offline();
    } else deps.log.error('pulling from the central failed', { err: String(err) });
  }
  deps.nudge.changed();
}
