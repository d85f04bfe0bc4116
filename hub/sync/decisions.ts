/**
 * The authority's decisions (accepted / returned) pulled from the central, applied to their requests
 * with the status cursor in one transaction.
 */
import type * as p from '../../core/sync/protocol';
import * as s from '../../db/sync';
import * as r from '../../db/requests';
import { deliveredSupplementsOf } from '../../db/followUp';
import { record } from '../audit/auditLog';
import { STATUS_CURSOR, type SyncDeps } from './context';

export function applyStatuses(deps: Pick<SyncDeps, 'db' | 'now' | 'requests'>, updates: p.StatusUpdate[], cursor: number): void {
  const { db, requests } = deps;
  const changed: string[] = [];
  db.transaction(() => {
    for (const u of updates) {
      const sub = s.submission(db, u.submissionId);
      // the same decision again is nothing new; a filing returned again after a supplement is
      if (!sub || (sub.authorityStatus === u.status && sub.authorityAt === u.at)) continue;
      s.setAuthorityStatus(db, sub.id, u.status, u.reason, u.at);
      const req = r.getRequest(db, sub.requestId);
      const event = u.status === 'accepted' ? ({ type: 'accepted' } as const) : ({ type: 'returned', reason: u.reason?.trim() || '—' } as const);
      if (req && req.status === 'submitted') requests.step(req, event, null);
      // the decision on a filing after its supplement (رفع نقص) decides the remedy request too
      for (const supplement of deliveredSupplementsOf(db, sub.id)) {
        const remedy = r.getRequest(db, supplement.requestId);
        if (remedy && remedy.status === 'submitted') {
          s.setAuthorityStatus(db, supplement.submissionId, u.status, u.reason, u.at);
          requests.step(remedy, event, null);
          changed.push(remedy.id);
        }
      }
      record(db, deps.now(), { actor: 'central', action: 'authorityDecision', subject: `request:${sub.requestId}`, reason: u.reason, detail: { submissionId: sub.id, status: u.status } });
      changed.push(sub.requestId);
    }
    s.setStateValue(db, STATUS_CURSOR, String(cursor));
  }).immediate();
  for (const id of changed) requests.changed(id);
}
