import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../test/support/tempFolders';
import { copyFileInPieces } from './fileCopy';

const tempFolder = tempFolders();

describe('copyFileInPieces', () => {
  it('copies byte for byte across piece boundaries, the skipped range as zeros', async () => {
    const dir = tempFolder('daftaryar-filecopy-');
    const data = randomBytes(3.5 * 2 ** 20 + 123);
    writeFileSync(path.join(dir, 'a'), data);
    // a range straddling the boundary between the second and third 1 MiB pieces
    const skip = { from: 2 * 2 ** 20 - 1000, length: 4096 };
    expect(await copyFileInPieces(path.join(dir, 'a'), path.join(dir, 'b'), skip)).toBe(data.length);
    const copy = readFileSync(path.join(dir, 'b'));
    expect(copy.length).toBe(data.length);
    expect(copy.subarray(0, skip.from).equals(data.subarray(0, skip.from))).toBe(true);
    expect(copy.subarray(skip.from, skip.from + skip.length).equals(Buffer.alloc(skip.length))).toBe(true);
    expect(copy.subarray(skip.from + skip.length).equals(data.subarray(skip.from + skip.length))).toBe(true);
    // a range past the end changes nothing
    expect(await copyFileInPieces(path.join(dir, 'a'), path.join(dir, 'c'), { from: 2 ** 30, length: 4096 })).toBe(data.length);
    expect(readFileSync(path.join(dir, 'c')).equals(data)).toBe(true);
  });

  it('refuses a target that is there, and a source that is not', async () => {
    const dir = tempFolder('daftaryar-filecopy-bad-');
    writeFileSync(path.join(dir, 'a'), 'a');
    writeFileSync(path.join(dir, 'b'), 'b');
    await expect(copyFileInPieces(path.join(dir, 'a'), path.join(dir, 'b'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path.join(dir, 'b'), 'utf8')).toBe('b');
    await expect(copyFileInPieces(path.join(dir, 'none'), path.join(dir, 'c'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
