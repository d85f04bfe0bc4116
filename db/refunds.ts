/**
 * Refunds of recorded payments and the end of the day (migration 0028). The hub (hub/payment/refunds.ts,
 * hub/report/dayClose.ts) decides the refund lifecycle and when a counter or the day may close; these
 * are the queries.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export type RefundState = 'pending' | 'inDoubt' | 'approved' | 'declined';
export type RefundMethod = 'pcpos' | 'manual';

export interface RefundRow {
  id: string;
  paymentId: string;
  requestId: string;
  method: RefundMethod;
  amountRials: number;
  reason: string;
  orderId: string | null;
  state: RefundState;
  errorCode: string | null;
  rrn: string | null;
  trace: string | null;
  counterId: number;
  staffId: number;
  approvedBy: number | null;
  startedAt: string;
  doneAt: string | null;
  officeDay: string;
}

const columns = `id, payment_id AS paymentId, request_id AS requestId, method, amount_rials AS amountRials, reason, order_id AS orderId, state,
  error_code AS errorCode, rrn, trace, counter_id AS counterId, staff_id AS staffId, approved_by AS approvedBy, started_at AS startedAt,
  done_at AS doneAt, office_day AS officeDay`;

/** A new refund: a reversal `pending` (before the terminal is called), or a manual one already `approved`. */
export function insertRefund(db: Database, r: Omit<RefundRow, 'errorCode'>): void {
  stmt(
    db,
    `INSERT INTO refund (id, payment_id, request_id, method, amount_rials, reason, order_id, state, rrn, trace, counter_id, staff_id, approved_by, started_at, done_at, office_day)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.id, r.paymentId, r.requestId, r.method, r.amountRials, r.reason, r.orderId, r.state, r.rrn, r.trace, r.counterId, r.staffId, r.approvedBy, r.startedAt, r.doneAt, r.officeDay);
}

export function getRefund(db: Database, id: string): RefundRow | undefined {
  return stmt<[string], RefundRow>(db, `SELECT ${columns} FROM refund WHERE id = ?`).get(id);
}

/** The payment's refund that is not declined (at most one: `refund_once`), if any. */
export function standingRefund(db: Database, paymentId: string): RefundRow | undefined {
  return stmt<[string], RefundRow>(db, `SELECT ${columns} FROM refund WHERE payment_id = ? AND state <> 'declined'`).get(paymentId);
}

export function refundsOfRequest(db: Database, requestId: string): RefundRow[] {
  return stmt<[string], RefundRow>(db, `SELECT ${columns} FROM refund WHERE request_id = ? ORDER BY started_at, rowid`).all(requestId);
}

/** Still open: no answer heard from the terminal. */
export function markRefundInDoubt(db: Database, id: string, errorCode: string): void {
  stmt(db, `UPDATE refund SET state = 'inDoubt', error_code = ? WHERE id = ? AND state IN ('pending', 'inDoubt')`).run(errorCode, id);
}

/** Closes an open reversal. False when it was not open. */
export function resolveRefund(
  db: Database,
  id: string,
  r: { state: 'approved'; rrn: string; trace: string; at: string } | { state: 'declined'; errorCode: string; at: string },
): boolean {
  const approved = r.state === 'approved';
  return (
    stmt(db, `UPDATE refund SET state = ?, error_code = ?, rrn = ?, trace = ?, done_at = ? WHERE id = ? AND state IN ('pending', 'inDoubt')`).run(
      r.state,
      approved ? null : r.errorCode,
      approved ? r.rrn : null,
      approved ? r.trace : null,
      r.at,
      id,
    ).changes === 1
  );
}

/** At start-up: a reversal still `pending` was under way when the hub stopped. */
export function markPendingRefundsInDoubt(db: Database): number {
  return stmt(db, `UPDATE refund SET state = 'inDoubt', error_code = coalesce(error_code, 'HUB_RESTARTED') WHERE state = 'pending'`).run().changes;
}

/** Whether the payment was given back: its receipt prints «ابطال شد» from then on, and it no longer counts as paid. */
export function isPaymentRefunded(db: Database, paymentId: string): boolean {
  return stmt<[string], number>(db, `SELECT count(*) FROM refund WHERE payment_id = ? AND state = 'approved'`).pluck().get(paymentId)! > 0;
}

// ---------- the Z report: refunds done in a period ----------

type Period = { startIso: string; endIso: string };

export interface RefundReportRow {
  receiptYear: number;
  receiptNumber: number;
  requestYear: number;
  requestNumber: number;
  method: RefundMethod;
  amountRials: number;
  reason: string;
  staffId: number;
  clerk: string;
  approvedBy: string | null;
  at: string;
}

/** Every refund approved in the period (by when the money went back), with the receipt it voids. */
export function refundsDone(db: Database, period: Period, staffId: number | null = null): RefundReportRow[] {
  return stmt<Period & { staffId: number | null }, RefundReportRow>(
    db,
    `SELECT rc.year AS receiptYear, rc.number AS receiptNumber, rq.year AS requestYear, rq.number AS requestNumber, f.method,
       f.amount_rials AS amountRials, f.reason, f.staff_id AS staffId, coalesce(s.display_name, '') AS clerk, m.display_name AS approvedBy, f.done_at AS at
     FROM refund f
     JOIN receipt rc ON rc.payment_id = f.payment_id
     JOIN request rq ON rq.id = f.request_id
     LEFT JOIN staff s ON s.id = f.staff_id
     LEFT JOIN staff m ON m.id = f.approved_by
     WHERE f.state = 'approved' AND f.done_at >= @startIso AND f.done_at < @endIso AND (@staffId IS NULL OR f.staff_id = @staffId)
     ORDER BY f.done_at, f.rowid`,
  ).all({ ...period, staffId });
}

// ---------- the end of the day ----------

/** The payments a clerk took in the period whose receipt was never issued to the applicant (no print of it). */
export function unreceiptedPayments(db: Database, period: Period, staffId: number | null = null): Array<{ receiptYear: number; receiptNumber: number; staffId: number }> {
  return stmt<Period & { staffId: number | null }, { receiptYear: number; receiptNumber: number; staffId: number }>(
    db,
    `SELECT rc.year AS receiptYear, rc.number AS receiptNumber, p.staff_id AS staffId
     FROM receipt rc JOIN payment p ON p.id = rc.payment_id
     WHERE rc.issued_at >= @startIso AND rc.issued_at < @endIso AND (@staffId IS NULL OR p.staff_id = @staffId)
       AND NOT EXISTS (SELECT 1 FROM receipt_print rp WHERE rp.receipt_year = rc.year AND rp.receipt_number = rc.number)
     ORDER BY rc.year, rc.number`,
  ).all({ ...period, staffId });
}

export interface InDoubtRow {
  kind: 'sale' | 'refund';
  orderId: string;
  requestYear: number;
  requestNumber: number;
  amountRials: number;
  counterId: number;
}

/** Every card sale or reversal whose outcome was never heard (pending or in doubt), wherever it started. */
export function inDoubtMoney(db: Database): InDoubtRow[] {
  return stmt<[], InDoubtRow>(
    db,
    `SELECT 'sale' AS kind, a.order_id AS orderId, rq.year AS requestYear, rq.number AS requestNumber, a.amount_rials AS amountRials, a.counter_id AS counterId
       FROM payment_attempt a JOIN request rq ON rq.id = a.request_id WHERE a.state IN ('pending', 'inDoubt')
     UNION ALL
     SELECT 'refund', f.order_id, rq.year, rq.number, f.amount_rials, f.counter_id
       FROM refund f JOIN request rq ON rq.id = f.request_id WHERE f.state IN ('pending', 'inDoubt')
     ORDER BY 3, 4`,
  ).all();
}

export interface CounterCloseRow {
  counterId: number;
  officeDay: string;
  staffId: number;
  closedAt: string;
  summary: unknown;
}

export function insertCounterClose(db: Database, c: CounterCloseRow): void {
  stmt(db, 'INSERT INTO counter_close (counter_id, office_day, staff_id, closed_at, summary) VALUES (?, ?, ?, ?, ?)').run(
    c.counterId,
    c.officeDay,
    c.staffId,
    c.closedAt,
    JSON.stringify(c.summary),
  );
}

export function counterClosesOfDay(db: Database, officeDay: string): CounterCloseRow[] {
  return stmt<[string], Omit<CounterCloseRow, 'summary'> & { summary: string }>(
    db,
    'SELECT counter_id AS counterId, office_day AS officeDay, staff_id AS staffId, closed_at AS closedAt, summary FROM counter_close WHERE office_day = ? ORDER BY id',
  )
    .all(officeDay)
    .map((r) => ({ ...r, summary: JSON.parse(r.summary) as unknown }));
}

export function insertOfficeDayClose(db: Database, c: { officeDay: string; staffId: number; closedAt: string; summary: unknown }): void {
  stmt(db, 'INSERT INTO office_day_close (office_day, staff_id, closed_at, summary) VALUES (?, ?, ?, ?)').run(c.officeDay, c.staffId, c.closedAt, JSON.stringify(c.summary));
}

export function officeDayClosed(db: Database, officeDay: string): { staffId: number; closedAt: string } | undefined {
  return stmt<[string], { staffId: number; closedAt: string }>(db, 'SELECT staff_id AS staffId, closed_at AS closedAt FROM office_day_close WHERE office_day = ?').get(officeDay);
}
