import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors';
import { releaseFolder } from '../../test/support/updateFeeds';
import { UpdateStore } from './updateStore';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'daftaryar-updates-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'no error';
};

describe('the hub’s updates folder', () => {
  it('imports an installer with its feed, offers it and serves only the files the feed names', async () => {
    const release = releaseFolder(temp());
    const store = new UpdateStore(path.join(temp(), 'updates'));
    expect(store.available()).toEqual([]);
    const offered = await store.importFrom(release.dir);
    expect(offered).toEqual([{ platform: 'windows', version: '0.2.0', file: release.installer, bytes: release.bytes.length, releaseDate: '2026-12-01T08:00:00.000Z' }]);
    expect(readFileSync(store.resolve(release.installer)!.file)).toEqual(release.bytes);
    expect(store.resolve('latest.yml')?.contentType).toMatch(/yaml/);
    for (const name of ['latest-linux.yml', '../latest.yml', 'other.exe', '.incoming-x']) expect(store.resolve(name), name).toBeNull();
    // a new hub process finds what was imported
    expect(new UpdateStore(store.dir).available()).toEqual(offered);
  });

  it('replaces the previous version whole and removes its installer', async () => {
    const store = new UpdateStore(path.join(temp(), 'updates'));
    await store.importFrom(releaseFolder(temp(), { version: '0.2.0' }).dir);
    const next = releaseFolder(temp(), { version: '0.3.0' });
    await store.importFrom(next.dir);
    expect(store.available().map((a) => a.version)).toEqual(['0.3.0']);
    expect(readdirSync(store.dir).sort()).toEqual([next.installer, 'latest.yml'].sort());
  });

  it('keeps both platforms side by side', async () => {
    const store = new UpdateStore(path.join(temp(), 'updates'));
    const src = temp();
    releaseFolder(src, { platform: 'windows' });
    releaseFolder(src, { platform: 'linux' });
    expect((await store.importFrom(src)).map((a) => a.platform)).toEqual(['windows', 'linux']);
  });

  it('refuses an installer whose sha512 is not its feed’s, and leaves what it offered untouched', async () => {
    const store = new UpdateStore(path.join(temp(), 'updates'));
    await store.importFrom(releaseFolder(temp(), { version: '0.2.0' }).dir);
    const bad = releaseFolder(temp(), { version: '0.3.0' });
    // one byte changed after the feed was written
    const file = path.join(bad.dir, bad.installer);
    const bytes = readFileSync(file);
    bytes[10] = bytes[10]! ^ 1;
    writeFileSync(file, bytes);
    expect(await codeOf(store.importFrom(bad.dir))).toBe('UPDATE_CHECKSUM_MISMATCH');
    expect(store.available().map((a) => a.version)).toEqual(['0.2.0']);
    expect(readdirSync(store.dir).sort()).toEqual(['Daftaryar-Setup-0.2.0.exe', 'latest.yml']);
  });

  it('refuses a path that leaves the folder, an installer over the limit or of another size, a missing one, no feed', async () => {
    const store = new UpdateStore(path.join(temp(), 'updates'), { maxInstallerBytes: 5000 });
    const outside = temp();
    writeFileSync(path.join(outside, 'evil.exe'), 'x');
    expect(await codeOf(store.importFrom(releaseFolder(temp(), { name: '../evil.exe' }).dir))).toBe('UPDATE_FEED_INVALID');
    expect(await codeOf(store.importFrom(releaseFolder(temp(), { bytes: Buffer.alloc(6000, 1) }).dir))).toBe('UPDATE_FILE_INVALID');
    expect(await codeOf(store.importFrom(releaseFolder(temp(), { bytes: Buffer.alloc(100, 1), feedSize: 101 }).dir))).toBe('UPDATE_FILE_INVALID');
    const missing = releaseFolder(temp(), { bytes: Buffer.alloc(100, 1) });
    rmSync(path.join(missing.dir, missing.installer));
    expect(await codeOf(store.importFrom(missing.dir))).toBe('UPDATE_FILE_INVALID');
    expect(await codeOf(store.importFrom(temp()))).toBe('UPDATE_NOT_FOUND');
    expect(existsSync(store.dir) ? readdirSync(store.dir) : []).toEqual([]);
  });

  it('offers nothing from a damaged feed in the store', async () => {
    const store = new UpdateStore(path.join(temp(), 'updates'));
    await store.importFrom(releaseFolder(temp()).dir);
    writeFileSync(path.join(store.dir, 'latest.yml'), 'version: [1]\n');
    const reopened = new UpdateStore(store.dir);
    expect(reopened.available()).toEqual([]);
    expect(reopened.resolve('Daftaryar-Setup-0.2.0.exe')).toBeNull();
  });
});
