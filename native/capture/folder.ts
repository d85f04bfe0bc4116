/**
 * A watched folder: the office's MFP scans to a shared folder, and the files become pages.
 *
 * The folder is polled, not watched with fs.watch: scan folders are often SMB/NFS shares, where change
 * events are unreliable. A file is taken once its size and mtime have not changed for `stableMs` (the
 * MFP writes it in several pieces). It is read without following links (O_NOFOLLOW), moved into
 * `done/` (out of the MFP's way, so it is never taken twice), and its pages go through the same importer
 * as a file import. The original stays in `done/` only while its job runs: the hub calls `release()`
 * when the job is over, which shreds every file the driver took (`shred.ts`), and `shredConsumed()` at
 * start for a job a crash ended. Until the driver takes it, the file is the MFP's, in a folder the hub
 * does not control. Anything refused (a symlink, a device file, a FIFO, a
 * name with path parts, an extension not accepted, an unreadable or oversized file) is moved aside
 * into `refused/` (the entry itself, never its target) and reported through `onRefused`; the batch goes on.
 *
 * The batch ends when no new file has come for `idleEndMs` after the first page, or with the
 * AbortSignal. Settings are ignored: the MFP's panel decides resolution and colour.
 */
import { lstat, mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_IMPORT_LIMITS, checkFileName, importBuffer, importExtensions, readImportFile, type ImportOptions } from './importFile';
import { shredFile } from './shred';
import { ScannerError, type RawPage, type ScanSettings, type ScannerCapabilities, type ScannerDevice, type ScannerDriver } from './types';
import { sleep } from './sleep';

export interface WatchedFolder {
  /** absolute path of the folder the MFP writes to */
  readonly path: string;
  readonly label: string;
}

export interface FolderDriverOptions {
  readonly folders: readonly WatchedFolder[];
  /** how often the folder is read (default 500 ms) */
  readonly pollMs?: number;
  /** a file is taken when unchanged this long (default 2 s) */
  readonly stableMs?: number;
  /** the batch ends when nothing new came this long after the first page (default 15 s) */
  readonly idleEndMs?: number;
  /** no first file within this → TIMEOUT (default 5 min) */
  readonly firstFileTimeoutMs?: number;
  readonly importOptions?: Omit<ImportOptions, 'firstIndex' | 'signal'>;
  /** a file moved into refused/, and why */
  readonly onRefused?: (fileName: string, error: ScannerError) => void;
}

export const DONE_DIR = 'done';
export const REFUSED_DIR = 'refused';


interface Seen {
  size: number;
  mtimeMs: number;
  since: number;
  /** polls that saw it unchanged: at least two, so one late poll (a stalled event loop) is not enough */
  unchanged: number;
}

/**
 * Shreds every file left in `<folder>/done/`: originals taken by a job that a crash ended before it
 * could release them. Returns how many entries were removed; a missing folder is 0.
 */
export async function shredConsumed(folder: string): Promise<number> {
  const done = path.join(folder, DONE_DIR);
  let names: string[];
  try {
    names = await readdir(done);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const st = await lstat(path.join(done, name)).catch(() => null);
    if (!st || st.isDirectory()) continue;
    await shredFile(path.join(done, name));
    n += 1;
  }
  return n;
}

export class FolderDriver implements ScannerDriver {
  readonly kind = 'folder' as const;
  readonly #o: FolderDriverOptions;
  /** originals this driver's scans moved into done/, until release() */
  readonly #taken: string[] = [];

  constructor(options: FolderDriverOptions) {
    this.#o = options;
  }

  async listDevices(): Promise<ScannerDevice[]> {
    const out: ScannerDevice[] = [];
    for (const f of this.#o.folders) {
      const st = await lstat(f.path).catch(() => null);
      if (st?.isDirectory()) out.push({ driver: 'folder', id: f.path, label: f.label });
    }
    return out;
  }

