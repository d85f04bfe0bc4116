import { describe, expect, it } from 'vitest';
import { NOW, REQUEST_ID, SUBMISSION_ID, databaseAt, indexesOf, seedPaidWithReceipt, seedSubmission, upgrade } from '../../test/support/migrationRows';

const REMEDY_ID = '44444444-4444-4444-8444-444444444444';
const SUPPLEMENT_ID = '55555555-5555-4555-8555-555555555555';
const CODE = '1234567890123456';

describe('migration 0024: follow-up of a returned request (رفع نقص)', () => {
  it('keeps every request, submission and the rows that reference them, with their indexes, and adds the remedy service, the follow-up link and supplements', () => {
    const db = databaseAt(23);
    seedPaidWithReceipt(db);
    seedSubmission(db);
    db.prepare("UPDATE submission SET tracking_code = ?, delivered_at = ?, receipt = '{}', receipt_signature = 's' WHERE id = ?").run(CODE, NOW, SUBMISSION_ID);
    db.prepare("INSERT INTO outbox (submission_id, state, queued_at, next_attempt_at) VALUES (?, 'rejected', ?, ?)").run(SUBMISSION_ID, NOW, NOW);
    const requestIndexes = indexesOf(db, 'request');
    // before: no such service
    expect(() => db.prepare("UPDATE request SET service = 'remedy' WHERE id = ?").run(REQUEST_ID)).toThrow(/CHECK/);

    const up = upgrade(db, 24, { keep: ['request', 'submission', 'payment', 'receipt', 'fee_quote', 'request_event', 'outbox'], grown: ['submission', 'request'] });
    // the same rows; a submission's new column is empty
    const [, submissionsAfter] = up.rowsAfter;
    expect(submissionsAfter).toEqual(up.rowsBefore[1]!.map((row) => ({ ...(row as object), supplement_of: null })));
    expect(up.rowsAfter.filter((_, i) => i !== 1)).toEqual(up.rowsBefore.filter((_, i) => i !== 1));
    expect(up.addedTables).toEqual(['follow_up']);
    expect(up.addedColumns).toEqual({ submission: ['supplement_of'], request: [] });
    expect(indexesOf(db, 'request')).toEqual(requestIndexes);
    expect(indexesOf(db, 'submission')).toEqual(expect.arrayContaining(['submission_tracking_code', 'submission_supplement_of', 'submission_returned']));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_0024_rows'").pluck().get()).toBe(0);

    // a remedy request, linked to the returned one, whose supplement carries the same tracking code
    db.prepare(
      `INSERT INTO request (id, year, number, ticket_id, counter_id, service, applicant_id, details, legal_deadline, status, state, office_day, created_at, created_by)
       SELECT ?, year, number + 1, ticket_id, counter_id, 'remedy', NULL, NULL, NULL, 'draft', json_set(state, '$.status', 'draft'), office_day, created_at, created_by FROM request WHERE id = ?`,
    ).run(REMEDY_ID, REQUEST_ID);
    db.prepare('INSERT INTO follow_up (request_id, returned_request_id, returned_submission_id, tracking_code, reason, opened_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, 1)').run(REMEDY_ID, REQUEST_ID, SUBMISSION_ID, CODE, 'پیوست ناخوانا', NOW);
    db.prepare("INSERT INTO submission (id, request_id, content, pages, bytes, queued_at, supplement_of, tracking_code, delivered_at) VALUES (?, ?, '{}', 2, 10, ?, ?, ?, ?)").run(SUPPLEMENT_ID, REMEDY_ID, NOW, SUBMISSION_ID, CODE, NOW);
    // two filings still never share a tracking code
    expect(() => db.prepare("INSERT INTO submission (id, request_id, content, pages, bytes, queued_at, tracking_code, delivered_at) VALUES ('x', ?, '{}', 1, 1, ?, ?, ?)").run(REMEDY_ID, NOW, CODE, NOW)).toThrow(/UNIQUE/);
    // a follow-up is of another request, with a reason
    expect(() => db.prepare('INSERT INTO follow_up (request_id, returned_request_id, returned_submission_id, tracking_code, reason, opened_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, 1)').run(REQUEST_ID, REQUEST_ID, SUBMISSION_ID, CODE, ' ', NOW)).toThrow(/CHECK/);
    // the foreign keys still hold on the rebuilt tables
    expect(() => db.prepare("INSERT INTO outbox (submission_id, state, queued_at, next_attempt_at) VALUES ('nope', 'pending', ?, ?)").run(NOW, NOW)).toThrow(/FOREIGN KEY/);
  });
});
