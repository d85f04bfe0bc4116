/**
 * The statistics and compliance queries read by an index on the period, never a whole big table
 * (the staff list and the statistics requests, a few rows by nature, are the stated exceptions).
 * Same method as db/queryPlans.test.ts: the real function runs, and the plan of each statement it ran
 * is checked.
 */
import { describe, expect, it } from 'vitest';
import { SqliteDatabase, type Database } from './sqlite';
import { migrate } from './migrate';
import * as st from './statistics';
import { plannedStatements, unboundedReads, watchPlans } from '../test/support/queryPlan';

const DAYS = { from: '1405-09-01', to: '1405-09-30' };
const PERIOD = { startIso: '2026-11-21T20:30:00.000Z', endIso: '2026-12-21T20:30:00.000Z' };

function office(): Database {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  watchPlans(db);
  return db;
}

const cases: ReadonlyArray<{ name: string; run: (db: Database) => unknown; uses: readonly RegExp[] }> = [
  {
    name: 'waiting and service times: tickets of the days, each one’s own events',
    run: (db) => st.ticketTimes(db, DAYS),
    uses: [/SEARCH t USING (COVERING )?INDEX ticket_open \(office_day>\? AND office_day<\?\).*SEARCH e USING INDEX ticket_event_ticket \(ticket_id=\?\)/],
  },
  { name: 'out-of-turn calls of the period', run: (db) => st.outOfTurnCalls(db, PERIOD), uses: [/SEARCH e USING INDEX ticket_event_out_of_turn \(at>\? AND at<\?\)/] },
  { name: 'refusals and cancellations of the days', run: (db) => st.closedRequests(db, DAYS), uses: [/SEARCH rq USING INDEX request_open \(status=\? AND office_day>\? AND office_day<\?\)/] },
  { name: 'free services (ماده ۱۴) of the days', run: (db) => st.freeServices(db, DAYS), uses: [/SEARCH rq USING INDEX request_office_day \(office_day>\? AND office_day<\?\)/] },
  { name: 'deadline-bound filings of the days', run: (db) => st.deadlineFilings(db, DAYS), uses: [/SEARCH rq USING INDEX request_office_day \(office_day>\? AND office_day<\?\).*SEARCH sb USING INDEX sqlite_autoindex_submission_\d \(request_id=\?\)/] },
  {
    name: 'payments taken and receipts issued in the period',
    run: (db) => st.paymentsAndReceipts(db, PERIOD),
    uses: [/SEARCH payment USING COVERING INDEX payment_paid_at \(paid_at>\? AND paid_at<\?\)/, /SEARCH receipt USING COVERING INDEX receipt_issued \(issued_at>\? AND issued_at<\?\)/],
  },
  { name: 'payments without a receipt', run: (db) => st.paymentsWithoutReceipt(db, PERIOD), uses: [/SEARCH p USING INDEX payment_paid_at \(paid_at>\? AND paid_at<\?\).*SEARCH rc USING COVERING INDEX sqlite_autoindex_receipt_\d \(payment_id=\?\)/] },
  { name: 'audit entries of one action in the period', run: (db) => st.auditEntries(db, 'inquiryRefused', PERIOD), uses: [/SEARCH audit_log USING INDEX audit_log_action \(action=\?\)/] },
  { name: 'the requests queued for the central', run: (db) => st.queuedStatistics(db), uses: [/SEARCH statistics_request USING INDEX statistics_request_due|SCAN statistics_request/] },
];

describe('query plans of the statistics and the compliance view', () => {
  const db = office();

  it.each(cases)('$name', ({ run, uses }) => {
    const statements = plannedStatements(db, () => run(db));
    expect(statements.map((s) => s.plan.join(' | '))).toEqual(uses.map((u) => expect.stringMatching(u)));
    for (const s of statements) {
      // the statistics requests are a handful a year: reading them whole is the point
      const unbounded = unboundedReads(db, s.plan).filter((line) => !/statistics_request/.test(line));
      expect(unbounded, s.sql).toEqual([]);
    }
  });

  it('reads the small tables whole, as stated', () => {
    const [staff] = plannedStatements(db, () => st.activeStaffWithoutCertificate(db));
    expect(unboundedReads(db, staff!.plan)).toEqual(['SCAN staff']);
  });
});

describe('statistics requests from the central', () => {
  it('stores a request once; queues and marks it sent', () => {
    const db = office();
    const r = { id: '44444444-4444-4444-8444-444444444444', seq: 1, from: '1405-08-01', to: '1405-08-30', dueAt: '2026-12-10T20:30:00.000Z', receivedAt: '2026-12-01T08:00:00.000Z' };
    expect(st.insertStatisticsRequest(db, r)).toBe(true);
    expect(st.insertStatisticsRequest(db, { ...r, dueAt: '2027-01-01T00:00:00.000Z' })).toBe(false);
    expect(st.statisticsRequest(db, r.id)).toMatchObject({ from: '1405-08-01', dueAt: r.dueAt, queuedAt: null, sentAt: null });
    expect(st.queuedStatistics(db)).toEqual([]);
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('m', 'م', 'manager', 'h', ?)").run(r.receivedAt);
    st.queueStatistics(db, r.id, '{"a":1}', '2026-12-02T08:00:00.000Z', 1);
    expect(st.queuedStatistics(db).map((q) => q.id)).toEqual([r.id]);
    st.markStatisticsSent(db, r.id, '2026-12-02T08:01:00.000Z', false);
    expect(st.queuedStatistics(db)).toEqual([]);
    expect(st.statisticsRequest(db, r.id)).toMatchObject({ sentAt: '2026-12-02T08:01:00.000Z', late: 0, body: '{"a":1}' });
  });
});
