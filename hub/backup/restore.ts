/**
 * Restore (issue 20, point 3; docs/BACKUP.md): a generation of a backup target into an EMPTY data
 * folder, with the office key. The generation is verified first (./verify.ts); then its database
 * and the page files it names are copied (each checked against the manifest's digest on the way),
 * the key is written beside them (office.key, 0600), and the database is opened once with the key —
 * which also brings a backup from an older version up to this program's schema.
 *
 * The outbox then continues exactly once: the restored hub re-sends what its copy has not seen
 * answered, under the same submission ids with the same signed manifests; the central answers a
 * submission id it already holds with the receipt it gave the first time (central/app.ts), and
 * takes page blobs by their sha256 once. Nothing unsent is dropped: every outbox row of the copy is
 * still there.
 */
import { readdir, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { openDatabase } from '../../db/open';
import { BACKUP_DATABASE_FILE, copyDurably, mkdirUnder, generationDir, listGenerations, targetPageFile } from '../../native/backup/files';
import { ManifestError, readManifest, type BackupManifest } from '../../native/backup/manifest';
import { writeFileDurably } from '../../native/fs/durableFile';
import { hexKeyFormat, KEY_FILE } from '../keys/keyFile';
import type { StoredKey } from '../keys/storedKey';
import { DATABASE_FILE } from '../start';
import { verifyGeneration, type BackupProblem } from './verify';

export class RestoreError extends Error {
  constructor(
    readonly code: BackupProblem | 'BACKUP_NONE' | 'RESTORE_DATA_NOT_EMPTY',
    readonly detail: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'RestoreError';
  }
}

export interface GenerationInfo {
  id: string;
  kind: BackupManifest['kind'] | null;
  createdAt: string | null;
  /** «۱۴۰۵/۰۹/۱۶ ۱۰:۳۰» */
  createdAtFa: string | null;
  pages: number;
  bytes: number;
  /** verified now with the key given; null when listed without a key */
  state: 'verified' | 'incomplete' | 'damaged' | 'wrongKey' | 'notChecked';
  problem: string | null;
  detail: string | null;
}

/** The generations of a target, newest first; verified with `key` when one is given. */
export async function listBackupGenerations(from: string, key: Buffer | null): Promise<GenerationInfo[]> {
  const out: GenerationInfo[] = [];
  for (const id of (await listGenerations(from)).reverse()) {
    let manifest: BackupManifest | null = null;
    try {
      manifest = await readManifest(generationDir(from, id));
    } catch (err) {
      if (!(err instanceof ManifestError)) throw err;
    }
    const info: GenerationInfo = {
      id,
      kind: manifest?.kind ?? null,
      createdAt: manifest?.createdAt ?? null,
      createdAtFa: manifest ? `${formatJalaliDateShort(manifest.createdAt)} ${formatTime(manifest.createdAt, false)}` : null,
      pages: manifest?.pages.length ?? 0,
      bytes: manifest ? manifest.database.bytes + manifest.pages.reduce((n, p) => n + p.bytes, 0) : 0,
      state: manifest ? 'notChecked' : 'incomplete',
      problem: manifest ? null : 'BACKUP_INCOMPLETE',
      detail: null,
    };
    if (manifest && key) {
      const v = await verifyGeneration(from, id, key);
      info.state = v.ok ? 'verified' : v.problem === 'BACKUP_WRONG_KEY' ? 'wrongKey' : v.problem === 'BACKUP_INCOMPLETE' ? 'incomplete' : 'damaged';
      info.problem = v.ok ? null : v.problem;
      info.detail = v.ok ? null : v.detail;
    }
    out.push(info);
  }
  return out;
}

export interface RestoreOptions {
  from: string;
  /** a generation id; default: the newest that verifies */
  generation?: string | undefined;
  to: string;
  key: Buffer;
  /** where the restored hub keeps its key; default `<to>/office.key` */
  keyFile?: string | undefined;
  /** the key kept another way (the desktop app's key sealed by the OS, electron/keyStore.ts), in place of `keyFile` */
  keyStore?: StoredKey | undefined;
}

export interface RestoreResult {
  generation: string;
  createdAt: string;
  pages: number;
  databaseBytes: number;
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { from, to, key } = options;
  try {
    const entries = await readdir(to);
    if (entries.length > 0) throw new RestoreError('RESTORE_DATA_NOT_EMPTY', to, `${to} is not empty: a restore goes into an empty folder only`);
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    if (!(await stat(from)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new RestoreError('BACKUP_TARGET_MISSING', from, `${from} is not a backup folder that can be read`);
  }

  let id = options.generation;
  let manifest: BackupManifest;
  if (id) {
    const v = await verifyGeneration(from, id, key);
    if (!v.ok) throw new RestoreError(v.problem, v.detail, `generation ${id}: ${v.problem}${v.detail ? ` (${v.detail})` : ''}`);
    manifest = v.manifest;
  } else {
    let found: { id: string; manifest: BackupManifest } | null = null;
    let firstProblem: { problem: BackupProblem; detail: string | null } | null = null;
    for (const g of (await listGenerations(from)).reverse()) {
      const v = await verifyGeneration(from, g, key);
      if (v.ok) {
        found = { id: g, manifest: v.manifest };
        break;
      }
      if (v.problem !== 'BACKUP_INCOMPLETE') firstProblem ??= { problem: v.problem, detail: v.detail };
    }
    if (!found) {
      if (firstProblem?.problem === 'BACKUP_WRONG_KEY') throw new RestoreError('BACKUP_WRONG_KEY', null, 'the key opens no generation of this backup');
      throw new RestoreError('BACKUP_NONE', firstProblem?.detail ?? null, `no generation of ${from} verifies`);
    }
    id = found.id;
    manifest = found.manifest;
  }

  mkdirSync(to, { recursive: true, mode: 0o700 });
  const dbFile = path.join(to, DATABASE_FILE);
  const copied = await copyDurably(path.join(generationDir(from, id), BACKUP_DATABASE_FILE), dbFile);
  if (copied.sha256 !== manifest.database.sha256) throw new RestoreError('BACKUP_CORRUPT', path.join(id, BACKUP_DATABASE_FILE), 'the database changed while it was copied');
  for (const page of manifest.pages) {
    await mkdirUnder(to, 'pages', page.name.slice(0, 2));
    const d = await copyDurably(targetPageFile(from, page.name), path.join(to, 'pages', page.name.slice(0, 2), page.name));
    if (d.sha256 !== page.sha256) throw new RestoreError('BACKUP_CORRUPT', path.join('pages', page.name.slice(0, 2), page.name), 'a page file changed while it was copied');
  }
  const store = options.keyStore ?? { file: options.keyFile ?? path.join(to, KEY_FILE), format: hexKeyFormat };
  writeFileDurably(store.file, store.format.encode(key));
  // opened once with the key: a backup of an older version is migrated here, and a wrong key would show now
  openDatabase(dbFile, { key }).close();
  return { generation: id, createdAt: manifest.createdAt, pages: manifest.pages.length, databaseBytes: manifest.database.bytes };
}
