/** The inquiry log (migration 0018): what was asked for which request, by whom, and the answer. */
import type { Database } from './sqlite';
import { stmt } from './statements';

export interface InquiryRow {
  id: string;
  requestId: string;
  staffId: number;
  staffName: string;
  kind: 'identity' | 'coverage' | 'document' | 'notification' | 'caseStatus';
  purpose: string;
  subject: string;
  askedAt: string;
  outcome: 'answered' | 'failed';
  answer: string | null;
  answeredAt: string | null;
  error: string | null;
}

export function insertInquiry(db: Database, row: Omit<InquiryRow, 'staffName'>): void {
  stmt(db, 'INSERT INTO inquiry (id, request_id, staff_id, kind, purpose, subject, asked_at, outcome, answer, answered_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    row.id,
    row.requestId,
    row.staffId,
    row.kind,
    row.purpose,
    row.subject,
    row.askedAt,
    row.outcome,
    row.answer,
    row.answeredAt,
    row.error,
  );
}

const inquiryColumns = `i.id, i.request_id AS requestId, i.staff_id AS staffId, s.display_name AS staffName, i.kind, i.purpose, i.subject, i.asked_at AS askedAt,
  i.outcome, i.answer, i.answered_at AS answeredAt, i.error FROM inquiry i JOIN staff s ON s.id = i.staff_id`;

export function inquiriesOfRequest(db: Database, requestId: string): InquiryRow[] {
  return stmt<[string], InquiryRow>(db, `SELECT ${inquiryColumns} WHERE i.request_id = ? ORDER BY i.asked_at, i.id`).all(requestId);
}

export function getInquiry(db: Database, id: string): InquiryRow | undefined {
  return stmt<[string], InquiryRow>(db, `SELECT ${inquiryColumns} WHERE i.id = ?`).get(id);
}

/** Distinct subjects of one kind already asked about for a request (answered or not). */
export function inquirySubjects(db: Database, requestId: string, kind: InquiryRow['kind']): string[] {
  return stmt<[string, string], string>(db, 'SELECT DISTINCT subject FROM inquiry WHERE request_id = ? AND kind = ?').pluck().all(requestId, kind);
}

/** The latest answered inquiry of a kind for a request (in the order asked, the last asked winning a tie): what a printout carries. */
export function latestAnsweredInquiry(db: Database, requestId: string, kind: InquiryRow['kind']): InquiryRow | undefined {
  return stmt<[string, string], InquiryRow>(db, `SELECT ${inquiryColumns} WHERE i.request_id = ? AND i.kind = ? AND i.outcome = 'answered' ORDER BY i.asked_at DESC, i.rowid DESC LIMIT 1`).get(requestId, kind);
}
