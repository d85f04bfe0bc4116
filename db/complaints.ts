/**
 * The complaint outbox (migration 0031, `complaint_outbox`): sealed complaints for the Center, keyed
 * by 128 random bits, with the office day as their only time. Nothing here reads a complaint's text —
 * the office has none, only the sealed bytes it cannot open.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export function queueComplaint(db: Database, c: { id: string; officeDay: string; sealed: string }): void {
  stmt(db, 'INSERT INTO complaint_outbox (id, office_day, sealed) VALUES (?, ?, ?)').run(c.id, c.officeDay, c.sealed);
}

/** Complaints waiting for delivery, a few at a time, in the order of their random key. */
export function undeliveredComplaints(db: Database, limit: number): { id: string; sealed: string }[] {
  return stmt<[number], { id: string; sealed: string }>(db, 'SELECT id, sealed FROM complaint_outbox WHERE delivered = 0 ORDER BY id LIMIT ?').all(limit);
}

/** The Center has it: the sealed bytes are dropped, the row stays as the day's count. */
export function markComplaintDelivered(db: Database, id: string): void {
  stmt(db, 'UPDATE complaint_outbox SET delivered = 1, sealed = NULL WHERE id = ? AND delivered = 0').run(id);
}

/** Per office day: how many were queued and how many delivered, newest day first. */
export function complaintDays(db: Database, limit: number): { day: string; queued: number; delivered: number }[] {
  return stmt<[number], { day: string; queued: number; delivered: number }>(
    db,
    'SELECT office_day AS day, count(*) AS queued, sum(delivered) AS delivered FROM complaint_outbox GROUP BY office_day ORDER BY office_day DESC LIMIT ?',
  ).all(limit);
}

/** Days before `today` whose complaints are not on the audit trail yet, with how many each. */
export function unauditedComplaintDays(db: Database, today: string): { day: string; count: number }[] {
  return stmt<[string], { day: string; count: number }>(
    db,
    'SELECT office_day AS day, count(*) AS count FROM complaint_outbox WHERE audited = 0 AND office_day < ? GROUP BY office_day ORDER BY office_day',
  ).all(today);
}

export function markComplaintDayAudited(db: Database, day: string): void {
  stmt(db, 'UPDATE complaint_outbox SET audited = 1 WHERE office_day = ? AND audited = 0').run(day);
}
