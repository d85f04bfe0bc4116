/**
 * The statistics package (ماده ۳۵ ب) and the compliance view read from here. Every query goes by an
 * index on the period: requests and tickets by their office day (`YYYY-MM-DD`, a range on
 * `request_office_day` / `ticket_open`), instants by `[startIso, endIso)` on an index of the instant
 * (db/queryPlans.test.ts holds them to it). Only the staff list and the statistics requests, small
 * tables by nature, are read whole.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

type Period = { startIso: string; endIso: string };
type Days = { from: string; to: string };

// ---------- the queue: waiting and service times ----------

export interface TicketTimesRow {
  serviceId: number;
  serviceName: string;
  status: string;
  issuedAt: string;
  calledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * Every ticket issued on the office days, with its first call, first start and last finish (from the
 * ticket's own events). The service is the one it was issued for.
 */
export function ticketTimes(db: Database, days: Days): TicketTimesRow[] {
  return stmt<Days, TicketTimesRow>(
    db,
    `SELECT t.issued_service_id AS serviceId, coalesce(sv.name, '') AS serviceName, t.status, t.issued_at AS issuedAt,
       (SELECT min(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'called') AS calledAt,
       (SELECT min(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'started') AS startedAt,
       (SELECT max(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'finished') AS finishedAt
     FROM ticket t LEFT JOIN service sv ON sv.id = t.issued_service_id
     WHERE t.office_day BETWEEN @from AND @to`,
  ).all(days);
}

// ---------- out-of-turn calls ----------

export interface OutOfTurnRow {
  at: string;
  prefix: string;
  number: number;
  counterNumber: number | null;
  staff: string;
  reasonCode: string;
  note: string;
}

/** Every call out of turn in the period, oldest first, with its reason and note. */
export function outOfTurnCalls(db: Database, period: Period): OutOfTurnRow[] {
  return stmt<Period, OutOfTurnRow>(
    db,
    `SELECT e.at, t.prefix, t.number, c.number AS counterNumber, coalesce(s.display_name, '') AS staff,
       coalesce(e.reason_code, '') AS reasonCode, coalesce(e.reason_text, '') AS note
     FROM ticket_event e
     JOIN ticket t ON t.id = e.ticket_id
     LEFT JOIN counter c ON c.id = e.counter_id
     LEFT JOIN staff s ON s.id = e.staff_id
     WHERE e.out_of_turn = 1 AND e.at >= @startIso AND e.at < @endIso
     ORDER BY e.at`,
  ).all(period);
}

// ---------- refusals and cancellations ----------

export interface ClosedRequestRow {
  requestYear: number;
  requestNumber: number;
  service: string;
  status: 'refused' | 'cancelled';
  clerkError: number;
  reason: string;
  at: string | null;
}

/** The requests opened on the office days that were refused or cancelled, with the reason on record. */
export function closedRequests(db: Database, days: Days): ClosedRequestRow[] {
  return stmt<Days, ClosedRequestRow>(
    db,
    `SELECT rq.year AS requestYear, rq.number AS requestNumber, rq.service, rq.status,
       coalesce(json_extract(rq.state, '$.clerkError'), 0) AS clerkError,
       coalesce(json_extract(rq.state, '$.reason'), '') AS reason,
       (SELECT max(e.at) FROM request_event e WHERE e.request_id = rq.id AND e.type = rq.status) AS at
     FROM request rq
     WHERE rq.status IN ('refused', 'cancelled') AND rq.office_day BETWEEN @from AND @to
     ORDER BY rq.year, rq.number`,
  ).all(days);
}

// ---------- ماده ۱۴: free services to the deprived ----------

export interface FreeServiceRow {
  service: string;
  category: string;
  exemptRials: number;
}

/**
 * The requests opened on the office days whose fees in force exempted the office tariff and that
 * were settled (paid or waived: the service was given), not later cancelled or refused.
 */
