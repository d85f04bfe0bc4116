import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPageStore, PageStoreError, sha256Hex, type StoreIo } from './pageStore';
import { tempFolders } from '../../test/support/tempFolders';

const tempFolder = tempFolders();
const tempDir = () => tempFolder('daftaryar-pages-');

const fileOf = (root: string, sha: string) => path.join(root, sha.slice(0, 2), sha);
const code = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof PageStoreError ? e.code : String(e)));

describe('page store', () => {
  it('stores by the sha256 of the plaintext and gives the same bytes back', async () => {
    const root = tempDir();
    const store = openPageStore(root, randomBytes(32));
    const page = Buffer.from('%scan of page one — صفحهٔ یک');
    const sha = await store.put(page);
    expect(sha).toBe(sha256Hex(page));
    expect(await store.get(sha)).toEqual(page);
    expect(await store.has(sha)).toBe(true);
    expect(await store.put(page)).toBe(sha); // a second put is a no-op
  });

  it('keeps the bytes encrypted on disk, with a fresh nonce per file', async () => {
    const root = tempDir();
    const store = openPageStore(root, randomBytes(32));
    const page = Buffer.from('National id 0013542419 of the applicant'.repeat(20));
    const sha = await store.put(page);
    const onDisk = readFileSync(fileOf(root, sha));
    expect(onDisk.includes(Buffer.from('0013542419'))).toBe(false);
    expect(onDisk.subarray(0, 4).toString('latin1')).toBe('DYP1');
    // the same bytes in another store (another key) never produce the same file
    const other = tempDir();
    await openPageStore(other, randomBytes(32)).put(page);
    expect(readFileSync(fileOf(other, sha)).equals(onDisk)).toBe(false);
  });

  it('refuses to open with another key, after a flipped byte, or under another name', async () => {
    const root = tempDir();
    const key = randomBytes(32);
    const store = openPageStore(root, key);
    const a = await store.put(Buffer.from('page A'));
    const b = await store.put(Buffer.from('page B'));
    expect(await code(openPageStore(root, randomBytes(32)).get(a))).toBe('CORRUPT');

    const file = fileOf(root, a);
    const bytes = readFileSync(file);
    bytes[bytes.length - 20]! ^= 0x01;
    writeFileSync(file, bytes);
    expect(await code(store.get(a))).toBe('CORRUPT');

    // b's file copied under a's name: right key, wrong name → refused (the name is authenticated)
    writeFileSync(file, readFileSync(fileOf(root, b)));
    expect(await code(store.get(a))).toBe('CORRUPT');
    expect(await code(store.get('0'.repeat(64)))).toBe('NOT_FOUND');
  });

  it('refuses names that are not a sha256 (no path ever built from input)', async () => {
    const store = openPageStore(tempDir(), randomBytes(32));
    for (const name of ['../../etc/passwd', 'ab', 'A'.repeat(64), `${'a'.repeat(63)}/`]) {
      expect(await code(store.get(name))).toBe('BAD_NAME');
    }
  });

  it('a full disk is DISK_FULL and leaves nothing behind; earlier pages stay readable', async () => {
    const root = tempDir();
    let full = false;
    const io: StoreIo = {
      async write(fd, data) {
        if (full) {
          await fd.write(data.subarray(0, 100)); // a part lands, then the disk is full
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        }
        await fd.writeFile(data);
      },
    };
    const store = openPageStore(root, randomBytes(32), io);
    const kept = await store.put(Buffer.from('captured before the disk filled'));
    full = true;
    const lost = Buffer.from('this one does not fit');
    expect(await code(store.put(lost))).toBe('DISK_FULL');
    expect(await store.has(sha256Hex(lost))).toBe(false);
    expect(readdirSync(path.join(root, '.tmp'))).toEqual([]);
    expect((await store.get(kept)).toString()).toBe('captured before the disk filled');
    full = false;
    expect(await store.put(lost)).toBe(sha256Hex(lost)); // room again: it goes through
  });

  it('throws away temp files a crash left behind, on the first use', async () => {
    const root = tempDir();
    const key = randomBytes(32);
    await openPageStore(root, key).put(Buffer.from('x'));
    writeFileSync(path.join(root, '.tmp', 'half-written'), 'partial');
    const store = openPageStore(root, key);
    await store.put(Buffer.from('y'));
    expect(readdirSync(path.join(root, '.tmp'))).toEqual([]);
    expect(await store.usage()).toBeGreaterThan(0);
  });
});
