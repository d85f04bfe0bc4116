import { describe, expect, it } from 'vitest';
import { REQUEST_ID, databaseAt, indexesOf, migrateTo, seedPaidWithReceipt } from '../../test/support/migrationRows';
import * as search from '../search';

describe('migration 0025: the request search', () => {
  it('indexes the names of the applicants already on file, in search form, and adds the indexes every search reads through', () => {
    const db = databaseAt(24);
    seedPaidWithReceipt(db);
    // an Arabic yeh and a half-space, as an old record may hold them
    db.prepare("UPDATE applicant SET data = ? WHERE id = 1").run(JSON.stringify({ kind: 'natural', nationalId: '0013542419', firstName: 'علي', lastName: 'محمد\u200cزاده' }));
    db.prepare("INSERT INTO applicant (kind, identity_key, data, created_at, updated_at) VALUES ('legal', 'l:10100000001', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')").run(
      JSON.stringify({ kind: 'legalEntity', legalId: '10100000001', name: 'شرکت نمونه', representative: { firstName: 'سارا', lastName: 'کریمی' } }),
    );
    expect(indexesOf(db, 'request')).not.toContain('request_applicant');

    migrateTo(db, 25);
    expect(indexesOf(db, 'request')).toEqual(expect.arrayContaining(['request_applicant', 'request_number']));
    expect(indexesOf(db, 'submission')).toContain('submission_tracking');
    expect(indexesOf(db, 'receipt')).toContain('receipt_number');
    expect(db.prepare('SELECT rowid, name FROM applicant_name ORDER BY rowid').all()).toEqual([
      { rowid: 1, name: 'علی محمدزاده' },
      { rowid: 2, name: 'شرکت نمونه سارا کریمی' },
    ]);
    expect(search.searchByName(db, '"محمدزاده"*', 10).map((r) => r.id)).toEqual([REQUEST_ID]);
    expect(search.searchByName(db, '"کریمی"', 10)).toEqual([]); // the entity has no request yet
    expect(search.searchByIdentityKey(db, 'n:0013542419', 10).map((r) => r.id)).toEqual([REQUEST_ID]);
    expect(search.searchByReceiptNumber(db, null, 1, 10).map((r) => r.id)).toEqual([REQUEST_ID]);
    db.close();
  });
});
