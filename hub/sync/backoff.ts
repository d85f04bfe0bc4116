/**
 * What a failed delivery does to its item: a local defect is flagged for a person, a permanent refusal
 * is rejected (audited), anything else is retried later with capped exponential backoff and full jitter.
 */
import * as s from '../../db/sync';
import { record } from '../audit/auditLog';
import { CentralError } from './centralClient';
import { LocalDefect, type SyncDeps } from './context';

/** Capped exponential backoff with full jitter, never sooner than the central asked. */
export function retryAt(deps: Pick<SyncDeps, 'now' | 'opts'>, attempts: number, retryAfterMs: number | null): string {
  const { backoff, random } = deps.opts;
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  const wait = Math.max(Math.floor(random() * ceiling), retryAfterMs ?? 0);
  return new Date(deps.now().getTime() + wait).toISOString();
}

export function failed(deps: Pick<SyncDeps, 'db' | 'now' | 'log' | 'opts' | 'state' | 'nudge'>, item: s.OutboxRow, err: unknown): void {
  const { db, state } = deps;
  const id = item.submissionId;
  const at = deps.now();
  const attempts = item.attempts + 1;
  if (err instanceof LocalDefect) {
    s.setOutboxState(db, id, 'flagged', err.code, err.message, at.toISOString());
    deps.log.warn('outbox item flagged', { submissionId: id, code: err.code });
    return;
  }
  if (!(err instanceof CentralError)) {
    deps.log.error('outbox item failed unexpectedly', { submissionId: id, err: String(err) });
    s.scheduleRetry(db, id, retryAt(deps, attempts, null), 'INTERNAL', String(err).slice(0, 500));
    return;
  }
  state.lastError = { code: err.code, message: err.message.slice(0, 500), at: at.toISOString() };
  switch (err.disposition) {
    case 'person':
      db.transaction(() => {
        s.setOutboxState(db, id, 'rejected', err.code, err.message.slice(0, 1000), at.toISOString());
        record(db, at, { actor: 'system', action: 'submissionRejected', subject: `submission:${id}`, reason: err.message.slice(0, 500), detail: { code: err.code, status: err.status } });
      }).immediate();
      return;
    case 'reupload':
      s.forgetConfirmedPages(db, id);
      s.scheduleRetry(db, id, retryAt(deps, attempts, null), err.code, err.message.slice(0, 1000));
      return;
    case 'identity':
      state.identityProblem = { code: err.code, message: err.message.slice(0, 500) };
      s.scheduleRetry(db, id, retryAt(deps, attempts, err.retryAfterMs), err.code, err.message.slice(0, 1000));
      deps.nudge.offline();
      return;
    case 'retry':
      s.scheduleRetry(db, id, retryAt(deps, attempts, err.retryAfterMs), err.code, err.message.slice(0, 1000));
      if (err.status === null) deps.nudge.offline();
      return;
  }
}
