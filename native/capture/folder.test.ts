import { execFile } from 'node:child_process';
import { appendFile, link, mkdir, mkdtemp, open, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { patternPage } from '../../test/support/capturePages';
import { FolderDriver, shredConsumed, type FolderDriverOptions } from './folder';
import { ScannerError, type RawPage, type ScanSettings } from './types';
import { collect } from '../../test/support/capturePages';

let root = '';
let scanDir = '';
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'folder-'));
  scanDir = path.join(root, 'scans');
  await mkdir(scanDir);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const settings: ScanSettings = { source: 'adf', dpi: 300, colorMode: 'grey' };
const refused: { name: string; code: string }[] = [];

function driver(extra: Partial<FolderDriverOptions> = {}): FolderDriver {
  refused.length = 0;
  return new FolderDriver({
    folders: [{ path: scanDir, label: 'MFP' }],
    pollMs: 20,
    stableMs: 150,
    idleEndMs: 400,
    onRefused: (name, error) => refused.push({ name, code: error.code }),
    ...extra,
  });
}

const codeOf = (e: unknown) => (e instanceof ScannerError ? e.code : e);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FolderDriver', () => {
  it('takes files in name order once stable, moves them to done/, and ends when the folder stays idle', async () => {
    const a = await patternPage(100, 140, 0);
    const b = await sharp(await patternPage(100, 140, 1)).jpeg().toBuffer();
    await writeFile(path.join(scanDir, 'scan-001.png'), a);
    await writeFile(path.join(scanDir, 'scan-002.JPG'), b);
    const { pages, error } = await collect(driver().scan(scanDir, settings));
    expect(error).toBeNull();
    expect(pages.map((p) => [p.index, p.mime, p.origin?.fileName])).toEqual([
      [0, 'image/png', 'scan-001.png'],
      [1, 'image/jpeg', 'scan-002.JPG'],
    ]);
    expect(pages[0]!.data.equals(a)).toBe(true);
    expect((await readdir(scanDir)).sort()).toEqual(['done']);
    expect((await readdir(path.join(scanDir, 'done'))).map((n) => n.replace(/^\d+-/, '')).sort()).toEqual(['scan-001.png', 'scan-002.JPG']);
  });

  it('waits for a file the MFP is still writing and takes it whole', async () => {
    const png = await patternPage(200, 280);
    const file = path.join(scanDir, 'slow.png');
    await writeFile(file, png.subarray(0, 300));
    const scanning = collect(driver({ firstFileTimeoutMs: 5_000, stableMs: 400 }).scan(scanDir, settings));
    for (let off = 300; off < png.length; off += 2000) {
      await sleep(40); // far less than stableMs between pieces
      await appendFile(file, png.subarray(off, Math.min(off + 2000, png.length)));
    }
    const { pages, error } = await scanning;
    expect(refused).toEqual([]);
    expect(error).toBeNull();
    expect(pages).toHaveLength(1);
    expect(pages[0]!.data.equals(png)).toBe(true);
  });

  it('moves symlinks, FIFOs, foreign extensions and corrupt files aside into refused/ and goes on', async () => {
    const secret = path.join(root, 'secret.png');
    await writeFile(secret, await patternPage(50, 50));
    await symlink(secret, path.join(scanDir, 'a-link.png'));
    await promisify(execFile)('mkfifo', [path.join(scanDir, 'b-fifo.png')]);
    await writeFile(path.join(scanDir, 'c-script.sh'), 'echo hi');
    await writeFile(path.join(scanDir, 'd-broken.png'), Buffer.concat([(await patternPage(50, 50)).subarray(0, 8), Buffer.alloc(100, 1)]));
    await writeFile(path.join(scanDir, 'e-good.png'), await patternPage(60, 60));
    const { pages, error } = await collect(driver().scan(scanDir, settings));
    expect(error).toBeNull();
    expect(pages.map((p) => p.origin?.fileName)).toEqual(['e-good.png']);
    expect(refused).toEqual([
      { name: 'a-link.png', code: 'FILE_NAME_REFUSED' },
      { name: 'b-fifo.png', code: 'FILE_NAME_REFUSED' },
      { name: 'c-script.sh', code: 'FILE_NAME_REFUSED' },
      { name: 'd-broken.png', code: 'FILE_UNREADABLE' },
    ]);
    const aside = (await readdir(path.join(scanDir, 'refused'))).map((n) => n.replace(/^\d+-/, '')).sort();
    expect(aside).toEqual(['a-link.png', 'b-fifo.png', 'c-script.sh', 'd-broken.png']);
    // the link was moved, not followed: its target is where it was, unchanged
    expect((await readFile(secret)).length).toBeGreaterThan(0);
  });

  it('cancels while waiting (CANCELLED), times out with no file (TIMEOUT), and knows only its folders', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(codeOf((await collect(driver().scan(scanDir, settings, controller.signal))).error)).toBe('CANCELLED');
    expect(codeOf((await collect(driver({ firstFileTimeoutMs: 100 }).scan(scanDir, settings))).error)).toBe('TIMEOUT');
    expect(codeOf((await collect(driver().scan('/etc', settings))).error)).toBe('DEVICE_NOT_FOUND');
    expect(await driver().listDevices()).toEqual([{ driver: 'folder', id: scanDir, label: 'MFP' }]);
  });
  it('imported documents sit unencrypted on disk (finding 4): release() shreds the originals the batch took', async () => {
    const png = await patternPage(100, 140, 0);
    await writeFile(path.join(scanDir, 'scan-001.png'), png);
    const d = driver();
    const { pages, error } = await collect(d.scan(scanDir, settings));
    expect(error).toBeNull();
    expect(pages).toHaveLength(1);
    const [kept] = await readdir(path.join(scanDir, 'done'));
    // a handle opened before: it still reaches the file's blocks after the name is gone
    const handle = await open(path.join(scanDir, 'done', kept!), 'r');
    try {
      await d.release();
      expect(await readdir(path.join(scanDir, 'done'))).toEqual([]);
      const after = await handle.readFile();
      expect(after.length).toBe(png.length);
      expect(after.every((b) => b === 0)).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('imported documents sit unencrypted on disk (finding 4): shredConsumed() empties done/ at start, never writing through a link', async () => {
    const outside = path.join(root, 'outside');
    await mkdir(outside);
    await mkdir(path.join(scanDir, 'done'));
    const png = await patternPage(100, 140, 1);
    await writeFile(path.join(scanDir, 'done', '1-left-by-a-crash.png'), png);
    // someone with write access to the share links the office's own files into done/
    await writeFile(path.join(outside, 'hard.bin'), 'not the MFP\'s');
    await link(path.join(outside, 'hard.bin'), path.join(scanDir, 'done', '2-hard.png'));
    await writeFile(path.join(outside, 'soft.bin'), 'not the MFP\'s either');
    await symlink(path.join(outside, 'soft.bin'), path.join(scanDir, 'done', '3-soft.png'));
    expect(await shredConsumed(scanDir)).toBe(3);
    expect(await readdir(path.join(scanDir, 'done'))).toEqual([]);
    expect(await readFile(path.join(outside, 'hard.bin'), 'utf8')).toBe('not the MFP\'s');
    expect(await readFile(path.join(outside, 'soft.bin'), 'utf8')).toBe('not the MFP\'s either');
    expect(await shredConsumed(path.join(root, 'no-such-folder'))).toBe(0);
  });
});
