/**
 * Removing a party's file for good, as far as a program can: its bytes overwritten with zeros and
 * synced, then its name removed. Only a regular file with no other name is overwritten. A link is
 * removed and never followed, and a file with a second hard link is only unlinked. Otherwise anyone
 * who can write the folder (an MFP's share) could point the hub at the office's own files. On SSDs,
 * copy-on-write file systems and network shares the old blocks may survive an overwrite. There,
 * removal is what the hub can promise; the disk's own encryption is the rest (docs/SECURITY.md).
 */
import { constants as fsc } from 'node:fs';
import { open, rm } from 'node:fs/promises';

const BLOCK = 1024 * 1024;

/** Overwrites (when it is safe to) and removes `file`; a file already gone is not an error. */
export async function shredFile(file: string): Promise<void> {
  let handle;
  try {
    // O_NOFOLLOW: a symlink is not opened (ELOOP); O_NONBLOCK: a FIFO without a reader fails at once (ENXIO)
    handle = await open(file, fsc.O_WRONLY | (fsc.O_NOFOLLOW ?? 0) | (fsc.O_NONBLOCK ?? 0));
  } catch {
    handle = undefined;
  }
  if (handle) {
    try {
      const st = await handle.stat();
      if (st.isFile() && st.nlink === 1 && st.size > 0) {
        const zeros = Buffer.alloc(Math.min(BLOCK, st.size));
        for (let at = 0; at < st.size; at += zeros.length) await handle.write(zeros, 0, Math.min(zeros.length, st.size - at), at);
        await handle.sync();
      }
    } catch {
      // the overwrite is a best effort; the removal below is not
    } finally {
      await handle.close();
    }
  }
  await rm(file, { force: true });
}
