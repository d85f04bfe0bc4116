/**
 * Writing a small file so that a crash or a power cut leaves the old file or the new one, never half
 * of one: a temporary beside it, fsync, rename over the target, fsync of the folder (the rename is
 * durable once the folder's entry is; Windows cannot open a folder for this, and needs no such step).
 * Used for what must survive a kill -9: the database key file, a workstation's settings, its pay records.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
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

/** `writeFileDurably` without blocking the event loop (a page of megabytes), same guarantees. */
export async function writeFileDurablyAsync(file: string, data: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  if (process.platform === 'win32') return;
  const folder = await open(path.dirname(file), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** Makes `file` with `data`, durably, only if it does not exist yet (EEXIST otherwise): a key made once is never replaced. */
export function createFileDurably(file: string, data: Uint8Array): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncFolder(dir);
}
