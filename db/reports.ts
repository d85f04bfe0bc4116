/**
 * The manager's money reports, read from the counter workflow's tables (db/requests.ts). Every figure
 * is summed by SQLite over INTEGER rial columns, so a total is exact; the hub (hub/reports) turns the
 * rows into reports. Instants are UTC ISO strings (`2026-11-28T06:30:00.000Z`), which order as text:
 * a period is `[startIso, endIso)`, computed by the caller from Jalali office days.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

type Period = { startIso: string; endIso: string };

// ---------- cash (Z) report: receipts issued in the period ----------

export interface CashPaymentRow {
  receiptYear: number;
  receiptNumber: number;
  requestYear: number;
  requestNumber: number;
  service: string;
  part: 'officeTariff' | 'judicialCost';
  method: 'pcpos' | 'manual';
  amountRials: number;
  rrn: string;
  staffId: number;
  clerk: string;
  at: string;
}

const receiptsInPeriod = `FROM receipt rc
  JOIN payment p ON p.id = rc.payment_id
  JOIN request rq ON rq.id = p.request_id
  LEFT JOIN staff s ON s.id = p.staff_id
  WHERE rc.issued_at >= @startIso AND rc.issued_at < @endIso`;

/** Every receipt issued in the period with its payment, in receipt-number order. */
export function cashPayments(db: Database, period: Period): CashPaymentRow[] {
  return stmt<Period, CashPaymentRow>(
    db,
    `SELECT rc.year AS receiptYear, rc.number AS receiptNumber, rq.year AS requestYear, rq.number AS requestNumber, rq.service,
       p.part, p.method, p.amount_rials AS amountRials, p.rrn, p.staff_id AS staffId, coalesce(s.display_name, '') AS clerk, rc.issued_at AS at
     ${receiptsInPeriod}
     ORDER BY rc.year, rc.number`,
  ).all(period);
}

export interface CashSumRow {
  key: string | number;
  name: string;
  count: number;
  amountRials: number;
}

const cashGroups = {
  method: ['p.method', "''"],
  part: ['p.part', "''"],
  clerk: ['p.staff_id', "coalesce(max(s.display_name), '')"],
} as const;

/** Count and sum of the period's receipts, per payment method, part of the fees or clerk. */
export function cashSums(db: Database, period: Period, by: keyof typeof cashGroups): CashSumRow[] {
  const [key, name] = cashGroups[by];
  return stmt<Period, CashSumRow>(
    db,
    `SELECT ${key} AS key, ${name} AS name, count(*) AS count, coalesce(sum(p.amount_rials), 0) AS amountRials
     ${receiptsInPeriod}
     GROUP BY ${key} ORDER BY ${key}`,
  ).all(period);
}

/** Count and sum of every receipt issued in the period. */
export function cashTotal(db: Database, period: Period): { count: number; amountRials: number } {
  return stmt<Period, { count: number; amountRials: number }>(db, `SELECT count(*) AS count, coalesce(sum(p.amount_rials), 0) AS amountRials ${receiptsInPeriod}`).get(period)!;
}

/** The year's highest receipt number issued before `beforeIso`; null when there is none. */
export function lastReceiptBefore(db: Database, year: number, beforeIso: string): number | null {
  return stmt<[number, string], number | null>(db, 'SELECT max(number) FROM receipt WHERE year = ? AND issued_at < ?').pluck().get(year, beforeIso) ?? null;
}

// ---------- services: requests opened on office days from … to ----------

export interface ServiceFiguresRow {
  service: string;
  opened: number;
  settled: number;
  cancelled: number;
  clerkError: number;
  refused: number;
  officeTariffRials: number;
  judicialCostRials: number;
  amountRials: number;
}

const serviceFigures = `count(*) AS opened,
  coalesce(sum(EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = rq.id AND e.type IN ('paymentReceived', 'paymentWaived'))), 0) AS settled,
  coalesce(sum(rq.status = 'cancelled' AND json_extract(rq.state, '$.clerkError') IS NOT 1), 0) AS cancelled,
  coalesce(sum(rq.status = 'cancelled' AND json_extract(rq.state, '$.clerkError') IS 1), 0) AS clerkError,
  coalesce(sum(rq.status = 'refused'), 0) AS refused,
  coalesce(sum((SELECT sum(p.amount_rials) FROM payment p WHERE p.request_id = rq.id AND p.part = 'officeTariff')), 0) AS officeTariffRials,
  coalesce(sum((SELECT sum(p.amount_rials) FROM payment p WHERE p.request_id = rq.id AND p.part = 'judicialCost')), 0) AS judicialCostRials,
  coalesce(sum((SELECT sum(p.amount_rials) FROM payment p WHERE p.request_id = rq.id)), 0) AS amountRials`;

/** Per service: the requests opened on the office days `from`…`to` (inclusive) and what became of them. */
export function serviceFiguresByService(db: Database, from: string, to: string): ServiceFiguresRow[] {
  return stmt<[string, string], ServiceFiguresRow>(
    db,
    `SELECT rq.service, ${serviceFigures} FROM request rq WHERE rq.office_day BETWEEN ? AND ? GROUP BY rq.service ORDER BY rq.service`,
  ).all(from, to);
}

