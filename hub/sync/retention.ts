/**
 * Retention (ماده ۳۸ ب): how long the pages of a receipted submission stay at the office, and the sweep
 * that removes them afterwards (the request, its manifest and the signed receipt stay).
 */
import * as s from '../../db/sync';
import type { Staff } from '../request/requestService';
import { record } from '../audit/auditLog';
import { DEFAULT_RETENTION_DAYS, RETENTION_KEY, type SyncDeps } from './context';

export function retentionDays(deps: Pick<SyncDeps, 'db'>): number {
  return Number(s.stateValue(deps.db, RETENTION_KEY) ?? DEFAULT_RETENTION_DAYS);
}

export function setRetentionDays(deps: Pick<SyncDeps, 'db' | 'now' | 'nudge'>, days: number, staff: Staff): void {
  const { db } = deps;
  db.transaction(() => {
    const was = retentionDays(deps);
    s.setStateValue(db, RETENTION_KEY, String(days));
    record(db, deps.now(), { actor: `staff:${staff.userId}`, action: 'deviceSettingChanged', subject: 'retention', detail: { was, days } });
  }).immediate();
  deps.nudge.changed();
}

/**
 * The page images and OCR text of requests whose submission the central receipted more than
 * `retentionDays` ago leave the office. Pages are marked and their files queued in one transaction per
 * request (audited); files go afterwards, each only if no other page still needs it (the store is
 * content-addressed), so a crash in between leaves the queue for the next run.
 */
export async function purge(deps: Pick<SyncDeps, 'db' | 'now' | 'log' | 'store'>): Promise<{ requests: number; pages: number; files: number }> {
  const { db } = deps;
  const now = deps.now();
  const cutoff = new Date(now.getTime() - retentionDays(deps) * 86_400_000).toISOString();
  let requests = 0;
  let pages = 0;
  for (const cand of s.purgeCandidates(db, cutoff, 200)) {
    db.transaction(() => {
      const n = s.purgeRequestPages(db, cand.requestId, now.toISOString());
      record(db, now, {
        actor: 'system',
        action: 'documentsPurged',
        subject: `request:${cand.requestId}`,
        detail: { submissionId: cand.submissionId, pages: n, deliveredAt: cand.deliveredAt, retentionDays: retentionDays(deps) },
      });
      pages += n;
    }).immediate();
    requests++;
  }
  let files = 0;
  for (const sha of s.fileGcQueue(db)) {
    if (!s.fileStillNeeded(db, sha)) {
      await deps.store.remove(sha);
      files++;
    }
    s.fileGcDone(db, sha);
  }
  if (requests > 0) deps.log.info('retention removed the pages of receipted submissions', { requests, pages, files });
  return { requests, pages, files };
}
