/**
 * PC-POS terminals per counter and the attempts sent to them (migration 0005). The hub
 * (hub/requests) decides the attempt lifecycle; these are the queries.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export type TerminalKind = 'sadad';

export interface TerminalSettingRow {
  counterId: number;
  kind: TerminalKind;
  baseUrl: string;
  timeoutMs: number;
  deviceIp: string | null;
  devicePort: number | null;
  terminalId: string | null;
  updatedAt: string;
  updatedBy: number;
}

const settingColumns = `counter_id AS counterId, kind, base_url AS baseUrl, timeout_ms AS timeoutMs, device_ip AS deviceIp,
  device_port AS devicePort, terminal_id AS terminalId, updated_at AS updatedAt, updated_by AS updatedBy`;

export function getTerminalSetting(db: Database, counterId: number): TerminalSettingRow | undefined {
  return stmt<[number], TerminalSettingRow>(db, `SELECT ${settingColumns} FROM payment_terminal WHERE counter_id = ?`).get(counterId);
}

/** Creates or replaces the counter's terminal. */
export function saveTerminalSetting(db: Database, s: TerminalSettingRow): void {
  stmt(
    db,
    `INSERT INTO payment_terminal (counter_id, kind, base_url, timeout_ms, device_ip, device_port, terminal_id, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (counter_id) DO UPDATE SET kind = excluded.kind, base_url = excluded.base_url, timeout_ms = excluded.timeout_ms,
       device_ip = excluded.device_ip, device_port = excluded.device_port, terminal_id = excluded.terminal_id,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(s.counterId, s.kind, s.baseUrl, s.timeoutMs, s.deviceIp, s.devicePort, s.terminalId, s.updatedAt, s.updatedBy);
}

/** The terminal id on the latest card payment taken at this counter's terminal, if any. */
export function lastTerminalIdAtCounter(db: Database, counterId: number): string | undefined {
  return stmt<[number], string>(
    db,
    `SELECT p.terminal_id FROM payment_attempt a JOIN payment p ON p.id = a.payment_id
     WHERE a.counter_id = ? AND a.state = 'approved' ORDER BY p.paid_at DESC, p.rowid DESC LIMIT 1`,
  )
    .pluck()
    .get(counterId);
}

// ---------- attempts ----------

export type AttemptState = 'pending' | 'inDoubt' | 'approved' | 'notCharged' | 'chargedMismatch';
export type AttemptPart = 'officeTariff' | 'judicialCost';

export interface AttemptRow {
  orderId: string;
  requestId: string;
  feeQuoteId: number;
  part: AttemptPart;
  amountRials: number;
  counterId: number;
  staffId: number;
  startedAt: string;
  state: AttemptState;
  errorCode: string | null;
  paymentId: string | null;
  resolvedAt: string | null;
}

const attemptColumns = `order_id AS orderId, request_id AS requestId, fee_quote_id AS feeQuoteId, part, amount_rials AS amountRials,
  counter_id AS counterId, staff_id AS staffId, started_at AS startedAt, state, error_code AS errorCode, payment_id AS paymentId, resolved_at AS resolvedAt`;

/** A new attempt, `pending`. */
export function insertAttempt(db: Database, a: Omit<AttemptRow, 'state' | 'errorCode' | 'paymentId' | 'resolvedAt'>): void {
  stmt(
    db,
    `INSERT INTO payment_attempt (order_id, request_id, fee_quote_id, part, amount_rials, counter_id, staff_id, started_at, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
  ).run(a.orderId, a.requestId, a.feeQuoteId, a.part, a.amountRials, a.counterId, a.staffId, a.startedAt);
}

export function getAttempt(db: Database, orderId: string): AttemptRow | undefined {
  return stmt<[string], AttemptRow>(db, `SELECT ${attemptColumns} FROM payment_attempt WHERE order_id = ?`).get(orderId);
}

/** The request part's pending or in-doubt attempt: money may have moved under its order id. */
export function openAttempt(db: Database, requestId: string, part: AttemptPart): AttemptRow | undefined {
  return stmt<[string, string], AttemptRow>(db, `SELECT ${attemptColumns} FROM payment_attempt WHERE request_id = ? AND part = ? AND state IN ('pending', 'inDoubt')`).get(
    requestId,
    part,
  );
}

export function attemptsOfRequest(db: Database, requestId: string): AttemptRow[] {
  return stmt<[string], AttemptRow>(db, `SELECT ${attemptColumns} FROM payment_attempt WHERE request_id = ? ORDER BY started_at, rowid`).all(requestId);
}

/** Still open (no answer heard): `inDoubt`, with the code of what happened. */
export function markAttemptInDoubt(db: Database, orderId: string, errorCode: string): void {
  stmt(db, `UPDATE payment_attempt SET state = 'inDoubt', error_code = ? WHERE order_id = ? AND state IN ('pending', 'inDoubt')`).run(errorCode, orderId);
}

/** Closes an open attempt. Returns false when it was not open (already resolved). */
export function resolveAttempt(
  db: Database,
  orderId: string,
  r: { state: 'approved'; paymentId: string; at: string } | { state: 'notCharged' | 'chargedMismatch'; errorCode: string; at: string },
): boolean {
  const info = stmt(
    db,
    `UPDATE payment_attempt SET state = ?, error_code = ?, payment_id = ?, resolved_at = ? WHERE order_id = ? AND state IN ('pending', 'inDoubt')`,
  ).run(r.state, r.state === 'approved' ? null : r.errorCode, r.state === 'approved' ? r.paymentId : null, r.at, orderId);
  return info.changes === 1;
}

/**
 * At start-up: an attempt still `pending` was under way when the hub stopped, so its outcome was
 * never heard. Returns how many became `inDoubt`.
 */
export function markPendingAttemptsInDoubt(db: Database): number {
  return stmt(db, `UPDATE payment_attempt SET state = 'inDoubt', error_code = coalesce(error_code, 'HUB_RESTARTED') WHERE state = 'pending'`).run().changes;
}
