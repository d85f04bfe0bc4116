/**
 * A person's part: a rejected or flagged item goes back into the drain once someone has fixed what was
 * wrong, its confirmed pages forgotten so that every page is checked again.
 */
import { DomainError } from '../../core/errors';
import * as s from '../../db/sync';
import type { Staff } from '../request/requestService';
import { record } from '../audit/auditLog';
import { nowIso, type SyncDeps } from './context';

export function resend(deps: Pick<SyncDeps, 'db' | 'now' | 'nudge'>, submissionId: string, staff: Staff): void {
  const { db } = deps;
  const item = s.outboxItem(db, submissionId);
  if (!item) throw new DomainError('SYNC_ITEM_UNKNOWN', 'no such item in the outbox');
  if (item.state === 'pending') return;
  db.transaction(() => {
    s.setOutboxState(db, submissionId, 'pending', item.lastErrorCode, item.lastErrorMessage, nowIso(deps));
    s.forgetConfirmedPages(db, submissionId);
    record(db, deps.now(), { actor: `staff:${staff.userId}`, action: 'submissionResent', subject: `submission:${submissionId}`, detail: { was: item.state, code: item.lastErrorCode } });
  }).immediate();
  deps.nudge.changed();
  deps.nudge.kick();
}
