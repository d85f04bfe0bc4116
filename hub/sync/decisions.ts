/**
 * The authority's decisions (accepted / returned) pulled from the central, applied to their requests
 * with the status cursor in one transaction.
 */
import type * as p from '../../core/sync/protocol';
import * as s from '../../db/sync';
import * as r from '../../db/requests';
import { record } from '../audit/auditLog';
import { STATUS_CURSOR, type SyncDeps } from './context';

export function applyStatuses(deps: Pick<SyncDeps, 'db' | 'now' | 'requests'>, updates: p.StatusUpdate[], cursor: number): void {
  const { db, requests } = deps;
  const changed: string[] = [];
  db.transaction(() => {
    for (const u of updates) {
      const sub = s.submission(db, u.submissionId);
      if (!sub || sub.authorityStatus === u.status) continue;
      s.setAuthorityStatus(db, sub.id, u.status, u.reason, u.at);
      const req = r.getRequest(db, sub.requestId);
      const event = u.status === 'accepted' ? ({ type: 'accepted' } as const) : ({ type: 'returned', reason: u.reason?.trim() || '—' } as const);
      if (req && req.status === 'submitted') requests.step(req, event, null);
      record(db, deps.now(), { actor: 'central', action: 'authorityDecision', subject: `request:${sub.requestId}`, reason: u.reason, detail: { submissionId: sub.id, status: u.status } });
      changed.push(sub.requestId);
    }
    s.setStateValue(db, STATUS_CURSOR, String(cursor));
  }).immediate();
  for (const id of changed) requests.changed(id);
}