export function freeServices(db: Database, days: Days): FreeServiceRow[] {
  return stmt<Days, FreeServiceRow>(
    db,
    `SELECT rq.service, coalesce(json_extract(fq.exemption, '$.category'), '') AS category, fq.exempt_rials AS exemptRials
     FROM request rq
     JOIN fee_quote fq ON fq.id = (SELECT max(f.id) FROM fee_quote f WHERE f.request_id = rq.id)
     WHERE rq.office_day BETWEEN @from AND @to AND rq.status NOT IN ('cancelled', 'refused') AND fq.exempt_rials > 0
       AND EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = rq.id AND e.type IN ('paymentReceived', 'paymentWaived'))`,
  ).all(days);
}

// ---------- ماده ۳۸ الف: deadline-bound filings ----------

export interface DeadlineFilingRow {
  requestYear: number;
  requestNumber: number;
  service: string;
  /** the legal deadline as the request has it, `1405/09/20` */
  deadline: string;
  status: string;
  queuedAt: string | null;
  deliveredAt: string | null;
}

/** The requests opened on the office days that carry a legal deadline, with their filing (if any). */
export function deadlineFilings(db: Database, days: Days): DeadlineFilingRow[] {
  return stmt<Days, DeadlineFilingRow>(
    db,
    `SELECT rq.year AS requestYear, rq.number AS requestNumber, rq.service, rq.legal_deadline AS deadline, rq.status,
       sb.queued_at AS queuedAt, sb.delivered_at AS deliveredAt
     FROM request rq LEFT JOIN submission sb ON sb.request_id = rq.id
     WHERE rq.office_day BETWEEN @from AND @to AND rq.legal_deadline IS NOT NULL
     ORDER BY rq.legal_deadline, rq.year, rq.number`,
  ).all(days);
}

// ---------- satisfaction (ماده ۱۸) ----------

/** The ratings given for tickets of the office days (migration 0030): how many of each score 1–5, and the mean ×100. */
export function ratingSummary(db: Database, days: Days): { count: number; averageX100: number | null; byScore: number[] } {
  const rows = stmt<Days, { score: number; n: number }>(
    db,
    'SELECT score, count(*) AS n FROM satisfaction_rating WHERE office_day BETWEEN @from AND @to GROUP BY score',
  ).all(days);
  const byScore = [1, 2, 3, 4, 5].map((score) => rows.find((r) => r.score === score)?.n ?? 0);
  const count = byScore.reduce((a, b) => a + b, 0);
  const sum = byScore.reduce((a, n, i) => a + n * (i + 1), 0);
  return { count, averageX100: count === 0 ? null : Math.round((sum * 100) / count), byScore };
}

// ---------- compliance: receipts vs payments ----------

export interface PaymentWithoutReceiptRow {
  paymentId: string;
  requestYear: number;
  requestNumber: number;
  amountRials: number;
  paidAt: string;
}

/** How many payments were taken in the period, and how many receipts were issued in it. */
export function paymentsAndReceipts(db: Database, period: Period): { payments: number; receipts: number } {
  const payments = stmt<Period, { n: number }>(db, 'SELECT count(*) AS n FROM payment WHERE paid_at >= @startIso AND paid_at < @endIso').get(period)!.n;
  const receipts = stmt<Period, { n: number }>(db, 'SELECT count(*) AS n FROM receipt WHERE issued_at >= @startIso AND issued_at < @endIso').get(period)!.n;
  return { payments, receipts };
}

/** The payments taken in the period that have no receipt (ماده ۳۵ ت: there should be none). */
export function paymentsWithoutReceipt(db: Database, period: Period): PaymentWithoutReceiptRow[] {
  return stmt<Period, PaymentWithoutReceiptRow>(
    db,
    `SELECT p.id AS paymentId, rq.year AS requestYear, rq.number AS requestNumber, p.amount_rials AS amountRials, p.paid_at AS paidAt
     FROM payment p JOIN request rq ON rq.id = p.request_id
     WHERE p.paid_at >= @startIso AND p.paid_at < @endIso AND NOT EXISTS (SELECT 1 FROM receipt rc WHERE rc.payment_id = p.id)
     ORDER BY p.paid_at`,
  ).all(period);
}

// ---------- compliance: the audit trail's entries of some kinds ----------

