/** What every step of a request stands on: the stored request, and what each part of its fees comes to. */
import type { PaymentPart } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import * as q from '../../db/queue';
import * as r from '../../db/requests';
import type { Database } from '../../db/sqlite';
import type { Staff } from './caller';

/** The request, or UNKNOWN_REQUEST. */
export function loadRequest(db: Database, requestId: string): r.RequestRow {
  const row = r.getRequest(db, requestId);
  if (!row) throw new DomainError('UNKNOWN_REQUEST', 'no such request');
  return row;
}

/**
 * A request to change: only the staff member who has its counter open, or a manager, may move it
 * on — a clerk at another desk sees a stranger's file otherwise (privacy of the parties' data).
 */
export function loadForChange(db: Database, requestId: string, staff: Staff): r.RequestRow {
  const req = loadRequest(db, requestId);
  if (staff.role !== 'manager' && q.getCounter(db, req.counterId)?.openStaffId !== staff.userId) {
    throw new DomainError('REQUEST_OTHER_COUNTER', 'the request belongs to a counter the caller does not have open');
  }
  return req;
}

/** What one part of a quote comes to: the office tariff less discount and exemption; the judicial costs as they are. */
export function dueOf(fq: r.FeeQuoteRow, part: PaymentPart): number {
  return part === 'officeTariff' ? fq.officeTariffRials - fq.discountRials - fq.exemptRials : fq.judicialCostRials;
}

/** SQLite refused a second row where one may be: a number, an id or a day already taken. */
export function uniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
