import { describe, expect, it } from 'vitest';
import { applicantSchema } from '../../core/identity/applicant';
import { NOW, PAYMENT_ID, REQUEST_ID, databaseAt, indexesOf, migrateTo, seedPaidWithReceipt } from '../../test/support/migrationRows';
import { plannedStatements, unboundedReads, watchPlans } from '../../test/support/queryPlan';
import * as q from '../queue';
import * as r from '../requests';
import * as reports from '../reports';

const DAY = '1405-09-07';
const PERIOD = { startIso: '2026-11-27T20:30:00.000Z', endIso: '2026-11-28T20:30:00.000Z' };

describe('migration 0022: indexes for the counter’s and the manager’s screens', () => {
  it('keeps every row, and turns the whole-table reads of the line, the set-aside list, the reports and the applicant lookup into searches', () => {
    const db = databaseAt(21);
    seedPaidWithReceipt(db);
    db.prepare(
      "INSERT INTO ticket (id, office_day, issued_service_id, prefix, number, service_id, status, queue_key, issued_at, counter_id) VALUES ('t2', ?, 1, 'الف', 2, 1, 'parked', 2, ?, 1), ('t3', ?, 1, 'الف', 3, 1, 'waiting', 3, ?, NULL)",
    ).run(DAY, NOW, DAY, NOW);
    // a foreign national with both numbers: kept under the foreign-national id, found by passport too
    const foreigner = applicantSchema.parse({ kind: 'foreign', foreignId: '123456789012', passportNumber: 'P01234567', nationality: 'AF', firstName: 'Ahmad', lastName: 'Karimi' });
    const key = r.identityKeyOf(foreigner).key;
    db.prepare("INSERT INTO applicant (kind, identity_key, data, created_at, updated_at) VALUES ('foreign', ?, ?, ?, ?)").run(key, JSON.stringify(foreigner), NOW, NOW);
    watchPlans(db);
    const reads = () => {
      const plans = [
        ...plannedStatements(db, () => q.waitingTickets(db)),
        ...plannedStatements(db, () => q.parkedAtCounter(db, 1)),
        ...plannedStatements(db, () => reports.cashTotal(db, PERIOD)),
        ...plannedStatements(db, () => reports.serviceFiguresTotal(db, DAY, DAY)),
        ...plannedStatements(db, () => r.findApplicant(db, 'p:P01234567')),
      ];
      expect(plans).toHaveLength(5);
      return plans.flatMap((p) => unboundedReads(db, p.plan));
    };
    const answers = () => ({
      line: q.waitingTickets(db).map((t) => t.id),
      parked: q.parkedAtCounter(db, 1).map((t) => t.id),
      cash: reports.cashTotal(db, PERIOD),
      services: reports.serviceFiguresTotal(db, DAY, DAY).opened,
      passport: r.findApplicant(db, 'p:P01234567')?.identityKey,
    });

    expect(reads()).toEqual(['SCAN ticket USING INDEX ticket_queue_key', 'SCAN ticket USING INDEX ticket_queue_key', 'SCAN rc', 'SCAN rq', 'SCAN applicant']);
    const before = answers();
    expect(before).toEqual({ line: ['t3'], parked: ['t2'], cash: { count: 1, amountRials: 770000 }, services: 1, passport: key });

    migrateTo(db, 22);
    expect(indexesOf(db)).toEqual(expect.arrayContaining(['ticket_waiting_line', 'ticket_parked', 'receipt_issued', 'request_office_day', 'applicant_passport']));
    expect(db.prepare('SELECT count(*) FROM receipt WHERE payment_id = ?').pluck().get(PAYMENT_ID)).toBe(1);
    expect(db.prepare('SELECT status FROM request WHERE id = ?').pluck().get(REQUEST_ID)).toBe('feesFixed');
    // SQLite plans the same statements again against the new schema: the same answers, no whole-table read
    expect(reads()).toEqual([]);
    expect(answers()).toEqual(before);
  });
});
