/**
 * The app's installers the hub keeps for its workstations (docs/UPDATES.md): a folder of the data
 * folder, `updates/`, holding each platform's feed (`latest.yml`, `latest-linux.yml`) and the
 * installers it names, served to paired workstations (updateRoute.ts) for electron-updater's generic
 * provider.
 *
 * The manager fills it from a folder on the hub's PC (a USB disk): `importFrom` reads each feed there
 * (core/updates/feed.ts: zod, plain file names), refuses an installer that is missing, not a regular
 * file, over MAX_INSTALLER_BYTES, of another size than its feed says, or whose sha512 is not its
 * feed's — before anything in the store changes. Then the installers are copied in under a temporary
 * name, checked again as copied, fsync'd and renamed into place, and the feed is written last
 * (tmp + fsync + rename): a workstation sees the old version or the new one whole, never a feed
 * naming a file not yet there. Installers no feed names any more are removed afterwards.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../core/errors';
import { FEED_FILES, installerOf, MAX_INSTALLER_BYTES, readFeed, updatePlatforms, type UpdateFeed, type UpdatePlatform } from '../../core/updates/feed';

export interface AvailableUpdate {
  platform: UpdatePlatform;
  version: string;
  /** the installer's file name */
  file: string;
  bytes: number;
  releaseDate: string | null;
}

export interface UpdateStoreOptions {
  maxInstallerBytes?: number | undefined;
}

const TMP_PREFIX = '.incoming-';

/** The sha512 of a file, base64 as electron-builder writes it. */
export async function sha512OfFile(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

async function fsyncPath(p: string, flags = 'r'): Promise<void> {
  const handle = await open(p, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class UpdateStore {
  private readonly maxBytes: number;
  private feeds = new Map<UpdatePlatform, UpdateFeed>();
  /** one import at a time */
  private importing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    options: UpdateStoreOptions = {},
  ) {
    this.maxBytes = Math.min(options.maxInstallerBytes ?? MAX_INSTALLER_BYTES, MAX_INSTALLER_BYTES);
    this.reload();
  }

  /** Reads the feeds in the store (a damaged one counts as none: nothing is offered from it). */
  private reload(): void {
    this.feeds = new Map();
    for (const platform of updatePlatforms) {
      const file = path.join(this.dir, FEED_FILES[platform]);
      if (!existsSync(file)) continue;
      try {
        this.feeds.set(platform, readFeed(readFileSync(file, 'utf8')));
      } catch {
        // left out: the manager imports it again
      }
    }
  }

  /** What the store offers, per platform. */
  available(): AvailableUpdate[] {
    return updatePlatforms.flatMap((platform) => {
      const feed = this.feeds.get(platform);
      if (!feed) return [];
      const installer = installerOf(feed);
      return [{ platform, version: feed.version, file: installer.url, bytes: installer.size, releaseDate: feed.releaseDate ?? null }];
    });
  }

  /**
   * The file behind `name` if the store serves it: a feed file, or a file a current feed names.
   * Anything else (another name, a path, a leftover) is null.
   */
  resolve(name: string): { file: string; contentType: string } | null {
    for (const [platform, feed] of this.feeds) {
      if (name === FEED_FILES[platform]) return { file: path.join(this.dir, name), contentType: 'text/yaml; charset=utf-8' };
      if (feed.files.some((f) => f.url === name)) return { file: path.join(this.dir, name), contentType: 'application/octet-stream' };
    }
    return null;
  }

  /** Imports the feeds and installers of `sourceDir` (see the file's comment). Answers what is offered after. */
  importFrom(sourceDir: string): Promise<AvailableUpdate[]> {
    const run = this.importing.then(() => this.importNow(sourceDir));
    this.importing = run.catch(() => undefined);
    return run;
  }

  private async importNow(sourceDir: string): Promise<AvailableUpdate[]> {
    const found: Array<{ platform: UpdatePlatform; text: string; feed: UpdateFeed }> = [];
    for (const platform of updatePlatforms) {
      let text: string;
      try {
        text = await readFile(path.join(sourceDir, FEED_FILES[platform]), 'utf8');
      } catch {
        continue;
      }
      if (text.length > 64 * 1024) throw new DomainError('UPDATE_FEED_INVALID', `${FEED_FILES[platform]} is too long`, { ref: FEED_FILES[platform] });
      let feed: UpdateFeed;
      try {
        feed = readFeed(text);
      } catch (err) {
        throw new DomainError('UPDATE_FEED_INVALID', `${FEED_FILES[platform]}: ${err instanceof Error ? err.message.slice(0, 300) : 'invalid'}`, { ref: FEED_FILES[platform] });
      }
      found.push({ platform, text, feed });
    }
    if (found.length === 0) throw new DomainError('UPDATE_NOT_FOUND', `no ${Object.values(FEED_FILES).join(' or ')} in ${sourceDir}`);

    // every installer checked where it is, before the store changes
    for (const { feed } of found) {
      for (const f of feed.files) await this.check(path.join(sourceDir, f.url), f.url, f.size, f.sha512);
    }

    await mkdir(this.dir, { recursive: true });
    const staging = path.join(this.dir, `${TMP_PREFIX}${randomBytes(6).toString('hex')}`);
    await mkdir(staging);
    try {
      for (const { platform, text, feed } of found) {
        for (const f of feed.files) {
          const copied = path.join(staging, f.url);
          await copyFile(path.join(sourceDir, f.url), copied);
          // the copy too: a USB disk that reads differently twice is not trusted
          await this.check(copied, f.url, f.size, f.sha512);
          await fsyncPath(copied);
        }
        const feedTmp = path.join(staging, FEED_FILES[platform]);
        const handle = await open(feedTmp, 'w', 0o644);
        try {
          await handle.writeFile(text);
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      for (const { feed } of found) for (const f of feed.files) await rename(path.join(staging, f.url), path.join(this.dir, f.url));
      await fsyncPath(this.dir);
      for (const { platform } of found) await rename(path.join(staging, FEED_FILES[platform]), path.join(this.dir, FEED_FILES[platform]));
      await fsyncPath(this.dir);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    this.reload();
    await this.removeUnlisted();
    return this.available();
  }

  private async check(file: string, name: string, size: number, sha512: string): Promise<void> {
    let st;
    try {
      st = await lstat(file);
    } catch {
      throw new DomainError('UPDATE_FILE_INVALID', `${name} is missing`, { ref: name });
    }
    if (!st.isFile()) throw new DomainError('UPDATE_FILE_INVALID', `${name} is not a regular file`, { ref: name });
    if (st.size > this.maxBytes) throw new DomainError('UPDATE_FILE_INVALID', `${name} is ${st.size} bytes, over the limit of ${this.maxBytes}`, { ref: name });
    if (st.size !== size) throw new DomainError('UPDATE_FILE_INVALID', `${name} is ${st.size} bytes, its feed says ${size}`, { ref: name });
    if ((await sha512OfFile(file)) !== sha512) throw new DomainError('UPDATE_CHECKSUM_MISMATCH', `the sha512 of ${name} is not its feed's`, { ref: name });
  }

  /** Installers no current feed names, and staging folders a crash left behind. */
  private async removeUnlisted(): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (this.resolve(name)) continue;
      await rm(path.join(this.dir, name), { recursive: true, force: true });
    }
  }
}
