/**
 * A backup generation's manifest (`<target>/generations/<id>/manifest.json`): what the generation
 * holds and how to check it without the data folder. Written LAST and atomically (a temp file,
 * fsync, rename, fsync of the folder): a generation without its manifest is a half-written one and
 * never counts as a backup. Read back through zod (a file is a boundary).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablyAsync } from '../fs/durableFile';

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_FORMAT = 'daftaryar-backup/1';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const bytes = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const backupManifest = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    generation: z.string().regex(/^[0-9A-Za-z-]{1,100}$/),
    kind: z.enum(['hourly', 'daily', 'monthly', 'manual']),
    /** UTC ISO instant of the snapshot */
    createdAt: z.string().datetime(),
    appVersion: z.string().max(100),
    /** the database's `user_version` (db/migrations) */
    schemaVersion: z.number().int().nonnegative(),
    /** the snapshot file in the generation's folder, as written (sealed by the office key) */
    database: z.object({ file: z.literal('office.sqlite'), bytes, sha256 }).strict(),
    /** every page file of the store at the snapshot: its name (the sha256 of its plaintext), size and the sha256 of its sealed bytes */
    pages: z.array(z.object({ name: sha256, bytes, sha256 }).strict()),
    /** HMAC-SHA256 of a fixed text under the office key: tells a wrong key before anything is opened */
    keyCheck: sha256,
  })
  .strict();
export type BackupManifest = z.infer<typeof backupManifest>;

export async function writeManifest(generationDir: string, manifest: BackupManifest): Promise<void> {
  const parsed = backupManifest.parse(manifest);
  await writeFileDurablyAsync(path.join(generationDir, MANIFEST_FILE), Buffer.from(`${JSON.stringify(parsed)}\n`, 'utf8'));
}

export class ManifestError extends Error {
  constructor(
    readonly problem: 'missing' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

export async function readManifest(generationDir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path.join(generationDir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ManifestError('missing', `${generationDir} has no manifest (a backup that never finished)`);
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManifestError('invalid', `${generationDir}/${MANIFEST_FILE} is not JSON (damaged)`);
  }
  const parsed = backupManifest.safeParse(json);
  if (!parsed.success) throw new ManifestError('invalid', `${generationDir}/${MANIFEST_FILE} is not a backup manifest (damaged)`);
  return parsed.data;
}
