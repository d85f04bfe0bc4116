/**
 * Queue queries. Writes that must land together (a number and its ticket; a claim and its event)
 * are wrapped in one transaction by the caller (hub/queue).
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export type TicketStatus = 'printing' | 'print_failed' | 'waiting' | 'called' | 'serving' | 'parked' | 'done' | 'no_show' | 'cancelled';
export type TicketEventKind =
  | 'issued'
  | 'print_failed'
  | 'reprinted'
  | 'called'
  | 'recalled'
  | 'started'
  | 'finished'
  | 'no_show'
  | 'transferred'
  | 'parked'
  | 'cancelled'
  | 'day_closed';

export interface QueueSettingsRow {
  normalPerPriority: number;
  maxWaitMinutes: number;
  serviceLevelMinutes: number;
  defaultServiceMinutes: number;
  /** recalls after which a no-show needs no confirmation */
  noShowAfterRecalls: number;
  printer: string;
}

export interface ServiceRow {
  id: number;
  name: string;
  prefix: string;
  sortOrder: number;
  dailyCap: number | null;
  opensAt: string;
  closesAt: string;
  active: boolean;
}

export interface CounterRow {
  id: number;
  number: number;
  active: boolean;
  openStaffId: number | null;
  normalsSincePriority: number;
}

export interface TicketRow {
  id: string;
  officeDay: string;
  /** the service it was issued for, and that service's prefix then (the number's identity) */
  issuedServiceId: number;
  prefix: string;
  number: number;
  /** the line it is in now */
  serviceId: number;
  priorityCategoryId: number | null;
  bookingCode: string | null;
  status: TicketStatus;
  queueKey: number;
  issuedAt: string;
  counterId: number | null;
}

const bool = <T extends { active: number }>(r: T) => ({ ...r, active: r.active === 1 });

export function getQueueSettings(db: Database): QueueSettingsRow {
  return stmt<[], QueueSettingsRow>(db, 
      `SELECT normal_per_priority AS normalPerPriority, max_wait_minutes AS maxWaitMinutes,
              service_level_minutes AS serviceLevelMinutes, default_service_minutes AS defaultServiceMinutes,
              no_show_after_recalls AS noShowAfterRecalls, printer
       FROM queue_settings WHERE id = 1`,
    )
    .get()!;
}

export function updateQueueSettings(db: Database, s: Omit<QueueSettingsRow, 'printer'>): void {
  stmt(db, 
    `UPDATE queue_settings SET normal_per_priority = ?, max_wait_minutes = ?, service_level_minutes = ?, default_service_minutes = ?, no_show_after_recalls = ? WHERE id = 1`,
  ).run(s.normalPerPriority, s.maxWaitMinutes, s.serviceLevelMinutes, s.defaultServiceMinutes, s.noShowAfterRecalls);
}

export function setPrinterConfig(db: Database, printerJson: string): void {
  stmt(db, 'UPDATE queue_settings SET printer = ? WHERE id = 1').run(printerJson);
}

const serviceColumns = `id, name, prefix, sort_order AS sortOrder, daily_cap AS dailyCap, opens_at AS opensAt, closes_at AS closesAt, active`;

export function listServices(db: Database): ServiceRow[] {
  return stmt<[], ServiceRow & { active: number }>(db, `SELECT ${serviceColumns} FROM service ORDER BY sort_order, id`)
    .all()
    .map(bool);
}

export function getService(db: Database, id: number): ServiceRow | undefined {
  const r = stmt<[number], ServiceRow & { active: number }>(db, `SELECT ${serviceColumns} FROM service WHERE id = ?`).get(id);
  return r ? bool(r) : undefined;
}

