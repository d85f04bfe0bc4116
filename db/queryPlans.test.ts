/**
 * The queries behind the counter's and the manager's screens read through their indexes, never a
 * whole table. Each case calls the real db/ function; test/support/queryPlan.ts records the plan
 * of every statement it runs (EXPLAIN QUERY PLAN of that statement's own SQL and parameters).
 */
import { describe, expect, it } from 'vitest';
import { SqliteDatabase, type Database } from './sqlite';
import { migrate } from './migrate';
import * as audit from './audit';
import * as q from './queue';
import * as reports from './reports';
import * as refunds from './refunds';
import * as r from './requests';
import * as sync from './sync';
import * as followUp from './followUp';
import * as search from './search';
import * as ratings from './ratings';
import * as complaints from './complaints';
import { plannedStatements, unboundedReads, watchPlans } from '../test/support/queryPlan';

const DAY = '1405-09-07';
const PERIOD = { startIso: '2026-11-27T20:30:00.000Z', endIso: '2026-11-28T20:30:00.000Z' };

function office(): Database {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  watchPlans(db);
  return db;
}

interface Case {
  /** the screen and what it asks */
  readonly name: string;
  readonly run: (db: Database) => unknown;
  /** a pattern each statement's plan must show, in the order the function runs them */
  readonly uses: readonly RegExp[];
}

