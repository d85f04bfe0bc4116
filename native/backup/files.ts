/**
 * The file side of a backup (hub/backup/ decides what and when): the target's layout, copying the
 * page store's sealed files content-addressed (only what the target lacks), digests, free space, and
 * checking a folder the manager names.
 *
 *   <target>/generations/<id>/office.sqlite   the database snapshot (encrypted with the office key)
 *   <target>/generations/<id>/manifest.json   written last (./manifest.ts)
 *   <target>/pages/<ab>/<sha256>               page files as the store keeps them (sealed), shared by every generation
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants, createReadStream } from 'node:fs';
import { access, mkdir, open, readdir, readFile, realpath, rename, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';

export const GENERATIONS_DIR = 'generations';
export const PAGES_DIR = 'pages';
export const BACKUP_DATABASE_FILE = 'office.sqlite';
const SHA256 = /^[0-9a-f]{64}$/;
/** files up to this size are read whole (page files are a few hundred kB) */
const SMALL_FILE = 16 << 20;
/** page files copied or checked at once: fsyncs of one file system overlap in its journal */
export const FILE_CONCURRENCY = 8;

export const generationDir = (target: string, id: string) => path.join(target, GENERATIONS_DIR, id);
export const targetPageFile = (target: string, name: string) => path.join(target, PAGES_DIR, name.slice(0, 2), name);

/**
 * Makes `<root>/<parts…>` without ever making `root` itself: a target whose disk was pulled out is a
 * missing folder (ENOENT), never a new empty one on the system disk where the mount point was.
 */
