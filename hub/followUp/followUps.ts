/**
 * Follow-up of a returned request (رفع نقص; docs/SYNC.md § Follow-up of a returned request).
 *
 * The outbox pulls the authority's decisions (hub/sync/decisions.ts); a filing returned with a reason
 * is listed here for staff, and `start` opens a request of service `remedy` on the ticket the
 * caller's counter serves, linked to the returned one (`follow_up`, with the reason as the authority
 * gave it). That request walks the counter's steps like any other — with only the new pages — and
 * «ارسال» (hub/sync/send.ts) sends it as a supplement to the same tracking code.
 *
 * Refused, audited (`followUpRefused`) and nothing changed: a request that is not a returned filing
 * of this office (never delivered, undecided, accepted, itself a remedy) — FOLLOW_UP_NOT_RETURNED;
 * a return that a remedy request is already answering — FOLLOW_UP_EXISTS.
 */
import type { ReturnedItem } from '../../core/api/followUp';
import { DomainError } from '../../core/errors';
import type { ServiceCode } from '../../core/fees/services';
import { maskedApplicantName, type Applicant } from '../../core/identity/applicant';
import { isFinalStatus, type RequestStatus } from '../../core/request/stateMachine';
import * as f from '../../db/followUp';
import * as r from '../../db/requests';
import * as s from '../../db/sync';
import { record } from '../audit/auditLog';
import type { HubBase } from '../base';
import type { RequestService, Staff } from '../request/requestService';

/** The most returned filings the list shows (newest first). */
export const RETURNED_LIST_LIMIT = 200;

/** The remedy request still answering the latest return of `returnedRequestId`, if any. */
function liveFollowUp(hub: HubBase, returnedRequestId: string): (f.FollowUpRow & { status: string }) | null {
  return f.followUpsOfReturned(hub.db, returnedRequestId).find((row) => !isFinalStatus(row.status as RequestStatus)) ?? null;
}

export function returnedList(hub: HubBase): ReturnedItem[] {
  return f.returnedFilings(hub.db, RETURNED_LIST_LIMIT).map((row) => {
    const live = liveFollowUp(hub, row.requestId);
    const remedy = live && r.getRequest(hub.db, live.requestId);
    return {
      requestId: row.requestId,
      year: row.year,
      number: row.number,
      service: row.service as ServiceCode,
      applicantName: row.applicant === null ? null : maskedApplicantName(JSON.parse(row.applicant) as Applicant),
      trackingCode: row.trackingCode,
      reason: row.reason,
      returnedAt: row.returnedAt,
      followUp: remedy ? { requestId: remedy.id, year: remedy.year, number: remedy.number, status: remedy.state.status } : null,
    };
  });
}

/** Opens the remedy request; returns its id. */
export function startFollowUp(hub: HubBase, requests: RequestService, input: { requestId: string; counterId: number }, staff: Staff): string {
  const { db } = hub;
  const refuse = (code: 'FOLLOW_UP_NOT_RETURNED' | 'FOLLOW_UP_EXISTS', why: string, detail: Record<string, unknown> = {}): never => {
    record(db, hub.now(), { actor: `staff:${staff.userId}`, action: 'followUpRefused', subject: `request:${input.requestId}`, reason: null, detail: { code, why, counterId: input.counterId, ...detail } });
    throw new DomainError(code, why);
  };
  const returned = r.getRequest(db, input.requestId);
  const sub = returned ? s.submissionOfRequest(db, returned.id) : null;
  if (!returned || !sub) return refuse('FOLLOW_UP_NOT_RETURNED', 'no filing of this office with that request id');
  if (f.followUpOf(db, returned.id)) return refuse('FOLLOW_UP_NOT_RETURNED', 'a remedy request is followed up through the filing it answers');
  if (sub.trackingCode === null || sub.authorityStatus !== 'returned') {
    return refuse('FOLLOW_UP_NOT_RETURNED', `the filing is ${sub.authorityStatus ?? (sub.trackingCode === null ? 'not delivered' : 'not decided')}, not returned`);
  }
  const live = liveFollowUp(hub, returned.id);
  if (live) return refuse('FOLLOW_UP_EXISTS', 'a remedy request already answers this return', { remedyRequestId: live.requestId });
  const reason = sub.authorityReason?.trim() || returned.state.reason?.trim() || '—';
  const trackingCode = sub.trackingCode;
  let id = '';
  db.transaction(() => {
    id = requests.open({ counterId: input.counterId, service: 'remedy' }, staff);
    const at = hub.now().toISOString();
    f.insertFollowUp(db, { requestId: id, returnedRequestId: returned.id, returnedSubmissionId: sub.id, trackingCode, reason, openedAt: at, openedBy: staff.userId });
    record(db, hub.now(), {
      actor: `staff:${staff.userId}`,
      action: 'followUpStarted',
      subject: `request:${id}`,
      reason,
      detail: { returnedRequestId: returned.id, submissionId: sub.id, trackingCode, counterId: input.counterId },
    });
  }).immediate();
  return id;
}
