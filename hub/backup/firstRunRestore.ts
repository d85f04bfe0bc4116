/**
 * «بازیابی از پشتیبان» on the first run of a PC (docs/BACKUP.md § Restore): the answers to the
 * first-run screen's two requests — the backup folder's generations, each verified with the office
 * key file the manager names, and the restore of the one chosen into this PC's data folder, which then
 * starts as the office's hub. The same for Electron's first-run window (electron/workstation.ts) and
 * web mode's first-run page (scripts/first-run.ts). Requests are checked here, at the boundary.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  backupListAnswer,
  backupListRequest,
  restoreAnswer,
  restoreErrorCodes,
  restoreRequest,
  type BackupListAnswer,
  type RestoreAnswer,
  type RestoreErrorCode,
} from '../../core/api/workstation';
import { readKeyFile } from '../keys/keyFile';
import type { StoredKey } from '../keys/storedKey';
import { listBackupGenerations, restoreBackup, RestoreError } from './restore';

type Refusal = { ok: false; code: RestoreErrorCode; detail?: string | null };

/** The key in the file the manager named, or why it cannot be used. */
function officeKey(file: string): Buffer | Refusal {
  try {
    return readKeyFile(path.resolve(file));
  } catch {
    return { ok: false, code: 'RESTORE_KEY_UNREADABLE', detail: file };
  }
}

/** A failure of the restore as one of the screen's codes (anything unforeseen: BACKUP_FAILED). */
function refusal(err: unknown): Refusal {
  if (err instanceof RestoreError) {
    const code = (restoreErrorCodes as readonly string[]).includes(err.code) ? (err.code as RestoreErrorCode) : 'BACKUP_FAILED';
    return { ok: false, code, detail: err.detail };
  }
  return { ok: false, code: 'BACKUP_FAILED', detail: null };
}

export async function answerBackupList(raw: unknown): Promise<BackupListAnswer> {
  const parsed = backupListRequest.safeParse(raw);
  if (!parsed.success) return { ok: false, code: parsed.error.issues[0]?.path[0] === 'keyFile' ? 'RESTORE_KEY_UNREADABLE' : 'BACKUP_TARGET_MISSING', detail: null };
  const key = officeKey(parsed.data.keyFile);
  if (!Buffer.isBuffer(key)) return key;
  const from = path.resolve(parsed.data.from);
  // a folder that is not there or cannot be read (a disk not plugged in, a share not mounted)
  try {
    if (!(await stat(from)).isDirectory()) return { ok: false, code: 'BACKUP_TARGET_MISSING', detail: parsed.data.from };
    await access(from, constants.R_OK | constants.X_OK);
  } catch {
    return { ok: false, code: 'BACKUP_TARGET_MISSING', detail: parsed.data.from };
  }
  try {
    const generations = await listBackupGenerations(from, key);
    if (generations.length === 0) return { ok: false, code: 'BACKUP_NONE', detail: null };
    return backupListAnswer.parse({ ok: true, generations: generations.map(({ createdAtFa: _shown, ...g }) => g) });
  } catch (err) {
    return refusal(err);
  }
}

/**
 * Restores the chosen generation into `dataDir` (empty: nothing is ever written over). `keyStore`:
 * where the restored hub keeps its key (the desktop app's sealed key); default the key file beside
 * the data. `onRestored` runs once it is done, when this PC is to start as the hub.
 */
export async function answerRestore(raw: unknown, dataDir: string, options: { keyStore?: StoredKey | undefined; onRestored?: () => void } = {}): Promise<RestoreAnswer> {
  const parsed = restoreRequest.safeParse(raw);
  if (!parsed.success) return { ok: false, code: parsed.error.issues[0]?.path[0] === 'keyFile' ? 'RESTORE_KEY_UNREADABLE' : 'BACKUP_TARGET_MISSING', detail: null };
  const key = officeKey(parsed.data.keyFile);
  if (!Buffer.isBuffer(key)) return key;
  try {
    const r = await restoreBackup({ from: path.resolve(parsed.data.from), to: dataDir, key, generation: parsed.data.generation, keyStore: options.keyStore });
    options.onRestored?.();
    return restoreAnswer.parse({ ok: true, generation: r.generation, createdAt: r.createdAt, pages: r.pages });
  } catch (err) {
    return refusal(err);
  }
}
