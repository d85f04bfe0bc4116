import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../sqlite';
import { migrate } from '../migrate';
import { migrations } from './index';
import * as up from '../../test/support/migrationRows';

describe('migration 0018 (inquiries)', () => {
  it('adds the inquiry log: an answered inquiry carries its answer, a failed one none', () => {
    const db = new SqliteDatabase(':memory:');
    migrate(db, migrations);
    const columns = db.prepare("SELECT name FROM pragma_table_info('inquiry')").all() as { name: string }[];
    expect(columns.map((c) => c.name)).toEqual(['id', 'request_id', 'staff_id', 'kind', 'purpose', 'subject', 'asked_at', 'outcome', 'answer', 'answered_at', 'error']);
    db.pragma('foreign_keys = OFF');
    expect(() => db.prepare("INSERT INTO inquiry (id, request_id, staff_id, kind, purpose, subject, asked_at, outcome) VALUES ('i', 'r', 1, 'identity', 'p', 's', 'a', 'answered')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO inquiry (id, request_id, staff_id, kind, purpose, subject, asked_at, outcome) VALUES ('i', 'r', 1, 'tax', 'p', 's', 'a', 'failed')").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 0018: upgrading an office at version 17', () => {
  it('keeps the request and adds an empty inquiry log for it', () => {
    const db = up.databaseAt(17);
    up.seedFeesFixed(db);
    const u = up.upgrade(db, 18, { keep: ['request'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['inquiry']);
    expect(up.indexesOf(db, 'inquiry')).toEqual(['inquiry_request']);
    db.prepare("INSERT INTO inquiry (id, request_id, staff_id, kind, purpose, subject, asked_at, outcome, answer, answered_at) VALUES ('i1', ?, 1, 'identity', 'p', 's', ?, 'answered', '{}', ?)").run(up.REQUEST_ID, up.NOW, up.NOW);
    expect(() => db.prepare("INSERT INTO inquiry (id, request_id, staff_id, kind, purpose, subject, asked_at, outcome) VALUES ('i2', 'no-such-request', 1, 'identity', 'p', 's', ?, 'failed')").run(up.NOW)).toThrow(/FOREIGN KEY/);
  });
});