export function saveService(db: Database, s: Omit<ServiceRow, 'id'> & { id?: number | undefined }): number {
  const values = [s.name, s.prefix, s.sortOrder, s.dailyCap, s.opensAt, s.closesAt, s.active ? 1 : 0] as const;
  if (s.id === undefined) {
    return Number(
      stmt(db, 'INSERT INTO service (name, prefix, sort_order, daily_cap, opens_at, closes_at, active) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...values).lastInsertRowid,
    );
  }
  stmt(db, 'UPDATE service SET name = ?, prefix = ?, sort_order = ?, daily_cap = ?, opens_at = ?, closes_at = ?, active = ? WHERE id = ?').run(...values, s.id);
  return s.id;
}

export function listPriorityCategories(db: Database): Array<{ id: number; name: string; active: boolean }> {
  return stmt<[], { id: number; name: string; active: number }>(db, 'SELECT id, name, active FROM priority_category ORDER BY id')
    .all()
    .map(bool);
}

const counterColumns = `id, number, active, open_staff_id AS openStaffId, normals_since_priority AS normalsSincePriority`;

export function listCounters(db: Database): CounterRow[] {
  return stmt<[], CounterRow & { active: number }>(db, `SELECT ${counterColumns} FROM counter ORDER BY number`)
    .all()
    .map(bool);
}

export function getCounter(db: Database, id: number): CounterRow | undefined {
  const r = stmt<[number], CounterRow & { active: number }>(db, `SELECT ${counterColumns} FROM counter WHERE id = ?`).get(id);
  return r ? bool(r) : undefined;
}

export function counterServiceIds(db: Database, counterId: number): number[] {
  return stmt<[number], number>(db, 'SELECT service_id FROM counter_service WHERE counter_id = ? ORDER BY service_id').pluck().all(counterId);
}

export function saveCounter(db: Database, c: { id?: number | undefined; number: number; active: boolean; serviceIds: number[] }): number {
  let id = c.id;
  if (id === undefined) id = Number(stmt(db, 'INSERT INTO counter (number, active) VALUES (?, ?)').run(c.number, c.active ? 1 : 0).lastInsertRowid);
  else stmt(db, 'UPDATE counter SET number = ?, active = ? WHERE id = ?').run(c.number, c.active ? 1 : 0, id);
  stmt(db, 'DELETE FROM counter_service WHERE counter_id = ?').run(id);
  const add = stmt(db, 'INSERT INTO counter_service (counter_id, service_id) VALUES (?, ?)');
  for (const s of new Set(c.serviceIds)) add.run(id, s);
  return id;
}

export function setCounterOpenBy(db: Database, counterId: number, staffId: number | null): void {
  stmt(db, 'UPDATE counter SET open_staff_id = ? WHERE id = ?').run(staffId, counterId);
}

export function setNormalsSincePriority(db: Database, counterId: number, value: number): void {
  stmt(db, 'UPDATE counter SET normals_since_priority = ? WHERE id = ?').run(value, counterId);
}

/** The day's next number for a service: one row per (day, service), bumped in the caller's transaction. */
export function nextTicketNumber(db: Database, officeDay: string, serviceId: number): number {
  return stmt<[string, number], number>(db, 
      `INSERT INTO ticket_sequence (office_day, service_id, last_number) VALUES (?, ?, 1)
       ON CONFLICT (office_day, service_id) DO UPDATE SET last_number = last_number + 1
       RETURNING last_number`,
    )
    .pluck()
    .get(officeDay, serviceId)!;
}

export function insertTicket(db: Database, t: TicketRow & { bookingNationalId?: string | null }): void {
  stmt(db, 
    `INSERT INTO ticket (id, office_day, issued_service_id, prefix, number, service_id, priority_category_id, booking_code, booking_national_id, status, queue_key, issued_at, counter_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(t.id, t.officeDay, t.issuedServiceId, t.prefix, t.number, t.serviceId, t.priorityCategoryId, t.bookingCode, t.bookingNationalId ?? null, t.status, t.queueKey, t.issuedAt, t.counterId);
}

const ticketColumns = `id, office_day AS officeDay, issued_service_id AS issuedServiceId, prefix, number, service_id AS serviceId, priority_category_id AS priorityCategoryId,
  booking_code AS bookingCode, status, queue_key AS queueKey, issued_at AS issuedAt, counter_id AS counterId`;

export function getTicket(db: Database, id: string): TicketRow | undefined {
  return stmt<[string], TicketRow>(db, `SELECT ${ticketColumns} FROM ticket WHERE id = ?`).get(id);
}

export function ticketsByStatus(db: Database, officeDay: string, statuses: readonly TicketStatus[]): TicketRow[] {
  return stmt<[string, string], TicketRow>(db, `SELECT ${ticketColumns} FROM ticket WHERE office_day = ? AND status IN (SELECT value FROM json_each(?)) ORDER BY queue_key, issued_at`)
    .all(officeDay, JSON.stringify(statuses));
}

export function waitingTickets(db: Database): TicketRow[] {
  return stmt<[], TicketRow>(db, `SELECT ${ticketColumns} FROM ticket WHERE status = 'waiting' ORDER BY queue_key`).all();
}

/** The ticket a counter is calling or serving, if any (the unique index allows at most one). */
export function ticketAtCounter(db: Database, counterId: number): TicketRow | undefined {
  return stmt<[number], TicketRow>(db, `SELECT ${ticketColumns} FROM ticket WHERE counter_id = ? AND status IN ('called', 'serving')`).get(counterId);
}

export function parkedAtCounter(db: Database, counterId: number): TicketRow[] {
  return stmt<[number], TicketRow>(db, `SELECT ${ticketColumns} FROM ticket WHERE counter_id = ? AND status = 'parked' ORDER BY queue_key`).all(counterId);
}

/**
 * Move a ticket from one status to another only if it is still in the expected one. Returns
 * whether it moved: the atomic claim that keeps two counters from calling the same ticket.
 */
export function moveTicket(
  db: Database,
  id: string,
  from: readonly TicketStatus[],
  to: TicketStatus,
  changes: { counterId?: number | null; serviceId?: number; queueKey?: number } = {},
): boolean {
  const info = stmt(db, 
      `UPDATE ticket SET status = ?,
         counter_id = CASE WHEN ? THEN ? ELSE counter_id END,
         service_id = coalesce(?, service_id),
         queue_key = coalesce(?, queue_key)
       WHERE id = ? AND status IN (SELECT value FROM json_each(?))`,
    )
    .run(to, 'counterId' in changes ? 1 : 0, changes.counterId ?? null, changes.serviceId ?? null, changes.queueKey ?? null, id, JSON.stringify(from));
  return info.changes === 1;
}

export interface TicketEventInput {
  ticketId: string;
  kind: TicketEventKind;
  at: string;
  serviceId: number;
  counterId?: number | null;
  staffId?: number | null;
  outOfTurn?: boolean;
  reasonCode?: string | null;
  reasonText?: string | null;
  detail?: Record<string, unknown> | null;
}

export function insertTicketEvent(db: Database, e: TicketEventInput): void {
  stmt(db, 
    `INSERT INTO ticket_event (ticket_id, kind, at, counter_id, staff_id, service_id, out_of_turn, reason_code, reason_text, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.ticketId,
    e.kind,
    e.at,
    e.counterId ?? null,
    e.staffId ?? null,
    e.serviceId,
    e.outOfTurn ? 1 : 0,
    e.reasonCode ?? null,
    e.reasonText ?? null,
    e.detail ? JSON.stringify(e.detail) : null,
  );
}

/** How many of the day's numbers a service has handed out (its daily cap counts these). */
export function issuedCount(db: Database, officeDay: string, serviceId: number): number {
  return stmt<[string, number], number>(db, 'SELECT coalesce(max(last_number), 0) FROM ticket_sequence WHERE office_day = ? AND service_id = ?').pluck().get(officeDay, serviceId)!;
}

/**
 * Day rollover: every ticket of an earlier day still open is closed with a `day_closed` event.
 * Its rows stay (the archive); the new day's numbers start at 1 from `ticket_sequence`.
 */
/** Cancels what is left of days before `today`; returns how many tickets, and the counters that held one. */
export function closeEarlierDays(db: Database, today: string, at: string): { closed: number; counterIds: number[] } {
  const open = stmt<[string], { id: string; serviceId: number; counterId: number | null }>(db, 
      `SELECT id, service_id AS serviceId, counter_id AS counterId FROM ticket
       WHERE office_day < ? AND status IN ('printing', 'print_failed', 'waiting', 'called', 'serving', 'parked')`,
    )
    .all(today);
  for (const t of open) {
    moveTicket(db, t.id, ['printing', 'print_failed', 'waiting', 'called', 'serving', 'parked'], 'cancelled', { counterId: null });
    insertTicketEvent(db, { ticketId: t.id, kind: 'day_closed', at, serviceId: t.serviceId, counterId: t.counterId });
  }
  return { closed: open.length, counterIds: [...new Set(open.flatMap((t) => (t.counterId === null ? [] : [t.counterId])))] };
}

export interface EventRow {
  ticketId: string;
  kind: TicketEventKind;
  at: string;
  counterId: number | null;
  staffId: number | null;
  serviceId: number;
  outOfTurn: number;
  reasonCode: string | null;
  reasonText: string | null;
}

/** Every event of the tickets of one office day, in order — the report's only source. */
/** Whether a ticket's number already counts as issued (its first successful print). */
export function wasIssued(db: Database, ticketId: string): boolean {
  return stmt<[string], number>(db, "SELECT 1 FROM ticket_event WHERE ticket_id = ? AND kind = 'issued'").pluck().get(ticketId) !== undefined;
}

/** How many times a ticket was recalled (its current call and every earlier one). */
export function recallCount(db: Database, ticketId: string): number {
  return stmt<[string], { n: number }>(db, "SELECT count(*) AS n FROM ticket_event WHERE ticket_id = ? AND kind = 'recalled'").get(ticketId)!.n;
}

/** The last calls of a day, newest first, for the board. */
export function recentCalls(db: Database, officeDay: string, limit: number): Array<{ prefix: string; number: number; counterId: number; kind: string; at: string }> {
  return stmt<[string, number], { prefix: string; number: number; counterId: number; kind: string; at: string }>(
    db,
    `SELECT t.prefix, t.number, e.counter_id AS counterId, e.kind, e.at FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
     WHERE t.office_day = ? AND e.kind IN ('called', 'recalled') ORDER BY e.id DESC LIMIT ?`,
  ).all(officeDay, limit);
}

/** The numbers of one office day's tickets, by id — how the day report names them. */
export function ticketNumbersOfDay(db: Database, officeDay: string): Array<{ id: string; prefix: string; number: number }> {
  return stmt<[string], { id: string; prefix: string; number: number }>(db, 'SELECT id, prefix, number FROM ticket WHERE office_day = ?').all(officeDay);
}

export function eventsOfDay(db: Database, officeDay: string): EventRow[] {
  return stmt<[string], EventRow>(db, 
      `SELECT e.ticket_id AS ticketId, e.kind, e.at, e.counter_id AS counterId, e.staff_id AS staffId, e.service_id AS serviceId,
              e.out_of_turn AS outOfTurn, e.reason_code AS reasonCode, e.reason_text AS reasonText
       FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
       WHERE t.office_day = ? ORDER BY e.id`,
    )
    .all(officeDay);
}

/**
 * The few waiting tickets the call rules can pick for these services: per service, the first
 * normal and the first priority ticket in line and the longest-waiting one. The rules only ever
 * choose a minimum of one of these orders, so deciding on candidates equals deciding on the whole
 * line — at index cost, however long the line.
 */
export function waitingCandidates(db: Database, serviceIds: readonly number[]): TicketRow[] {
  const firstNormal = stmt<[number], TicketRow>(db, 
    `SELECT ${ticketColumns} FROM ticket WHERE status = 'waiting' AND service_id = ? AND priority_category_id IS NULL ORDER BY queue_key LIMIT 1`,
  );
  const firstPriority = stmt<[number], TicketRow>(db, 
    `SELECT ${ticketColumns} FROM ticket WHERE status = 'waiting' AND service_id = ? AND priority_category_id IS NOT NULL ORDER BY queue_key LIMIT 1`,
  );
  const longestWaiting = stmt<[number], TicketRow>(db, 
    `SELECT ${ticketColumns} FROM ticket WHERE status = 'waiting' AND service_id = ? ORDER BY issued_at, queue_key LIMIT 1`,
  );
  const out = new Map<string, TicketRow>();
  for (const id of serviceIds) {
    for (const stmt of [firstNormal, firstPriority, longestWaiting]) {
      const row = stmt.get(id);
      if (row) out.set(row.id, row);
    }
  }
  return [...out.values()];
}

/** Waiting tickets of a service ahead of a queue position. */
export function countAhead(db: Database, serviceId: number, queueKey: number): number {
  return stmt<[number, number], number>(db, `SELECT count(*) FROM ticket WHERE status = 'waiting' AND service_id = ? AND queue_key < ?`).pluck().get(serviceId, queueKey)!;
}

export function waitingSummary(db: Database): Array<{ serviceId: number; count: number; oldestIssuedAt: string | null }> {
  return stmt<[], { serviceId: number; count: number; oldestIssuedAt: string | null }>(db, 
      `SELECT service_id AS serviceId, count(*) AS count, min(issued_at) AS oldestIssuedAt FROM ticket WHERE status = 'waiting' GROUP BY service_id`,
    )
    .all();
}

export function firstQueueKey(db: Database, serviceId: number): number | null {
  return stmt<[number], number | null>(db, `SELECT min(queue_key) FROM ticket WHERE status = 'waiting' AND service_id = ?`).pluck().get(serviceId) ?? null;
}

export function bookingsToday(db: Database, officeDay: string, nationalId: string): number {
  return stmt<[string, string], number>(db, 'SELECT count(*) FROM ticket WHERE office_day = ? AND booking_national_id = ?').pluck().get(officeDay, nationalId)!;
}

export function staffNames(db: Database): Map<number, string> {
  return new Map(stmt<[], { id: number; name: string }>(db, 'SELECT id, display_name AS name FROM staff').all().map((r) => [r.id, r.name]));
}

/** Mean service time (ms) of the day's finished stretches, for wait estimates; null before the first. */
export function averageServiceMs(db: Database, officeDay: string): number | null {
  return stmt<[string], number | null>(db, 
      `SELECT avg(julianday(f.at) - julianday(s.at)) * 86400000 FROM ticket_event s
       JOIN ticket t ON t.id = s.ticket_id AND t.office_day = ?
       JOIN ticket_event f ON f.ticket_id = s.ticket_id AND f.kind = 'finished' AND f.id > s.id
       WHERE s.kind = 'started'
         AND NOT EXISTS (SELECT 1 FROM ticket_event x WHERE x.ticket_id = s.ticket_id AND x.id > s.id AND x.id < f.id AND x.kind IN ('started', 'transferred', 'parked'))`,
    )
    .pluck()
    .get(officeDay) ?? null;
}

export function openCountersServing(db: Database, serviceId: number): number {
  return stmt<[number], number>(db, 
      `SELECT count(*) FROM counter c JOIN counter_service cs ON cs.counter_id = c.id
       WHERE c.active = 1 AND c.open_staff_id IS NOT NULL AND cs.service_id = ?`,
    )
    .pluck()
    .get(serviceId)!;
}

/**
 * A place at the back of the lines: now, or just after the last place given out if that is later
 * (two tickets in the same millisecond, or a clock that stepped back), so positions never tie.
 */
export function nextQueueKey(db: Database, nowMs: number): number {
  const last = stmt<[], number | null>(db, 'SELECT max(queue_key) FROM ticket').pluck().get() ?? null;
  return last === null ? nowMs : Math.max(nowMs, last + 1);
}

export function savePriorityCategory(db: Database, c: { id?: number | undefined; name: string; active: boolean }): number {
  if (c.id === undefined) return Number(stmt(db, 'INSERT INTO priority_category (name, active) VALUES (?, ?)').run(c.name, c.active ? 1 : 0).lastInsertRowid);
  stmt(db, 'UPDATE priority_category SET name = ?, active = ? WHERE id = ?').run(c.name, c.active ? 1 : 0, c.id);
  return c.id;
}
