/**
 * The standby's snapshot (docs/STANDBY.md): a consistent copy of the open office database, taken as
 * the backups take theirs (hub/snapshot/: a thread of its own, the hub not held) into the data
 * folder's private temporaries — encrypted under the office key as the database is.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/sqlite';
import { snapshotDatabase } from '../snapshot/snapshot';

export interface Snapshot {
  file: string;
  sha256: string;
  bytes: number;
  /** everything committed before this instant is in the copy */
  takenAt: string;
  /** how long the hub's connection was held for the copy (ms): the checkpoint before it */
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

/** A copy of `db` in `tmpDir`, encrypted as the database is (`key`: its key, null for a plaintext database). */
export async function takeSnapshot(db: Database, tmpDir: string, now: () => Date, key: Buffer | null): Promise<Snapshot> {
  mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const file = path.join(tmpDir, `standby-${randomBytes(6).toString('hex')}.sqlite`);
  const remove = () => rmSync(file, { force: true });
  try {
    const takenAt = now().toISOString();
    const { heldMs } = await snapshotDatabase(db, file, key);
    return { file, sha256: await sha256OfFile(file), bytes: statSync(file).size, takenAt, heldMs, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
