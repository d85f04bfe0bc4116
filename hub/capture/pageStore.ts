/**
 * The page store: every captured image (page, thumbnail, screen view) as a file named by the sha256 of
 * its plaintext — the page's identity from the counter to the central system — encrypted at rest with
 * AES-256-GCM (a fresh 96-bit nonce per file; the name is the associated data, so a file swapped under
 * another name fails to open). Writes go to a private temp file, are fsynced and then renamed, so a
 * crash leaves either the whole file or nothing; a full disk is a clear error with nothing left behind.
 *
 * File format: "DYP1" | nonce (12 bytes) | ciphertext | GCM tag (16 bytes).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

const MAGIC = Buffer.from('DYP1', 'latin1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SHA256 = /^[0-9a-f]{64}$/;

export type PageStoreErrorCode = 'DISK_FULL' | 'NOT_FOUND' | 'CORRUPT' | 'BAD_NAME' | 'IO';

export class PageStoreError extends Error {
  readonly code: PageStoreErrorCode;
  constructor(code: PageStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'PageStoreError';
    this.code = code;
  }
}

export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export interface PageStore {
  /** stores the bytes (once: a second put of the same bytes only checks the file is there); returns their sha256 */
  put(data: Buffer): Promise<string>;
  /** the plaintext, verified against its name */
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  /** removes a file no row refers to any more (retention purge) */
  remove(sha256: string): Promise<void>;
  /** bytes used on disk */
  usage(): Promise<number>;
}

/** File operations the store uses, so a test can make the disk fill up at a chosen moment. */
export interface StoreIo {
  write(fd: import('node:fs/promises').FileHandle, data: Buffer): Promise<void>;
}
const realIo: StoreIo = {
  async write(fd, data) {
    await fd.writeFile(data);
  },
};

export function openPageStore(root: string, key: Buffer, io: StoreIo = realIo): PageStore {
  if (key.length !== 32) throw new PageStoreError('IO', 'the page store key must be 32 bytes');
  const tmpDir = path.join(root, '.tmp');
  let ready: Promise<void> | undefined;
  const prepare = () =>
    (ready ??= (async () => {
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      // Temp files of a write a crash interrupted are garbage: nothing refers to them.
      for (const name of await readdir(tmpDir)) await rm(path.join(tmpDir, name), { force: true });
    })());

  const fileOf = (sha: string): string => {
    if (!SHA256.test(sha)) throw new PageStoreError('BAD_NAME', 'not a sha256');
    return path.join(root, sha.slice(0, 2), sha);
  };

  const seal = (sha: string, data: Buffer): Buffer => {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(sha, 'latin1'));
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    return Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]);
  };

  const unseal = (sha: string, file: Buffer): Buffer => {
    if (file.length < MAGIC.length + NONCE_BYTES + TAG_BYTES || !file.subarray(0, 4).equals(MAGIC)) {
      throw new PageStoreError('CORRUPT', `${sha.slice(0, 12)}…: not a page file`);
    }
    const nonce = file.subarray(4, 4 + NONCE_BYTES);
    const tag = file.subarray(file.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(sha, 'latin1'));
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(file.subarray(4 + NONCE_BYTES, file.length - TAG_BYTES)), decipher.final()]);
    } catch (cause) {
      throw new PageStoreError('CORRUPT', `${sha.slice(0, 12)}…: damaged, or another key`, { cause });
    }
    if (sha256Hex(plain) !== sha) throw new PageStoreError('CORRUPT', `${sha.slice(0, 12)}…: content does not match its name`);
    return plain;
  };

  const exists = async (file: string): Promise<boolean> => {
    try {
      return (await stat(file)).isFile();
    } catch {
      return false;
    }
  };

  return {
    async put(data) {
      await prepare();
      const sha = sha256Hex(data);
      const file = fileOf(sha);
      if (await exists(file)) return sha;
      const dir = path.dirname(file);
      const tmp = path.join(tmpDir, `${sha}.${randomBytes(6).toString('hex')}`);
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const fd = await open(tmp, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY, 0o600);
        try {
          await io.write(fd, seal(sha, data));
          await fd.sync();
        } finally {
          await fd.close();
        }
        await rename(tmp, file);
        await syncDir(dir);
        return sha;
      } catch (cause) {
        await rm(tmp, { force: true });
        const code = (cause as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT') throw new PageStoreError('DISK_FULL', 'the disk is full', { cause });
        throw new PageStoreError('IO', `writing a page failed (${code ?? 'error'})`, { cause });
      }
    },

    async get(sha) {
      const file = fileOf(sha);
      let sealed: Buffer;
      try {
        sealed = await readFile(file);
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new PageStoreError('NOT_FOUND', `${sha.slice(0, 12)}… is not in the store`, { cause });
        throw new PageStoreError('IO', 'reading a page failed', { cause });
      }
      return unseal(sha, sealed);
    },

    async has(sha) {
      return exists(fileOf(sha));
    },

    async remove(sha) {
      try {
        await unlink(fileOf(sha));
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw new PageStoreError('IO', 'removing a page failed', { cause });
      }
    },

    async usage() {
      let total = 0;
      let shards: string[] = [];
      try {
        shards = await readdir(root);
      } catch {
        return 0;
      }
      for (const shard of shards) {
        if (!/^[0-9a-f]{2}$/.test(shard)) continue;
        for (const name of await readdir(path.join(root, shard))) total += (await stat(path.join(root, shard, name))).size;
      }
      return total;
    },
  };
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