  #folder(deviceId: string): WatchedFolder {
    // only a configured folder: the renderer never names an arbitrary directory
    const folder = this.#o.folders.find((f) => f.path === deviceId);
    if (!folder) throw new ScannerError('DEVICE_NOT_FOUND', `not a configured scan folder: ${deviceId}`);
    return folder;
  }

  async capabilities(deviceId: string): Promise<ScannerCapabilities> {
    this.#folder(deviceId);
    const st = await lstat(deviceId).catch(() => null);
    if (!st?.isDirectory()) throw new ScannerError('DEVICE_NOT_FOUND', `scan folder missing: ${deviceId}`);
    // the MFP decides; nothing here is chosen by the driver
    return { sources: ['adf', 'flatbed'], colorModes: ['color', 'grey', 'bw'], resolutions: [], maxWidthMm: 0, maxHeightMm: 0 };
  }

  /** Shreds the originals this driver's scans took (the hub calls it when their job is over). */
  async release(): Promise<void> {
    for (const file of this.#taken.splice(0)) await shredFile(file).catch(() => undefined);
  }

  async #moveAside(dir: string, name: string, error: ScannerError): Promise<void> {
    await mkdir(path.join(dir, REFUSED_DIR), { recursive: true });
    // rename moves the directory entry itself: a symlink is moved, its target untouched
    await rename(path.join(dir, name), path.join(dir, REFUSED_DIR, `${Date.now()}-${name.replace(/[\\/\0]/g, '_')}`)).catch(() => undefined);
    this.#o.onRefused?.(name, error);
  }

  async *scan(deviceId: string, _settings: ScanSettings, signal?: AbortSignal): AsyncGenerator<RawPage> {
    const dir = this.#folder(deviceId).path;
    const st = await lstat(dir).catch(() => null);
    if (!st?.isDirectory()) throw new ScannerError('DEVICE_NOT_FOUND', `scan folder missing: ${dir}`);
    await mkdir(path.join(dir, DONE_DIR), { recursive: true });
    const pollMs = this.#o.pollMs ?? 500;
    const stableMs = this.#o.stableMs ?? 2_000;
    const limits = { ...DEFAULT_IMPORT_LIMITS, ...this.#o.importOptions?.limits };
    const seen = new Map<string, Seen>();
    const started = Date.now();
    let lastTaken = 0;
    let index = 0;

    for (;;) {
      if (signal?.aborted) throw new ScannerError('CANCELLED', `cancelled after ${index} page(s)`);
      const now = Date.now();
      if (index > 0 && now - lastTaken > (this.#o.idleEndMs ?? 15_000)) return;
      if (index === 0 && now - started > (this.#o.firstFileTimeoutMs ?? 300_000)) throw new ScannerError('TIMEOUT', 'no file arrived');

      let entries: string[];
      try {
        entries = (await readdir(dir)).sort();
      } catch (err) {
        throw new ScannerError(index > 0 ? 'DEVICE_GONE' : 'DEVICE_NOT_FOUND', `cannot read ${dir}`, { cause: err });
      }
      for (const name of entries) {
        if (name === DONE_DIR || name === REFUSED_DIR) continue;
        try {
          checkFileName(name);
        } catch (err) {
          if (err instanceof ScannerError) await this.#moveAside(dir, name, err);
          continue;
        }
        const info = await lstat(path.join(dir, name)).catch(() => null);
        if (!info) continue;
        if (info.isDirectory()) continue; // some MFPs make dated subfolders; not followed
        if (!info.isFile()) {
          await this.#moveAside(dir, name, new ScannerError('FILE_NAME_REFUSED', `${name} is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}`));
          continue;
        }
        if (!(importExtensions as readonly string[]).includes(path.extname(name).toLowerCase())) {
          if (!name.startsWith('.')) await this.#moveAside(dir, name, new ScannerError('FILE_NAME_REFUSED', `${name}: extension not accepted`));
          continue; // hidden files are an MFP's temporary files: left alone
        }
        const before = seen.get(name);
        if (!before || before.size !== info.size || before.mtimeMs !== info.mtimeMs) {
          seen.set(name, { size: info.size, mtimeMs: info.mtimeMs, since: now, unchanged: 0 });
          continue;
        }
        before.unchanged += 1;
        if (info.size === 0 || now - before.since < stableMs || before.unchanged < 2) continue;
        seen.delete(name);

        let data: Buffer;
        try {
          data = await readImportFile(dir, name, limits);
        } catch (err) {
          if (err instanceof ScannerError) await this.#moveAside(dir, name, err);
          else throw err;
          continue;
        }
        const kept = path.join(dir, DONE_DIR, `${Date.now()}-${name}`);
        await rename(path.join(dir, name), kept);
        this.#taken.push(kept);
        try {
          for await (const page of importBuffer(data, name, { preview: true, ...this.#o.importOptions, firstIndex: index, signal })) {
            yield page;
            index = page.index + 1;
            lastTaken = Date.now();
          }
        } catch (err) {
          if (signal?.aborted) throw new ScannerError('CANCELLED', `cancelled after ${index} page(s)`);
          if (!(err instanceof ScannerError)) throw err;
          await mkdir(path.join(dir, REFUSED_DIR), { recursive: true });
          if (await rename(kept, path.join(dir, REFUSED_DIR, path.basename(kept))).then(() => true, () => false)) this.#taken.splice(this.#taken.indexOf(kept), 1);
          this.#o.onRefused?.(name, err);
        }
      }
      // forget files that disappeared
      for (const name of seen.keys()) if (!entries.includes(name)) seen.delete(name);
      await sleep(pollMs, signal);
    }
  }
}