export interface AuditEntryRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  reason: string | null;
  detail: string;
}

/** The audit entries of one action in the period, oldest first (by the action's index). */
export function auditEntries(db: Database, action: string, period: Period): AuditEntryRow[] {
  return stmt<Period & { action: string }, AuditEntryRow>(
    db,
    `SELECT seq, at, actor, action, subject, reason, detail FROM audit_log
     WHERE action = @action AND at >= @startIso AND at < @endIso ORDER BY seq`,
  ).all({ ...period, action });
}

// ---------- compliance: staff without a skills certificate ----------

export interface UncertifiedStaffRow {
  id: number;
  displayName: string;
  role: string;
}

/** Active staff with no skills certificate on record (ماده ۳۶ ت). The staff table is small. */
export function activeStaffWithoutCertificate(db: Database): UncertifiedStaffRow[] {
  return stmt<[], UncertifiedStaffRow>(
    db,
    'SELECT id, display_name AS displayName, role FROM staff WHERE active = 1 AND certificate_number IS NULL ORDER BY id',
  ).all();
}

/** How many staff accounts are active. */
export function activeStaffCount(db: Database): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM staff WHERE active = 1').get()!.n;
}

// ---------- statistics requests from the central ----------

export interface StatisticsRequestRow {
  id: string;
  seq: number;
  from: string;
  to: string;
  dueAt: string;
  receivedAt: string;
  queuedAt: string | null;
  queuedBy: number | null;
  body: string | null;
  sentAt: string | null;
  late: number | null;
  lastError: string | null;
}

const requestColumns = `id, seq, period_from AS "from", period_to AS "to", due_at AS dueAt, received_at AS receivedAt, queued_at AS queuedAt,
  queued_by AS queuedBy, body, sent_at AS sentAt, late, last_error AS lastError`;

/** Stores a request the central made; one already stored is left as it is. Returns whether it was new. */
export function insertStatisticsRequest(db: Database, r: { id: string; seq: number; from: string; to: string; dueAt: string; receivedAt: string }): boolean {
  return (
    stmt(
      db,
      `INSERT INTO statistics_request (id, seq, period_from, period_to, due_at, received_at) VALUES (@id, @seq, @from, @to, @dueAt, @receivedAt)
       ON CONFLICT DO NOTHING`,
    ).run(r).changes === 1
  );
}

/** Every request, the newest due first (a handful a year). */
export function statisticsRequests(db: Database): StatisticsRequestRow[] {
  return stmt<[], StatisticsRequestRow>(db, `SELECT ${requestColumns} FROM statistics_request ORDER BY due_at DESC, seq DESC`).all();
}

export function statisticsRequest(db: Database, id: string): StatisticsRequestRow | null {
  return stmt<[string], StatisticsRequestRow>(db, `SELECT ${requestColumns} FROM statistics_request WHERE id = ?`).get(id) ?? null;
}

/** The package as it is sent, queued until the central answers. */
export function queueStatistics(db: Database, id: string, body: string, at: string, staffId: number): void {
  stmt(db, 'UPDATE statistics_request SET body = ?, queued_at = ?, queued_by = ?, last_error = NULL WHERE id = ? AND sent_at IS NULL').run(body, at, staffId, id);
}

/** The requests queued and not yet answered by the central, oldest queued first. */
export function queuedStatistics(db: Database): StatisticsRequestRow[] {
  return stmt<[], StatisticsRequestRow>(db, `SELECT ${requestColumns} FROM statistics_request WHERE sent_at IS NULL AND queued_at IS NOT NULL ORDER BY queued_at`).all();
}

export function markStatisticsSent(db: Database, id: string, at: string, late: boolean): void {
  stmt(db, 'UPDATE statistics_request SET sent_at = ?, late = ?, last_error = NULL WHERE id = ?').run(at, late ? 1 : 0, id);
}

export function noteStatisticsError(db: Database, id: string, error: string): void {
  stmt(db, 'UPDATE statistics_request SET last_error = ? WHERE id = ?').run(error.slice(0, 500), id);
}
