/**
 * Follow-up of a returned request (رفع نقص; migration 0024, docs/SYNC.md § Follow-up). A remedy
 * request names the returned request it answers (`follow_up`); its submission names the returned
 * submission (`submission.supplement_of`) and is receipted under the same tracking code.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export interface FollowUpRow {
  requestId: string;
  returnedRequestId: string;
  returnedSubmissionId: string;
  trackingCode: string;
  reason: string;
  openedAt: string;
  openedBy: number;
}

const columns = `f.request_id AS requestId, f.returned_request_id AS returnedRequestId, f.returned_submission_id AS returnedSubmissionId,
  f.tracking_code AS trackingCode, f.reason, f.opened_at AS openedAt, f.opened_by AS openedBy`;

export function insertFollowUp(db: Database, f: FollowUpRow): void {
  stmt(db, 'INSERT INTO follow_up (request_id, returned_request_id, returned_submission_id, tracking_code, reason, opened_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    f.requestId,
    f.returnedRequestId,
    f.returnedSubmissionId,
    f.trackingCode,
    f.reason,
    f.openedAt,
    f.openedBy,
  );
}

/** The returned request a remedy request answers, or null for any other request. */
export function followUpOf(db: Database, requestId: string): FollowUpRow | null {
  return stmt<[string], FollowUpRow>(db, `SELECT ${columns} FROM follow_up f WHERE f.request_id = ?`).get(requestId) ?? null;
}

/** The remedy requests opened for a returned request, newest first, with where each is now. */
export function followUpsOfReturned(db: Database, returnedRequestId: string): Array<FollowUpRow & { status: string; deliveredAt: string | null }> {
  return stmt<[string], FollowUpRow & { status: string; deliveredAt: string | null }>(
    db,
    `SELECT ${columns}, rq.status, s.delivered_at AS deliveredAt
       FROM follow_up f JOIN request rq ON rq.id = f.request_id LEFT JOIN submission s ON s.request_id = f.request_id
      WHERE f.returned_request_id = ? ORDER BY f.opened_at DESC, rq.number DESC`,
  ).all(returnedRequestId);
}

/** The supplements delivered for a returned submission, for the authority's next decision. */
export function deliveredSupplementsOf(db: Database, submissionId: string): Array<{ submissionId: string; requestId: string }> {
  return stmt<[string], { submissionId: string; requestId: string }>(
    db,
    'SELECT id AS submissionId, request_id AS requestId FROM submission WHERE supplement_of = ? AND delivered_at IS NOT NULL ORDER BY delivered_at',
  ).all(submissionId);
}

export interface ReturnedRow {
  requestId: string;
  year: number;
  number: number;
  service: string;
  applicant: string | null;
  submissionId: string;
  trackingCode: string;
  reason: string | null;
  returnedAt: string;
}

/** Filings the authority returned (their latest decision), newest return first. */
export function returnedFilings(db: Database, limit: number): ReturnedRow[] {
  return stmt<[number], ReturnedRow>(
    db,
    `SELECT rq.id AS requestId, rq.year, rq.number, rq.service, a.data AS applicant, s.id AS submissionId, s.tracking_code AS trackingCode,
            s.authority_reason AS reason, s.authority_at AS returnedAt
       FROM submission s INDEXED BY submission_returned
       JOIN request rq ON rq.id = s.request_id
       LEFT JOIN applicant a ON a.id = rq.applicant_id
      WHERE s.authority_status = 'returned' AND s.supplement_of IS NULL
      ORDER BY s.authority_at DESC LIMIT ?`,
  ).all(limit);
}
