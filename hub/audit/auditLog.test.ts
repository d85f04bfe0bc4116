import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { SqliteDatabase, type Database } from '../../db/sqlite';
import { canonicalJson, GENESIS, record, verify } from './auditLog';

const at = new Date('2026-11-28T06:30:00.000Z');

function chain(n: number): Database {
  const db = new SqliteDatabase(':memory:');
  migrate(db, migrations);
  for (let i = 0; i < n; i++) record(db, new Date(at.getTime() + i * 1000), { actor: `staff:${(i % 3) + 1}`, action: i % 2 ? 'feesDiscounted' : 'login', subject: `request:${i}`, reason: i % 2 ? 'همکار بازنشسته' : null, detail: { amountRials: i * 1000, n: i } });
  return db;
}

/** What someone with the file and a SQLite shell could do: the triggers are no obstacle to them. */
function tamper(db: Database, sql: string, ...params: unknown[]) {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.prepare(sql).run(...params);
}

describe('canonicalJson', () => {
  it('is one text per value whatever the key order, and keeps Persian text as it is', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 'ب' }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":"ب","y":2}]},"b":1}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });
});

describe('the audit chain', () => {
  it('links every entry to the one before it, from the zero hash', () => {
    const db = chain(5);
    const rows = db.prepare('SELECT seq, prev_hash AS prev, hash FROM audit_log ORDER BY seq').all() as Array<{ seq: number; prev: string; hash: string }>;
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev).toBe(GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev).toBe(rows[i - 1]!.hash);
    expect(verify(db)).toEqual({ ok: true, entries: 5, head: rows[4]!.hash });
  });

  it('joins the caller’s transaction: rolled back with it, nothing half-written', () => {
    const db = chain(2);
    expect(() =>
      db.transaction(() => {
        record(db, at, { actor: 'staff:1', action: 'requestCancelled', reason: 'انصراف' });
        throw new Error('the change failed');
      })(),
    ).toThrow('the change failed');
    expect(verify(db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('finds an edited reason, an edited hash, a removed entry and an inserted one — at the entry where it happened', () => {
    const edited = chain(10);
    tamper(edited, "UPDATE audit_log SET reason = 'دلیل دیگر' WHERE seq = 4");
    expect(verify(edited)).toEqual({ ok: false, entries: 3, brokenAt: 4, problem: 'hash' });

    const rehashed = chain(10);
    tamper(rehashed, "UPDATE audit_log SET detail = '{\"amountRials\":1}', hash = ? WHERE seq = 6", 'f'.repeat(64));
    expect(verify(rehashed)).toMatchObject({ ok: false, brokenAt: 6, problem: 'hash' });

    const removed = chain(10);
    tamper(removed, 'DELETE FROM audit_log WHERE seq = 7');
    expect(verify(removed)).toEqual({ ok: false, entries: 6, brokenAt: 7, problem: 'gap' });

    const inserted = chain(10);
    tamper(inserted, 'UPDATE audit_log SET seq = seq + 100 WHERE seq >= 5');
    tamper(inserted, "INSERT INTO audit_log VALUES (5, '2026-11-28T06:30:00.000Z', 'staff:1', 'login', NULL, NULL, '{}', ?, ?)", 'c'.repeat(64), 'd'.repeat(64));
    expect(verify(inserted)).toMatchObject({ ok: false, brokenAt: 5, problem: 'link' });

    const garbage = chain(3);
    tamper(garbage, "UPDATE audit_log SET detail = '{not json' WHERE seq = 2");
    expect(verify(garbage)).toMatchObject({ ok: false, brokenAt: 2, problem: 'unreadable' });
  });

  it('catches any single-character change anywhere in the content (property)', () => {
    const columns = ['at', 'actor', 'action', 'subject', 'reason', 'detail'] as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.constantFrom(...columns), (seq, column) => {
        const db = chain(8);
        const before = db.prepare(`SELECT ${column} AS v FROM audit_log WHERE seq = ?`).get(seq) as { v: string | null };
        const changed = column === 'detail' ? canonicalJson({ ...(JSON.parse(before.v!) as object), n: -1 }) : `${before.v ?? ''}x`;
        tamper(db, `UPDATE audit_log SET ${column} = ? WHERE seq = ?`, changed, seq);
        expect(verify(db)).toMatchObject({ ok: false, brokenAt: seq });
      }),
      { numRuns: 40 },
    );
  });
});
