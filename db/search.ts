/**
 * The request search (docs/SEARCH.md): one function per kind of search, each reading through an index
 * (migration 0025; db/queryPlans.test.ts proves it). Every function answers the same row, newest
 * first, at most `limit` rows; the hub masks what the caller may not see (hub/search/).
 *
 * The input is already in search form (hub/search/query.ts): digits for numbers and ids, and for a
 * name the FTS5 expression of quoted prefix terms (`"علی"* "رضا"*`) — never text the user typed.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export interface SearchRow {
  id: string;
  year: number;
  number: number;
  service: string;
  status: string;
  officeDay: string;
  createdAt: string;
  counterId: number;
  ticketId: string;
  /** the applicant's identity key (`n:…`, `l:…`, `f:…`, `p:…`) and data (JSON); null before identity */
  identityKey: string | null;
  applicantData: string | null;
  trackingCode: string | null;
}

const columns = `r.id, r.year, r.number, r.service, r.status, r.office_day AS officeDay, r.created_at AS createdAt,
  r.counter_id AS counterId, r.ticket_id AS ticketId, a.identity_key AS identityKey, a.data AS applicantData, s.tracking_code AS trackingCode`;
const joins = 'LEFT JOIN applicant a ON a.id = r.applicant_id LEFT JOIN submission s ON s.request_id = r.id';

/** By the central system's tracking code (exact). */
export function searchByTrackingCode(db: Database, code: string, limit: number): SearchRow[] {
  return stmt<[string, number], SearchRow>(
    db,
    `SELECT ${columns} FROM submission s0 JOIN request r ON r.id = s0.request_id ${joins} WHERE s0.tracking_code = ? LIMIT ?`,
  ).all(code, limit);
}

/** By the request's number: in one Jalali year, or in every year when `year` is null. */
export function searchByRequestNumber(db: Database, year: number | null, number: number, limit: number): SearchRow[] {
  return year === null
    ? stmt<[number, number], SearchRow>(db, `SELECT ${columns} FROM request r ${joins} WHERE r.number = ? ORDER BY r.created_at DESC LIMIT ?`).all(number, limit)
    : stmt<[number, number, number], SearchRow>(db, `SELECT ${columns} FROM request r ${joins} WHERE r.year = ? AND r.number = ? LIMIT ?`).all(year, number, limit);
}

/** By a payment receipt's number: in one Jalali year, or in every year when `year` is null. */
export function searchByReceiptNumber(db: Database, year: number | null, number: number, limit: number): SearchRow[] {
  return year === null
    ? stmt<[number, number], SearchRow>(
        db,
        `SELECT DISTINCT ${columns} FROM receipt rc JOIN payment p ON p.id = rc.payment_id JOIN request r ON r.id = p.request_id ${joins}
         WHERE rc.number = ? ORDER BY r.created_at DESC LIMIT ?`,
      ).all(number, limit)
    : stmt<[number, number, number], SearchRow>(
        db,
        `SELECT DISTINCT ${columns} FROM receipt rc JOIN payment p ON p.id = rc.payment_id JOIN request r ON r.id = p.request_id ${joins}
         WHERE rc.year = ? AND rc.number = ? LIMIT ?`,
      ).all(year, number, limit);
}

/** The requests of the applicant with this identity key (`n:<national id>`, `l:<legal id>`), newest first. */
export function searchByIdentityKey(db: Database, identityKey: string, limit: number): SearchRow[] {
  return stmt<[string, number], SearchRow>(
    db,
    `SELECT ${columns} FROM applicant a0 JOIN request r ON r.applicant_id = a0.id ${joins}
     WHERE a0.identity_key = ? ORDER BY r.created_at DESC LIMIT ?`,
  ).all(identityKey, limit);
}

/** At most this many applicants — the most recently registered — are taken from a name search (a common first name alone matches thousands). */
export const NAME_MATCHES = 200;

/**
 * The requests of the applicants whose names match the FTS5 expression, newest first. The newest are
 * picked in `request_applicant` alone (applicant, created_at: a covering index), and only those rows
 * are read: a common name's few hundred requests lie all over a five-year file, and reading each
 * (with its applicant and submission) before sorting was most of the time.
 */
export function searchByName(db: Database, match: string, limit: number): SearchRow[] {
  return stmt<[string, number, number], SearchRow>(
    db,
    `SELECT ${columns} FROM request r ${joins}
     WHERE r.rowid IN (
       SELECT r0.rowid FROM request r0
       WHERE r0.applicant_id IN (SELECT rowid FROM applicant_name WHERE applicant_name MATCH ? ORDER BY rowid DESC LIMIT ?)
       ORDER BY r0.created_at DESC LIMIT ?)
     ORDER BY r.created_at DESC`,
  ).all(match, NAME_MATCHES, limit);
}

/**
 * The requests opened on the office days `from`..`to` (Jalali «YYYY-MM-DD», both included), newest
 * first: in the order of `request_office_day` itself (day, then rowid — the order they were opened in),
 * so a five-year range is never sorted.
 */
export function searchByDays(db: Database, from: string, to: string, limit: number): SearchRow[] {
  return stmt<[string, string, number], SearchRow>(
    db,
    `SELECT ${columns} FROM request r ${joins}
     WHERE r.office_day BETWEEN ? AND ? ORDER BY r.office_day DESC, r.rowid DESC LIMIT ?`,
  ).all(from, to, limit);
}

/** Keeps an applicant's names in the search table (called by `saveApplicant`, in its transaction). */
export function indexApplicantName(db: Database, applicantId: number, names: string): void {
  stmt(db, 'DELETE FROM applicant_name WHERE rowid = ?').run(applicantId);
  stmt(db, 'INSERT INTO applicant_name (rowid, name) VALUES (?, ?)').run(applicantId, names);
}
