/**
 * Writing a small file so that a crash or a power cut leaves the old file or the new one, never half
 * of one: a temporary beside it, fsync, rename over the target, fsync of the folder (the rename is
 * durable once the folder's entry is; Windows cannot open a folder for this, and needs no such step).
 * Used for what must survive a kill -9: the database key file, a workstation's settings, its pay records.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Writes `data` to `file` durably, mode 0600 (the folder made 0700 if missing). */
export function writeFileDurably(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    if (typeof data === 'string') writeSync(fd, data);
    else writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  syncFolder(dir);
}

/** Makes a folder's entries (a rename, a removal) durable. */
export function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
