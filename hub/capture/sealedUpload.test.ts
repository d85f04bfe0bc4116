import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SealedUpload } from './sealedUpload';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-sealed-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('imported documents sit unencrypted on disk (finding 4): a sealed upload', () => {
  it('keeps only ciphertext on disk and reads back the chunks as sent, in order', async () => {
    const chunks = [Buffer.from('PLAIN-TEXT-OF-A-PARTY '.repeat(100)), Buffer.alloc(0), randomBytes(70_000), Buffer.from('the end')];
    const up = new SealedUpload(path.join(dir, 'u'));
    for (const c of chunks) await up.append(c);
    expect(up.size).toBe(chunks.reduce((n, c) => n + c.length, 0));
    const onDisk = readFileSync(up.file);
    expect(onDisk.includes('PLAIN-TEXT-OF-A-PARTY')).toBe(false);
    expect(onDisk.includes(chunks[2]!.subarray(1000, 1064))).toBe(false);
    expect((await up.read()).equals(Buffer.concat(chunks))).toBe(true);
    await up.discard();
    expect(existsSync(up.file)).toBe(false);
    await expect(up.read()).rejects.toThrow(/discarded/);
  });

  it('refuses a file changed, cut short or reordered on disk', async () => {
    const up = new SealedUpload(path.join(dir, 'u'));
    await up.append(Buffer.from('first chunk'));
    await up.append(Buffer.from('second chunk'));
    const good = readFileSync(up.file);
    const flipped = Buffer.from(good);
    flipped[6] = flipped[6]! ^ 1;
    writeFileSync(up.file, flipped);
    await expect(up.read()).rejects.toThrow(/changed/);
    writeFileSync(up.file, good.subarray(0, good.length - 3));
    await expect(up.read()).rejects.toThrow(/truncated/);
    // the two records swapped: each is authentic, but under the other's number
    const first = 4 + 'first chunk'.length + 16;
    writeFileSync(up.file, Buffer.concat([good.subarray(first), good.subarray(0, first)]));
    await expect(up.read()).rejects.toThrow();
    writeFileSync(up.file, good);
    expect((await up.read()).toString()).toBe('first chunksecond chunk');
  });
});