/** The same figures for every service together. */
export function serviceFiguresTotal(db: Database, from: string, to: string): Omit<ServiceFiguresRow, 'service'> {
  return stmt<[string, string], Omit<ServiceFiguresRow, 'service'>>(db, `SELECT ${serviceFigures} FROM request rq WHERE rq.office_day BETWEEN ? AND ?`).get(from, to)!;
}

// ---------- ماده ۱۴ exemptions: requests settled in the period ----------

/**
 * Requests settled (paid or waived: the service was given) in the period whose fees in force
 * exempted the office tariff, excluding requests later cancelled or refused.
 */
const exemptSettled = `WITH settled AS (
    SELECT request_id, min(at) AS at FROM request_event WHERE type IN ('paymentReceived', 'paymentWaived') GROUP BY request_id
  ), in_force AS (
    SELECT request_id, max(id) AS id FROM fee_quote GROUP BY request_id
  ), exempt AS (
    SELECT rq.year AS requestYear, rq.number AS requestNumber, rq.service, st.at AS settledAt, rq.applicant_id AS applicantId,
      fq.exempt_rials AS exemptRials, fq.exemption,
      coalesce(json_extract(fq.quote, '$.totals.judicialExemptRials'), 0) AS judicialExemptRials,
      json_extract(fq.exemption, '$.category') AS category
    FROM settled st
    JOIN request rq ON rq.id = st.request_id
    JOIN in_force f ON f.request_id = rq.id
    JOIN fee_quote fq ON fq.id = f.id
    WHERE st.at >= @startIso AND st.at < @endIso AND fq.exempt_rials > 0 AND rq.status NOT IN ('cancelled', 'refused')
  )`;

export interface ExemptionRow {
  requestYear: number;
  requestNumber: number;
  service: string;
  settledAt: string;
  applicantKind: 'natural' | 'legal' | 'foreign' | null;
  applicantData: string | null;
  exemptRials: number;
  judicialExemptRials: number;
  category: string;
  exemption: string;
}

export function exemptions(db: Database, period: Period): ExemptionRow[] {
  return stmt<Period, ExemptionRow>(
    db,
    `${exemptSettled}
     SELECT x.requestYear, x.requestNumber, x.service, x.settledAt, a.kind AS applicantKind, a.data AS applicantData,
       x.exemptRials, x.judicialExemptRials, x.category, x.exemption
     FROM exempt x LEFT JOIN applicant a ON a.id = x.applicantId
     ORDER BY x.settledAt, x.requestYear, x.requestNumber`,
  ).all(period);
}

export function exemptionsByCategory(db: Database, period: Period): Array<{ category: string; count: number; exemptRials: number }> {
  return stmt<Period, { category: string; count: number; exemptRials: number }>(
    db,
    `${exemptSettled} SELECT category, count(*) AS count, coalesce(sum(exemptRials), 0) AS exemptRials FROM exempt GROUP BY category ORDER BY category`,
  ).all(period);
}

export function exemptionsTotal(db: Database, period: Period): { count: number; exemptRials: number; judicialExemptRials: number } {
  return stmt<Period, { count: number; exemptRials: number; judicialExemptRials: number }>(
    db,
    `${exemptSettled} SELECT count(*) AS count, coalesce(sum(exemptRials), 0) AS exemptRials, coalesce(sum(judicialExemptRials), 0) AS judicialExemptRials FROM exempt`,
  ).get(period)!;
}

// ---------- discounts: discounted office tariffs paid in the period ----------

const discountedPaid = `FROM payment p
  JOIN receipt rc ON rc.payment_id = p.id
  JOIN fee_quote fq ON fq.id = p.fee_quote_id
  JOIN request rq ON rq.id = p.request_id
  LEFT JOIN staff s ON s.id = fq.staff_id
  WHERE p.part = 'officeTariff' AND fq.discount_rials > 0 AND rc.issued_at >= @startIso AND rc.issued_at < @endIso`;

export interface DiscountRow {
  at: string;
  requestYear: number;
  requestNumber: number;
  receiptYear: number;
  receiptNumber: number;
  service: string;
  officeTariffRials: number;
  discountRials: number;
  reason: string;
  clerk: string;
}

export function discounts(db: Database, period: Period): DiscountRow[] {
  return stmt<Period, DiscountRow>(
    db,
    `SELECT rc.issued_at AS at, rq.year AS requestYear, rq.number AS requestNumber, rc.year AS receiptYear, rc.number AS receiptNumber, rq.service,
       fq.office_tariff_rials AS officeTariffRials, fq.discount_rials AS discountRials, coalesce(fq.discount_reason, '') AS reason,
       coalesce(s.display_name, '') AS clerk
     ${discountedPaid}
     ORDER BY rc.year, rc.number`,
  ).all(period);
}

export function discountsTotal(db: Database, period: Period): { count: number; officeTariffRials: number; discountRials: number } {
  return stmt<Period, { count: number; officeTariffRials: number; discountRials: number }>(
    db,
    `SELECT count(*) AS count, coalesce(sum(fq.office_tariff_rials), 0) AS officeTariffRials, coalesce(sum(fq.discount_rials), 0) AS discountRials ${discountedPaid}`,
  ).get(period)!;
}
