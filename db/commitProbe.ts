/**
 * How long one durable commit takes on a disk: the floor any durable call pays there, the peer the
 * queue benchmark measures against (scripts/bench.ts). A scratch database with the office
 * database's durability settings (WAL, synchronous=FULL, the write lock held), one row per commit.
 */
import { SqliteDatabase } from './sqlite';

/** Milliseconds of each of `count` one-row commits to a new database at `file` (which must not exist yet). */
export function durableCommitTimesMs(file: string, count: number): number[] {
  const db = new SqliteDatabase(file);
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (x INTEGER)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      insert.run(i);
      times.push(performance.now() - t0);
    }
    return times;
  } finally {
    db.close();
  }
}
