/**
 * Checking a backup generation without the data folder: the manifest is whole, the key is the one
 * it was made with, the database file has its digest, opens with the key and passes
 * `integrity_check`, its audit chain verifies (./databaseCheck.ts, in a thread of its own), and every page file
 * the manifest names is in the target with its digest. The first thing wrong is the answer, naming
 * the file at fault.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { BACKUP_DATABASE_FILE, fileDigest, generationDir, PAGES_DIR, targetPageFile } from '../../native/backup/files';
import { ManifestError, readManifest, type BackupManifest } from '../../native/backup/manifest';
import { checkInThread } from './checkThread';

/** What the key check is an HMAC of. */
const KEY_CHECK_TEXT = 'daftaryar backup key check v1';

export const keyCheckOf = (key: Buffer): string => createHmac('sha256', key).update(KEY_CHECK_TEXT).digest('hex');

export type BackupProblem =
  | 'BACKUP_INCOMPLETE'
  | 'BACKUP_CORRUPT'
  | 'BACKUP_WRONG_KEY'
  | 'BACKUP_AUDIT_BROKEN'
  | 'BACKUP_TARGET_MISSING'
  | 'BACKUP_TARGET_FULL'
  | 'BACKUP_TARGET_NOT_WRITABLE'
  | 'BACKUP_FAILED';

export type VerifyOutcome =
  | { ok: true; manifest: BackupManifest; auditEntries: number }
  | { ok: false; problem: BackupProblem; detail: string | null; manifest?: BackupManifest };

export async function verifyGeneration(target: string, id: string, key: Buffer): Promise<VerifyOutcome> {
  const dir = generationDir(target, id);
  let manifest: BackupManifest;
  try {
    manifest = await readManifest(dir);
  } catch (err) {
    if (err instanceof ManifestError) return { ok: false, problem: err.problem === 'missing' ? 'BACKUP_INCOMPLETE' : 'BACKUP_CORRUPT', detail: err.problem === 'missing' ? null : path.join(id, 'manifest.json') };
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, problem: 'BACKUP_TARGET_MISSING', detail: null };
    throw err;
  }
  if (manifest.keyCheck !== keyCheckOf(key)) return { ok: false, problem: 'BACKUP_WRONG_KEY', detail: null, manifest };
  const dbFile = path.join(dir, BACKUP_DATABASE_FILE);
  const dbName = path.join(id, BACKUP_DATABASE_FILE);
  try {
    const d = await fileDigest(dbFile);
    if (d.sha256 !== manifest.database.sha256 || d.bytes !== manifest.database.bytes) return { ok: false, problem: 'BACKUP_CORRUPT', detail: dbName, manifest };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, problem: 'BACKUP_CORRUPT', detail: dbName, manifest };
    throw err;
  }
  // the database and the page files read in a thread of its own: the hub goes on answering meanwhile
  const pages = manifest.pages.map((p) => ({ file: targetPageFile(target, p.name), name: path.join(PAGES_DIR, p.name.slice(0, 2), p.name), bytes: p.bytes, sha256: p.sha256 }));
  const check = await checkInThread({ file: dbFile, key, schemaVersion: manifest.schemaVersion, pages });
  if (check.outcome === 'wrongKey') return { ok: false, problem: 'BACKUP_WRONG_KEY', detail: null, manifest };
  if (check.outcome === 'corrupt') return { ok: false, problem: 'BACKUP_CORRUPT', detail: dbName, manifest };
  if (check.outcome === 'auditBroken') return { ok: false, problem: 'BACKUP_AUDIT_BROKEN', detail: `${dbName} #${check.brokenAt}`, manifest };
  if (check.outcome === 'pageBad') return { ok: false, problem: 'BACKUP_CORRUPT', detail: check.name, manifest };
  if (check.outcome === 'error') throw Object.assign(new Error(check.message), { code: check.code ?? undefined });
  return { ok: true, manifest, auditEntries: check.auditEntries };
}

/** An error of the file system, as a backup problem: the target gone, full, or read-only. */
export function problemOfIoError(err: unknown): BackupProblem | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO' || code === 'EIO' || code === 'ESTALE' || code === 'SQLITE_CANTOPEN') return 'BACKUP_TARGET_MISSING';
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return 'BACKUP_TARGET_FULL';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'SQLITE_READONLY') return 'BACKUP_TARGET_NOT_WRITABLE';
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) return /FULL|NOSPC/.test(String((err as Error).message)) ? 'BACKUP_TARGET_FULL' : 'BACKUP_TARGET_MISSING';
  return null;
}