const cases: readonly Case[] = [
  // the counter's queue panel
  {
    name: 'call next: the head of each line of the counter’s services (normal, priority, longest waiting)',
    run: (db) => q.waitingCandidates(db, [1]),
    uses: [/SEARCH ticket USING INDEX ticket_waiting_normal \(service_id=\?\)/, /SEARCH ticket USING INDEX ticket_waiting_priority \(service_id=\?\)/, /SEARCH ticket USING INDEX ticket_waiting_since \(service_id=\?\)/],
  },
  { name: 'call next: the claim of the chosen ticket', run: (db) => q.moveTicket(db, 't1', ['waiting'], 'called', { counterId: 1 }), uses: [/SEARCH ticket USING INDEX sqlite_autoindex_ticket_1 \(id=\?\)/] },
  { name: 'the ticket at the counter', run: (db) => q.ticketAtCounter(db, 1), uses: [/SEARCH ticket USING INDEX ticket_one_per_counter \(counter_id=\?\)/] },
  { name: 'the waiting list (the line)', run: (db) => q.waitingTickets(db), uses: [/SCAN ticket USING INDEX ticket_waiting_line/] },
  { name: 'the waiting counts per service', run: (db) => q.waitingSummary(db), uses: [/SCAN ticket USING COVERING INDEX ticket_waiting_since/] },
  { name: 'the counter’s set-aside tickets', run: (db) => q.parkedAtCounter(db, 1), uses: [/SEARCH ticket USING INDEX ticket_parked \(counter_id=\?\)/] },
  { name: 'people ahead of a ticket', run: (db) => q.countAhead(db, 1, 5), uses: [/SEARCH ticket USING COVERING INDEX ticket_waiting \(service_id=\? AND queue_key<\?\)/] },
  { name: 'recalls of the current ticket', run: (db) => q.recallCount(db, 't1'), uses: [/SEARCH ticket_event USING INDEX ticket_event_ticket \(ticket_id=\?\)/] },
  // the open requests of the day, and looking a request or an applicant up
  { name: 'the open requests of the day', run: (db) => r.openRequestsOfDay(db, DAY), uses: [/SEARCH rq USING INDEX request_open \(status=\? AND office_day=\?\)/] },
  { name: 'a request by id', run: (db) => r.getRequest(db, '11111111-1111-4111-8111-111111111111'), uses: [/SEARCH request USING INDEX sqlite_autoindex_request_1 \(id=\?\)/] },
  { name: 'the requests of a ticket', run: (db) => r.requestIdsOfTicket(db, 't1'), uses: [/SEARCH request USING INDEX request_ticket \(ticket_id=\?\)/] },
  {
    name: 'an applicant by national id (or a foreign national by passport)',
    run: (db) => r.findApplicant(db, 'n:0013542419'),
    uses: [/SEARCH applicant USING INDEX sqlite_autoindex_applicant_1 \(identity_key=\?\).*SEARCH applicant USING INDEX applicant_passport/],
  },
  { name: 'a request’s submission (its tracking code)', run: (db) => sync.submissionOfRequest(db, '11111111-1111-4111-8111-111111111111'), uses: [/SEARCH s USING INDEX sqlite_autoindex_submission_2 \(request_id=\?\)/] },
  // the manager's day reports
  { name: 'queue day report: the day’s events', run: (db) => q.eventsOfDay(db, DAY), uses: [/SEARCH t USING INDEX ticket_open \(office_day=\?\).*SEARCH e USING INDEX ticket_event_ticket/] },
  { name: 'queue day report: the day’s ticket numbers', run: (db) => q.ticketNumbersOfDay(db, DAY), uses: [/SEARCH ticket USING INDEX ticket_open \(office_day=\?\)/] },
  { name: 'cash (Z): every receipt of the day', run: (db) => reports.cashPayments(db, PERIOD), uses: [/SEARCH rc USING INDEX receipt_issued \(issued_at>\? AND issued_at<\?\)/] },
  { name: 'cash (Z): sums per clerk', run: (db) => reports.cashSums(db, PERIOD, 'clerk'), uses: [/SEARCH rc USING INDEX receipt_issued/] },
  { name: 'cash (Z): the total', run: (db) => reports.cashTotal(db, PERIOD), uses: [/SEARCH rc USING INDEX receipt_issued/] },
  { name: 'cash (Z): the year’s last receipt before the day', run: (db) => reports.lastReceiptBefore(db, 1405, PERIOD.startIso), uses: [/SEARCH receipt USING INDEX sqlite_autoindex_receipt_2 \(year=\?\)/] },
  { name: 'services: per service', run: (db) => reports.serviceFiguresByService(db, DAY, DAY), uses: [/SEARCH rq USING INDEX request_office_day \(office_day>\? AND office_day<\?\)/] },
  { name: 'services: the total', run: (db) => reports.serviceFiguresTotal(db, DAY, DAY), uses: [/SEARCH rq USING INDEX request_office_day/] },
  { name: 'discounts: the rows', run: (db) => reports.discounts(db, PERIOD), uses: [/SEARCH rc USING INDEX receipt_issued/] },
  { name: 'discounts: the total', run: (db) => reports.discountsTotal(db, PERIOD), uses: [/SEARCH rc USING INDEX receipt_issued/] },
  // refunds (the counter's view of a request, the Z, the end of the day)
  { name: 'refunds: is a payment given back (each receipt of the request view)', run: (db) => refunds.isPaymentRefunded(db, '22222222-2222-4222-8222-222222222222'), uses: [/SEARCH refund USING (COVERING )?INDEX refund_payment \(payment_id=\? AND state=\?\)/] },
  { name: 'refunds: those of a request', run: (db) => refunds.refundsOfRequest(db, '11111111-1111-4111-8111-111111111111'), uses: [/SEARCH refund USING INDEX refund_request \(request_id=\?\)/] },
  { name: 'cash (Z): the refunds done on the day', run: (db) => refunds.refundsDone(db, PERIOD), uses: [/SEARCH f USING INDEX refund_done \(state=\? AND done_at>\? AND done_at<\?\)/] },
  // the audit trail
  { name: 'audit trail: a page of every action', run: (db) => audit.auditPage(db, { beforeSeq: 1000, limit: 50, action: null }), uses: [/SEARCH audit_log USING INTEGER PRIMARY KEY \(rowid<\?\)/] },
  { name: 'audit trail: a page of one action', run: (db) => audit.auditPage(db, { beforeSeq: 1000, limit: 50, action: 'login' }), uses: [/SEARCH audit_log USING INDEX audit_log_action \(action=\? AND seq<\?\)/] },
  // the request search (docs/SEARCH.md): every kind through an index, never a whole table
  { name: 'search: by tracking code', run: (db) => search.searchByTrackingCode(db, '1234567890123456', 50), uses: [/SEARCH s0 USING INDEX submission_tracking \(tracking_code=\?\)/] },
  { name: 'search: by request number in a year', run: (db) => search.searchByRequestNumber(db, 1405, 12, 50), uses: [/SEARCH r USING INDEX sqlite_autoindex_request_2 \(year=\? AND number=\?\)/] },
  { name: 'search: by request number in every year', run: (db) => search.searchByRequestNumber(db, null, 12, 50), uses: [/SEARCH r USING INDEX request_number \(number=\?\)/] },
  { name: 'search: by receipt number in a year', run: (db) => search.searchByReceiptNumber(db, 1405, 12, 50), uses: [/SEARCH rc USING INDEX sqlite_autoindex_receipt_2 \(year=\? AND number=\?\)/] },
  { name: 'search: by receipt number in every year', run: (db) => search.searchByReceiptNumber(db, null, 12, 50), uses: [/SEARCH rc USING INDEX receipt_number \(number=\?\)/] },
  { name: 'search: by national or legal id', run: (db) => search.searchByIdentityKey(db, 'n:0013542419', 50), uses: [/SEARCH a0 USING .*INDEX sqlite_autoindex_applicant_1 \(identity_key=\?\).*SEARCH r USING INDEX request_applicant \(applicant_id=\?\)/] },
  { name: 'search: by name', run: (db) => search.searchByName(db, '"علی"*', 50), uses: [/^SEARCH r USING INTEGER PRIMARY KEY \(rowid=\?\).*SEARCH r0 USING COVERING INDEX request_applicant \(applicant_id=\?\).*SCAN applicant_name VIRTUAL TABLE INDEX \d+:M/] },
  { name: 'search: by a range of days', run: (db) => search.searchByDays(db, '1405-01-01', '1405-09-07', 50), uses: [/^SEARCH r USING INDEX request_office_day \(office_day>\? AND office_day<\?\)(?!.*TEMP B-TREE)/] },
  // the outbox
  { name: 'outbox: the next to send, deadline first', run: (db) => sync.dueItems(db, PERIOD.startIso, 4), uses: [/SEARCH o USING INDEX outbox_order \(state=\?\)/] },
  { name: 'outbox: when the next attempt is due', run: (db) => sync.nextAttemptAt(db), uses: [/SEARCH outbox USING INDEX outbox_order \(state=\?\)/] },
  // follow-up of a returned request (رفع نقص)
  { name: 'returned filings, newest return first', run: (db) => followUp.returnedFilings(db, 200), uses: [/SCAN s USING INDEX submission_returned/] },
  { name: 'the remedy requests of a returned request', run: (db) => followUp.followUpsOfReturned(db, 'r'), uses: [/SEARCH f USING INDEX follow_up_of \(returned_request_id=\?\)/] },
  { name: 'the supplements delivered for a filing', run: (db) => followUp.deliveredSupplementsOf(db, 's'), uses: [/SEARCH submission USING INDEX submission_supplement_of \(supplement_of=\?\)/] },
  // satisfaction (docs/FEEDBACK.md): the applicant screen's question, the kiosk's look-up, the manager's sums
  { name: 'rating: the ticket a counter finished last, in the window', run: (db) => ratings.lastFinishedAtCounter(db, 1, PERIOD.startIso), uses: [/^SEARCH e USING INDEX ticket_event_at \(at>\?\)/] },
  { name: 'rating: a ticket’s end of service', run: (db) => ratings.finishedTicket(db, 't1'), uses: [/^SEARCH t USING INDEX sqlite_autoindex_ticket_1 \(id=\?\) \| SEARCH e USING INDEX ticket_event_ticket \(ticket_id=\?\)/] },
  { name: 'rating: today’s ticket by its printed number', run: (db) => ratings.ticketIdByNumber(db, DAY, 'الف', 1), uses: [/^SEARCH ticket USING INDEX ticket_open \(office_day=\?\)/] },
  { name: 'rating: is a ticket rated', run: (db) => ratings.isRated(db, 't1'), uses: [/SEARCH satisfaction_rating USING COVERING INDEX sqlite_autoindex_satisfaction_rating_1 \(ticket_id=\?\)/] },
  { name: 'rating: the sums of a range of days', run: (db) => ratings.ratingTallies(db, DAY, DAY), uses: [/^SEARCH r USING INDEX satisfaction_rating_day/, /^SEARCH r USING INDEX satisfaction_rating_day/, /^SEARCH satisfaction_rating USING INDEX satisfaction_rating_day/] },
  { name: 'rating: the reasons of a range of days', run: (db) => ratings.ratingReasonCounts(db, DAY, DAY), uses: [/^SEARCH satisfaction_rating USING INDEX satisfaction_rating_day/] },
  // anonymous complaints: the outbox's next ones, the days not yet on the audit trail
  { name: 'complaints: the next to deliver', run: (db) => complaints.undeliveredComplaints(db, 20), uses: [/^SCAN complaint_outbox USING INDEX complaint_outbox_undelivered/] },
  { name: 'complaints: the days whose audit entries are due', run: (db) => complaints.unauditedComplaintDays(db, DAY), uses: [/^SEARCH complaint_outbox USING (COVERING )?INDEX complaint_outbox_unaudited \(office_day<\?\)/] },
];

describe('query plans of the counter’s and the manager’s screens', () => {
  const db = office();

  it.each(cases)('$name', ({ run, uses }) => {
    const statements = plannedStatements(db, () => run(db));
    expect(statements.map((s) => s.plan.join(' | '))).toEqual(uses.map((u) => expect.stringMatching(u)));
    for (const s of statements) expect(unboundedReads(db, s.plan), s.sql).toEqual([]);
  });

  it('sees a whole-table read when there is one', () => {
    // the outbox listing shows every item, so it reads them all: the check must say so
    const [listing] = plannedStatements(db, () => sync.outboxItems(db));
    expect(unboundedReads(db, listing!.plan)).toEqual(['SCAN o']);
  });
});
