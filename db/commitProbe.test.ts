import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { durableCommitTimesMs } from './commitProbe';
import { SqliteDatabase } from './sqlite';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the durable-commit probe', () => {
  it('times each one-row commit to a WAL database on disk, and leaves every row there', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-probe-'));
    const file = path.join(dir, 'peer.sqlite');
    const times = durableCommitTimesMs(file, 5);
    expect(times).toHaveLength(5);
    for (const t of times) expect(t).toBeGreaterThan(0);
    const db = new SqliteDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([0, 1, 2, 3, 4]);
    db.close();
  });
});
