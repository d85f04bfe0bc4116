/**
 * One consistent copy of the office database, for the backups (hub/backup/) and the standby
 * (hub/standby/), taken without holding the hub while a large file is written (docs/BACKUP.md § How).
 *
 * The hub holds its database exclusively, so nothing else can open it while it runs (db/snapshot.ts).
 * The copy is made in three steps:
 *   1. on the hub's connection, between two turns (outside the group commit's transaction): every
 *      committed page checkpointed into the database file, and the automatic checkpoint held off —
 *      a few milliseconds, the WAL being small;
 *   2. the database file copied in pieces on the thread pool (native/fs/fileCopy.ts) while the hub
 *      answers and commits as usual: its commits go to the WAL only, the file does not change;
 *   3. the automatic checkpoint let go, and the copy switched to the rollback journal: one file, no
 *      -wal beside it.
 * Copies asked for at once (the hourly backup and the standby's) are taken one after the other: a
 * second checkpoint during a copy would write the very file being read.
 * The copy is the database as of step 1 — everything committed before `snapshotDatabase` was called
 * is in it — its pages encrypted under the office key as on disk. A database in memory (tests) is
 * copied by `VACUUM INTO` instead.
 */
import type { Database } from '../../db/sqlite';
import { asSingleFile, autoCheckpoint, checkpointAll, pageSize, setAutoCheckpoint, vacuumInto } from '../../db/snapshot';
import { copyFileInPieces } from '../../native/fs/fileCopy';

/** SQLite's lock-byte page starts here (2^30); it holds no data. */
const LOCK_BYTE = 0x4000_0000;

/** The last copy asked for on each connection: the next one starts when it has ended. */
const queues = new WeakMap<Database, Promise<unknown>>();

export interface SnapshotTimes {
  /** how long the hub's connection was held (the checkpoint), ms */
  heldMs: number;
  /** how long the whole copy took, ms */
  totalMs: number;
}

/** Copies `db` into `file` (which must not exist); `key` is the database's (null: a plaintext database). */
export function snapshotDatabase(db: Database, file: string, key: Buffer | null): Promise<SnapshotTimes> {
  const run = (queues.get(db) ?? Promise.resolve()).then(() => copyOnce(db, file, key));
  queues.set(
    db,
    run.catch(() => {}),
  );
  return run;
}

async function copyOnce(db: Database, file: string, key: Buffer | null): Promise<SnapshotTimes> {
  const t0 = performance.now();
  await outsideTransaction(db);
  if (db.memory) {
    vacuumInto(db, file);
    const ms = performance.now() - t0;
    return { heldMs: ms, totalMs: ms };
  }
  const pages = autoCheckpoint(db);
  const t1 = performance.now();
  setAutoCheckpoint(db, 0);
  let heldMs: number;
  try {
    if (!checkpointAll(db)) throw new Error('the database could not be checkpointed for its copy');
    heldMs = performance.now() - t1;
    await copyFileInPieces(db.name, file, { from: LOCK_BYTE, length: pageSize(db) });
  } finally {
    if (db.open) setAutoCheckpoint(db, pages);
  }
  // the copy made one file in rollback-journal mode (its own connection: the hub's is not held)
  asSingleFile(file, key);
  return { heldMs, totalMs: performance.now() - t0 };
}

/** Waits for the turn's group-commit transaction to close: neither a checkpoint nor VACUUM runs inside one. */
async function outsideTransaction(db: Database): Promise<void> {
  for (let i = 0; db.inTransaction && i < 1000; i++) await new Promise((r) => setImmediate(r));
  if (db.inTransaction) throw new Error('the database stayed inside a transaction');
}
