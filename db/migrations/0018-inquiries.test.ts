import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../sqlite';
import { migrate } from '../migrate';
import { migrations } from './index';

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
