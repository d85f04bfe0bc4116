/**
 * Satisfaction ratings (migration 0030, `satisfaction_rating`). The rows are written one by one and
 * read only as sums: no function here returns a single answer, so no screen can show one.
 *
 * For the statistics: `satisfaction_rating` has one row per rated ticket — `office_day` (Jalali),
 * `service_id`, `counter_id` (the ticket's when its service ended), `score` 1–5, `reason_code` (below
 * 3), `reason_text` (with `other`), `answered_on` (`applicantScreen` | `kiosk`). `ratingTallies` is the
 * sum by service, counter and day over a range of days.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

/** A ticket whose service ended: when, where, for which service, and its printed number. */
export interface FinishedTicket {
  ticketId: string;
  officeDay: string;
  prefix: string;
  number: number;
  serviceId: number;
  serviceName: string;
  counterId: number;
  /** when its service ended (the `finished` event) */
  finishedAt: string;
}

const finishedColumns = `t.id AS ticketId, t.office_day AS officeDay, t.prefix, t.number, e.service_id AS serviceId, s.name AS serviceName,
  e.counter_id AS counterId, e.at AS finishedAt`;

/** The ticket whose service a counter ended last, since `sinceIso` (null if none). */
export function lastFinishedAtCounter(db: Database, counterId: number, sinceIso: string): FinishedTicket | null {
  return (
    stmt<[string, number], FinishedTicket>(
      db,
      `SELECT ${finishedColumns} FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id JOIN service s ON s.id = e.service_id
       WHERE e.at >= ? AND e.kind = 'finished' AND e.counter_id = ? AND t.status = 'done' ORDER BY e.id DESC LIMIT 1`,
    ).get(sinceIso, counterId) ?? null
  );
}

/** A ticket's end of service, if it was served to the end (status `done`). */
export function finishedTicket(db: Database, ticketId: string): FinishedTicket | null {
  return (
    stmt<[string], FinishedTicket>(
      db,
      `SELECT ${finishedColumns} FROM ticket t JOIN ticket_event e ON e.ticket_id = t.id AND e.kind = 'finished' JOIN service s ON s.id = e.service_id
       WHERE t.id = ? AND t.status = 'done' AND e.counter_id IS NOT NULL ORDER BY e.id DESC LIMIT 1`,
    ).get(ticketId) ?? null
  );
}

/** The day's ticket printed as «prefix-number» (its issued service's prefix), if there is one. */
export function ticketIdByNumber(db: Database, officeDay: string, prefix: string, number: number): string | null {
  return stmt<[string, string, number], string>(db, 'SELECT id FROM ticket WHERE office_day = ? AND prefix = ? AND number = ?').pluck().get(officeDay, prefix, number) ?? null;
}

export function isRated(db: Database, ticketId: string): boolean {
  return stmt<[string], number>(db, 'SELECT 1 FROM satisfaction_rating WHERE ticket_id = ?').pluck().get(ticketId) !== undefined;
}

export interface NewRating {
  ticketId: string;
  officeDay: string;
  serviceId: number;
  counterId: number;
  score: number;
  reasonCode: string | null;
  reasonText: string | null;
  answeredOn: 'applicantScreen' | 'kiosk';
}

/** One rating; a second one for the same ticket fails on the key (the caller checked first). */
export function insertRating(db: Database, r: NewRating): void {
  stmt(
    db,
    `INSERT INTO satisfaction_rating (ticket_id, office_day, service_id, counter_id, score, reason_code, reason_text, answered_on)
     VALUES (@ticketId, @officeDay, @serviceId, @counterId, @score, @reasonCode, @reasonText, @answeredOn)`,
  ).run(r);
}

/** How many ratings gave each score, in one group (`key` the group's service, counter or day). */
export interface TallyRow {
  key: string | number;
  label: string | number | null;
  score: number;
  count: number;
}

/** The ratings of office days `from`…`to` (inclusive) counted per score, by service, counter and day. */
export function ratingTallies(db: Database, from: string, to: string): { byService: TallyRow[]; byCounter: TallyRow[]; byDay: TallyRow[] } {
  const byService = stmt<[string, string], TallyRow>(
    db,
    `SELECT r.service_id AS key, s.name AS label, r.score, count(*) AS count FROM satisfaction_rating r JOIN service s ON s.id = r.service_id
     WHERE r.office_day BETWEEN ? AND ? GROUP BY r.service_id, r.score ORDER BY s.sort_order, r.service_id, r.score`,
  ).all(from, to);
  const byCounter = stmt<[string, string], TallyRow>(
    db,
    `SELECT r.counter_id AS key, c.number AS label, r.score, count(*) AS count FROM satisfaction_rating r JOIN counter c ON c.id = r.counter_id
     WHERE r.office_day BETWEEN ? AND ? GROUP BY r.counter_id, r.score ORDER BY c.number, r.score`,
  ).all(from, to);
  const byDay = stmt<[string, string], TallyRow>(
    db,
    `SELECT office_day AS key, NULL AS label, score, count(*) AS count FROM satisfaction_rating
     WHERE office_day BETWEEN ? AND ? GROUP BY office_day, score ORDER BY office_day, score`,
  ).all(from, to);
  return { byService, byCounter, byDay };
}

/** How many low scores of the days gave each reason. */
export function ratingReasonCounts(db: Database, from: string, to: string): { code: string; count: number }[] {
  return stmt<[string, string], { code: string; count: number }>(
    db,
    `SELECT reason_code AS code, count(*) AS count FROM satisfaction_rating WHERE office_day BETWEEN ? AND ? AND reason_code IS NOT NULL
     GROUP BY reason_code ORDER BY count DESC, reason_code`,
  ).all(from, to);
}
