/**
 * The standby's snapshot (docs/STANDBY.md): a consistent copy of the open office database, made
 * with `VACUUM INTO` (db/standby.ts) into the data folder's private temporaries — encrypted under
 * the office key as the database is. It is this folder's own step, named apart from the backups'
 * (hub/backup/) so the two can be folded into one later.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/sqlite';
import { vacuumInto } from '../../db/standby';

export interface Snapshot {
  file: string;
  sha256: string;
  bytes: number;
  /** everything committed before this instant is in the copy */
  takenAt: string;
  /** how long the database was held for the copy (ms) */
  heldMs: number;
  remove(): void;
}

export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Waits for the turn's group-commit transaction to close: VACUUM cannot run inside a transaction. */
async function outsideTransaction(db: Database): Promise<void> {
  for (let i = 0; db.inTransaction && i < 1000; i++) await new Promise((r) => setImmediate(r));
  if (db.inTransaction) throw new Error('the database stayed inside a transaction');
}

export async function takeSnapshot(db: Database, tmpDir: string, now: () => Date): Promise<Snapshot> {
  mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const file = path.join(tmpDir, `standby-${randomBytes(6).toString('hex')}.sqlite`);
  const remove = () => rmSync(file, { force: true });
  try {
    await outsideTransaction(db);
    const takenAt = now().toISOString();
    const t0 = performance.now();
    vacuumInto(db, file);
    const heldMs = performance.now() - t0;
    return { file, sha256: await sha256OfFile(file), bytes: statSync(file).size, takenAt, heldMs, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
