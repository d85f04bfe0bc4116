/**
 * A file the clerk uploads for import arrives in chunks, each sealed at once under a key kept in memory
 * (sealedUpload.ts) in the work folder; an upload nobody finishes within an hour is thrown away.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MAX_IMPORT_BYTES } from '../../core/api/capture';
import { DomainError } from '../../core/errors';
import type { Staff } from '../request/requestService';
import type { CaptureDeps } from './context';
import { SealedUpload } from './sealedUpload';

/** Uploads not finished within this time are thrown away. */
const UPLOAD_TTL_MS = 60 * 60 * 1000;

/** The uploads' folder inside the work folder, made (owner only) if missing. */
export function uploadDirIn(workDir: string): string {
  const dir = path.join(workDir, 'uploads');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Stores one chunk of an upload; chunks come in order (offset = what the hub already has). */
export async function upload(deps: Pick<CaptureDeps, 'uploadDir' | 'state'>, input: { uploadId: string; offset: number; dataBase64: string }, staff: Staff): Promise<{ received: number }> {
  const { uploads } = deps.state;
  sweepUploads(deps);
  const data = Buffer.from(input.dataBase64, 'base64');
  let up = uploads.get(input.uploadId);
  if (!up) {
    if (input.offset !== 0) throw new DomainError('UPLOAD_INVALID', 'an upload starts at offset 0');
    up = { sealed: new SealedUpload(path.join(deps.uploadDir, input.uploadId)), owner: staff.userId, touched: Date.now() };
    uploads.set(input.uploadId, up);
  }
  if (up.owner !== staff.userId) throw new DomainError('UPLOAD_INVALID', 'another user’s upload');
  if (input.offset !== up.sealed.size) throw new DomainError('UPLOAD_INVALID', `expected offset ${up.sealed.size}`, { ref: String(up.sealed.size) });
  if (up.sealed.size + data.length > MAX_IMPORT_BYTES) {
    await dropUpload(deps, input.uploadId);
    throw new DomainError('FILE_TOO_LARGE', 'the file is larger than an import takes');
  }
  try {
    await up.sealed.append(data);
  } catch (err) {
    await dropUpload(deps, input.uploadId);
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw new DomainError('DISK_FULL', 'the disk is full');
    throw err;
  }
  up.touched = Date.now();
  return { received: up.sealed.size };
}

export async function dropUpload(deps: Pick<CaptureDeps, 'state'>, uploadId: string): Promise<void> {
  const up = deps.state.uploads.get(uploadId);
  deps.state.uploads.delete(uploadId);
  if (up) await up.sealed.discard();
}

/** Drops uploads nobody finished within UPLOAD_TTL_MS (at each upload, and hourly from the hub). */
export function sweepUploads(deps: Pick<CaptureDeps, 'state'>): void {
  const now = Date.now();
  for (const [id, up] of deps.state.uploads) if (now - up.touched > UPLOAD_TTL_MS) void dropUpload(deps, id);
}

/** Every unfinished upload goes at once, synchronously: a process that exits right after leaves none. */
export function discardAllUploads(deps: Pick<CaptureDeps, 'state'>): void {
  for (const up of deps.state.uploads.values()) up.sealed.discardSync();
  deps.state.uploads.clear();
}
