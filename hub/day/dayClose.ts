/**
 * The end of the office day (issue 19 § 5; core/api/day.ts). Each clerk closes their counter with
 * their own Z — what they took and gave back today, per method — once every payment of theirs today
 * has its receipt issued (printed or its PDF made: db/receiptPrints). The manager then closes the
 * office day, refused while a card sale or a reversal is in doubt anywhere, or any payment of the day
 * has no receipt issued; the refusal's `ref` names them. Refusals are audited (`dayCloseRefused`).
 */
import type { CounterZ, OfficeDayStatus } from '../../core/api/day';
import { DomainError, type ErrorCode } from '../../core/errors';
import { officeDay } from '../../core/format/jalaliDay';
import * as q from '../../db/queue';
import * as rf from '../../db/refunds';
import { cashPayments } from '../../db/reports';
import { getStaff } from '../../db/staff';
import { record } from '../audit/auditLog';
import type { HubBase } from '../base';
import { dayPeriod } from '../report/days';
import { refundsOf } from '../report/reportService';
import type { Staff } from '../request/caller';

type Method = 'pcpos' | 'manual';
const METHODS: readonly Method[] = ['pcpos', 'manual'];

function today(hub: HubBase): { day: string; period: { startIso: string; endIso: string } } {
  const day = officeDay(hub.now());
  const { start, end } = dayPeriod(day);
  return { day, period: { startIso: start.toISOString(), endIso: end.toISOString() } };
}

function sums<T extends { method: Method; amountRials: number }>(rows: readonly T[]) {
  const byMethod = METHODS.map((method) => {
    const mine = rows.filter((x) => x.method === method);
    return { method, count: mine.length, amountRials: mine.reduce((n, x) => n + x.amountRials, 0) };
  }).filter((m) => m.count > 0);
  return { count: rows.length, amountRials: rows.reduce((n, x) => n + x.amountRials, 0), byMethod };
}

/** A clerk's Z for today at a counter: their takings, their refunds, their receipts not issued, and whether they closed. */
export function counterZ(hub: HubBase, counterId: number, staffId: number): CounterZ {
  const { day, period } = today(hub);
  const taken = sums(cashPayments(hub.db, period).filter((p) => p.staffId === staffId));
  const refunded = refundsOf(hub.db, period, staffId);
  const refundedSums = sums(refunded.rows);
  const closed = rf.counterClosesOfDay(hub.db, day).find((c) => c.counterId === counterId && c.staffId === staffId);
  return {
    day,
    counterId,
    staffId,
    name: getStaff(hub.db, staffId)?.displayName ?? '',
    taken,
    refunded: refundedSums,
    netRials: taken.amountRials - refundedSums.amountRials,
    unreceipted: rf.unreceiptedPayments(hub.db, period, staffId).map((x) => ({ year: x.receiptYear, number: x.receiptNumber })),
    closedAt: closed?.closedAt ?? null,
  };
}

function refuse(hub: HubBase, staff: Staff, what: string, code: ErrorCode, message: string, ref?: string): never {
  record(hub.db, hub.now(), { actor: `staff:${staff.userId}`, action: 'dayCloseRefused', subject: what, reason: null, detail: { code, ...(ref ? { which: ref } : {}) } });
  throw new DomainError(code, message, ref === undefined ? {} : { ref });
}

const receiptNo = (x: { year: number; number: number }) => `${x.year}/${String(x.number).padStart(6, '0')}`;

/** The clerk closes the counter they have open (a manager may close any), with their Z. */
export function closeCounter(hub: HubBase, counterId: number, staff: Staff): CounterZ {
  const counter = q.getCounter(hub.db, counterId);
  if (!counter) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
  if (staff.role !== 'manager' && counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_NOT_OPEN', 'the caller does not have this counter open');
  const z = counterZ(hub, counterId, staff.userId);
  const what = `counter:${counterId}`;
  if (z.closedAt !== null) refuse(hub, staff, what, 'COUNTER_ALREADY_CLOSED', 'this counter is closed for today already');
  if (z.unreceipted.length > 0) refuse(hub, staff, what, 'COUNTER_CLOSE_UNRECEIPTED', 'payments without a receipt issued', z.unreceipted.map(receiptNo).join('، '));
  const closedAt = hub.now().toISOString();
  hub.db
    .transaction(() => {
      rf.insertCounterClose(hub.db, { counterId, officeDay: z.day, staffId: staff.userId, closedAt, summary: { ...z, closedAt } });
      record(hub.db, hub.now(), { actor: `staff:${staff.userId}`, action: 'counterClosed', subject: what, detail: { day: z.day, takenRials: z.taken.amountRials, refundedRials: z.refunded.amountRials, netRials: z.netRials } });
    })
    .immediate();
  return { ...z, closedAt };
}

/** Today's office day: closed or not, by whom, and how many counters closed with their Z. */
export function officeDayStatus(hub: HubBase): OfficeDayStatus {
  const { day } = today(hub);
  const closed = rf.officeDayClosed(hub.db, day);
  return {
    day,
    closedAt: closed?.closedAt ?? null,
    closedBy: closed ? (getStaff(hub.db, closed.staffId)?.displayName ?? '') : null,
    countersClosed: rf.counterClosesOfDay(hub.db, day).length,
  };
}

/** The manager closes the office day: nothing in doubt, every receipt issued. */
export function closeOfficeDay(hub: HubBase, staff: Staff): { day: string; closedAt: string; counters: CounterZ[] } {
  const { day, period } = today(hub);
  const what = `day:${day}`;
  if (rf.officeDayClosed(hub.db, day)) refuse(hub, staff, what, 'DAY_ALREADY_CLOSED', 'the office day is closed already');
  const inDoubt = rf.inDoubtMoney(hub.db);
  if (inDoubt.length > 0) {
    refuse(hub, staff, what, 'DAY_CLOSE_IN_DOUBT', 'card sales or reversals in doubt', inDoubt.map((x) => `${x.requestYear}/${x.requestNumber}`).join('، '));
  }
  const missing = rf.unreceiptedPayments(hub.db, period);
  if (missing.length > 0) refuse(hub, staff, what, 'DAY_CLOSE_RECEIPT_MISSING', 'payments without a receipt issued', missing.map((x) => receiptNo({ year: x.receiptYear, number: x.receiptNumber })).join('، '));
  const counters = rf.counterClosesOfDay(hub.db, day).map((c) => c.summary as CounterZ);
  const closedAt = hub.now().toISOString();
  hub.db
    .transaction(() => {
      rf.insertOfficeDayClose(hub.db, { officeDay: day, staffId: staff.userId, closedAt, summary: { counters } });
      record(hub.db, hub.now(), { actor: `staff:${staff.userId}`, action: 'officeDayClosed', subject: what, detail: { counters: counters.length } });
    })
    .immediate();
  return { day, closedAt, counters };
}
