/**
 * A large file copied without holding the event loop: read and written in 1 MiB pieces on libuv's
 * thread pool, the copy created anew (never over a file that is there), flushed to disk before it
 * counts. Used for the office database's snapshot (hub/snapshot/), whose file is stable while it is
 * copied.
 *
 * `skip` is a byte range not read and written as zeros: SQLite's lock-byte page (the page holding
 * byte 2^30, which SQLite never uses for data) — on Windows the hub's exclusive lock is a real lock
 * on those bytes, and reading them would fail there.
 */
import { open, rm } from 'node:fs/promises';

const PIECE = 1 << 20;

export async function copyFileInPieces(source: string, target: string, skip?: { from: number; length: number }): Promise<number> {
  const from = await open(source, 'r');
  let to: Awaited<ReturnType<typeof open>> | null = null;
  try {
    to = await open(target, 'wx', 0o600);
    const size = (await from.stat()).size;
    const buffer = Buffer.alloc(PIECE);
    let at = 0;
    while (at < size) {
      let length = Math.min(PIECE, size - at);
      if (skip && at < skip.from && at + length > skip.from) length = skip.from - at; // stop where the skipped range starts
      if (skip && at >= skip.from && at < skip.from + skip.length) {
        const zeros = Math.min(skip.from + skip.length - at, size - at);
        await to.write(Buffer.alloc(zeros), 0, zeros, at);
        at += zeros;
        continue;
      }
      const { bytesRead } = await from.read(buffer, 0, length, at);
      if (bytesRead === 0) throw new Error(`${source} ended at ${at} of ${size} bytes while it was copied`);
      await to.write(buffer, 0, bytesRead, at);
      at += bytesRead;
    }
    await to.sync();
    return size;
  } catch (err) {
    // a copy cut short is not left to look like one (the target was ours: 'wx' made it)
    if (to) await rm(target, { force: true }).catch(() => {});
    throw err;
  } finally {
    await from.close();
    await to?.close();
  }
}