export async function mkdirUnder(root: string, ...parts: string[]): Promise<string> {
  let dir = root;
  for (const part of parts) {
    dir = path.join(dir, part);
    try {
      await mkdir(dir, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return dir;
}

/** The sha256 of a file's bytes, streamed. */
export async function fileDigest(file: string): Promise<{ sha256: string; bytes: number }> {
  const size = (await stat(file)).size;
  if (size <= SMALL_FILE) {
    // a page file: one read (one trip to the thread pool), not a stream of chunks
    const data = await readFile(file);
    return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The page files of a store (`<dataDir>/pages`): their names, sorted. */
export async function listPageFiles(pagesRoot: string): Promise<string[]> {
  let shards: string[];
  try {
    shards = await readdir(pagesRoot);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const names: string[] = [];
  for (const shard of shards.sort()) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of (await readdir(path.join(pagesRoot, shard))).sort()) if (SHA256.test(name) && name.startsWith(shard)) names.push(name);
  }
  return names;
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fd = await open(dir, 'r');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/**
 * Copies `from` to `to` through a temp file beside it (fsync, rename), hashing the bytes on the way:
 * a copy interrupted leaves no file under the final name.
 */
export async function copyDurably(from: string, to: string, options: { syncFolder?: boolean } = {}): Promise<{ sha256: string; bytes: number }> {
  const dir = path.dirname(to);
  const size = (await stat(from)).size;
  if (size <= SMALL_FILE) {
    const data = await readFile(from);
    const tmp = `${to}.${process.pid}.part`;
    const out = await open(tmp, fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_WRONLY, 0o600);
    try {
      await out.writeFile(data);
      await out.sync();
    } catch (err) {
      await out.close().catch(() => {});
      await rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
    await out.close();
    await rename(tmp, to);
    if (options.syncFolder !== false) await syncDir(dir);
    return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
  }
  const tmp = `${to}.${process.pid}.part`;
  const hash = createHash('sha256');
  let bytes = 0;
  const out = await open(tmp, fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_WRONLY, 0o600);
  try {
    for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      await out.write(chunk as Buffer);
    }
    await out.sync();
  } catch (err) {
    await out.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
  await out.close();
  await rename(tmp, to);
  if (options.syncFolder !== false) await syncDir(dir);
  return { sha256: hash.digest('hex'), bytes };
}

export interface PageEntry {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * The page files into the target, content-addressed: a name the target holds already (a page is
 * never changed once written, its name being its content's hash) is not copied again; its digest is
 * taken from `known` (the last verified manifest) or computed. `beforeEach` lets a test pull the
 * target away between files.
 */
export async function copyPages(
  pagesRoot: string,
  target: string,
  names: readonly string[],
  known: ReadonlyMap<string, PageEntry>,
  beforeEach?: (i: number) => void | Promise<void>,
): Promise<{ entries: PageEntry[]; copied: number; copiedBytes: number }> {
  const entries: Array<PageEntry | null> = new Array<PageEntry | null>(names.length).fill(null);
  let copied = 0;
  let copiedBytes = 0;
  const touched = new Set<string>();
  const one = async (i: number) => {
    await beforeEach?.(i);
    const name = names[i]!;
    const dst = targetPageFile(target, name);
    const src = path.join(pagesRoot, name.slice(0, 2), name);
    let have: number | null = null;
    try {
      have = (await stat(dst)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const k = known.get(name);
    if (have !== null && k && k.bytes === have) {
      entries[i] = k;
      return;
    }
    if (have !== null) {
      // on the target but not in a verified manifest (a run that stopped after copying it): check it
      const d = await fileDigest(dst);
      const s = await stat(src).catch(() => null);
      if (s && s.size === d.bytes) {
        entries[i] = { name, ...d };
        return;
      }
    }
    await mkdirUnder(target, PAGES_DIR, name.slice(0, 2));
    let d: { sha256: string; bytes: number };
    try {
      d = await copyDurably(src, dst, { syncFolder: false });
    } catch (err) {
      // removed from the store since it was listed (a retention purge): not part of this backup
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !(await exists(src)) && (await exists(target))) return;
      throw err;
    }
    touched.add(path.dirname(dst));
    entries[i] = { name, ...d };
    copied++;
    copiedBytes += d.bytes;
  };
  await eachAtOnce(names.length, FILE_CONCURRENCY, one);
  // the renames are durable once their folders are
  for (const dir of touched) await syncDir(dir);
  return { entries: entries.filter((e): e is PageEntry => e !== null), copied, copiedBytes };
}

/** Runs `work(0 … n-1)`, `limit` at a time; the first failure stops new work and is thrown once the running ones settle. */
export async function eachAtOnce(n: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { err: unknown } | null = null;
  const lane = async () => {
    while (!failed && next < n) {
      const i = next++;
      try {
        await work(i);
      } catch (err) {
        failed ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, lane));
  if (failed) throw (failed as { err: unknown }).err;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/** Free bytes for an unprivileged writer on the file system holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

export type TargetProblem = 'NOT_ABSOLUTE' | 'MISSING' | 'NOT_A_FOLDER' | 'NOT_WRITABLE' | 'INSIDE_DATA';

/**
 * A folder the manager names as the backup target: absolute, there, a folder, writable (a probe file
 * written, synced and removed), and neither the data folder nor inside it nor holding it.
 */
export async function checkTarget(target: string, dataDir: string): Promise<TargetProblem | null> {
  if (!path.isAbsolute(target)) return 'NOT_ABSOLUTE';
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    return 'MISSING';
  }
  if (!(await stat(real)).isDirectory()) return 'NOT_A_FOLDER';
  const data = await realpath(dataDir).catch(() => path.resolve(dataDir));
  const inside = (a: string, b: string) => a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
  if (inside(real, data) || inside(data, real)) return 'INSIDE_DATA';
  const probe = path.join(real, `.daftaryar-probe-${process.pid}`);
  try {
    const fd = await open(probe, 'w', 0o600);
    try {
      await fd.write('probe');
      await fd.sync();
    } finally {
      await fd.close();
    }
    await rm(probe, { force: true });
  } catch {
    await rm(probe, { force: true }).catch(() => {});
    return 'NOT_WRITABLE';
  }
  return null;
}

/** The generation folders of a target, oldest first (their names sort by time). */
export async function listGenerations(target: string): Promise<string[]> {
  try {
    return (await readdir(path.join(target, GENERATIONS_DIR))).filter((n) => /^[0-9A-Za-z-]{1,100}$/.test(n)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export async function removeGeneration(target: string, id: string): Promise<void> {
  await rm(generationDir(target, id), { recursive: true, force: true });
}

/** Removes the page files of the target no kept generation names. */
export async function removeUnreferencedPages(target: string, keep: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  for (const name of await listPageFiles(path.join(target, PAGES_DIR))) {
    if (keep.has(name)) continue;
    await rm(targetPageFile(target, name), { force: true });
    removed++;
  }
  return removed;
}
