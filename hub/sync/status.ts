/**
 * What the screens show of the outbox: every item with its progress and days left, the link, the
 * deadline alarms within the margin, what is left to upload.
 */
import { daysLeft } from '../../core/request/legalDeadline';
import { jalaliDayOf } from '../../core/format/jalaliDay';
import type { SyncItemView, SyncStatusView } from '../../core/api/sync';
import * as s from '../../db/sync';
import * as r from '../../db/requests';
import { DEFAULT_MARGIN_DAYS, MARGIN_KEY, nowIso, type Content, type SyncDeps } from './context';
import { currentPendingEnrollment, pendingView } from './enrolment';
import { retentionDays } from './retention';

type ViewDeps = Pick<SyncDeps, 'db' | 'now' | 'state'>;

export function marginDays(deps: Pick<SyncDeps, 'db'>): number {
  return Number(s.stateValue(deps.db, MARGIN_KEY) ?? DEFAULT_MARGIN_DAYS);
}

export function setMarginDays(deps: Pick<SyncDeps, 'db' | 'nudge'>, days: number): void {
  s.setStateValue(deps.db, MARGIN_KEY, String(days));
  deps.nudge.changed();
}

export function items(deps: ViewDeps): SyncItemView[] {
  return itemRows(deps).map((row) => row.view);
}

/** Every outbox item with its submission, read once for both the items table and the status. */
function itemRows(deps: ViewDeps): { view: SyncItemView; sub: s.SubmissionRow }[] {
  const { db } = deps;
  const today = jalaliDayOf(deps.now());
  return s.outboxItems(db).map((o) => {
    const sub = s.submission(db, o.submissionId)!;
    const req = r.getRequest(db, sub.requestId);
    const progress = deps.state.inFlight.get(o.submissionId) ?? null;
    const view: SyncItemView = {
      submissionId: o.submissionId,
      requestId: sub.requestId,
      requestYear: req?.year ?? 0,
      requestNumber: req?.number ?? 0,
      state: o.state,
      sending: progress !== null,
      deadline: o.deadline,
      daysLeft: o.deadline ? safeDaysLeft(o.deadline, today) : null,
      queuedAt: o.queuedAt,
      pages: sub.pages,
      bytes: sub.bytes,
      attempts: o.attempts,
      nextAttemptAt: o.state === 'pending' ? o.nextAttemptAt : null,
      lastErrorCode: o.lastErrorCode,
      lastErrorMessage: o.lastErrorMessage,
      progress,
    };
    return { view, sub };
  });
}

/** What of a submission is still to upload: its distinct pages (`sub.bytes`) less those the central confirmed. */
function bytesLeftOf(deps: Pick<SyncDeps, 'db'>, sub: s.SubmissionRow): number {
  const confirmed = s.confirmedPages(deps.db, sub.id);
  if (confirmed.size === 0) return sub.bytes;
  const sizes = new Map<string, number>();
  for (const d of (JSON.parse(sub.content) as Content).documents) for (const pg of d.pages) sizes.set(pg.sha256, pg.bytes);
  let done = 0;
  for (const sha of confirmed) done += sizes.get(sha) ?? 0;
  return sub.bytes - done;
}

export function status(deps: ViewDeps): SyncStatusView {
  const { db, state } = deps;
  const identity = s.identity(db);
  const rows = itemRows(deps);
  const all = rows.map((row) => row.view);
  const margin = marginDays(deps);
  const pending = all.filter((i) => i.state === 'pending');
  const bytesLeft = rows.filter((row) => row.view.state === 'pending').reduce((sum, row) => sum + bytesLeftOf(deps, row.sub), 0);
  const current = all.find((i) => i.progress) ?? null;
  return {
    enrolled: identity !== null,
    centralUrl: identity?.centralUrl ?? null,
    officeName: identity?.officeName ?? null,
    officeCode: identity?.officeCode ?? null,
    pendingEnrollment: pendingView(currentPendingEnrollment(deps)),
    link: identity === null ? 'unenrolled' : state.identityProblem ? 'refused' : state.link,
    pending: pending.length,
    rejected: all.filter((i) => i.state === 'rejected').length,
    flagged: all.filter((i) => i.state === 'flagged').length,
    deadlineBound: pending.filter((i) => i.deadline !== null).length,
    bytesLeft,
    current: current ? { submissionId: current.submissionId, requestYear: current.requestYear, requestNumber: current.requestNumber, progress: current.progress! } : null,
    lastError: state.identityProblem ? { ...state.identityProblem, at: state.lastError?.at ?? nowIso(deps) } : state.lastError,
    nextRetryAt: s.nextAttemptAt(db),
    lastDeliveredAt: state.lastDeliveredAt,
    lastPullAt: state.lastPullAt,
    marginDays: margin,
    retentionDays: retentionDays(deps),
    alarms: all
      .filter((i) => i.daysLeft !== null && i.daysLeft <= margin)
      .map((i) => ({ submissionId: i.submissionId, requestId: i.requestId, requestYear: i.requestYear, requestNumber: i.requestNumber, deadline: i.deadline!, daysLeft: i.daysLeft! })),
  };
}

function safeDaysLeft(deadline: string, today: { year: number; month: number; day: number }): number | null {
  try {
    return daysLeft(deadline, today);
  } catch {
    return 0; // an unreadable deadline alarms at once rather than never
  }
}
