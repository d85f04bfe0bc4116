import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileDurably, writeFileDurably, writeFileDurablyAsync } from './durableFile';
import { tempFolders } from '../../test/support/tempFolders';

const tempFolder = tempFolders();

describe('writeFileDurably', () => {
  it('replaces the file whole, mode 0600, in a folder it makes 0700, and leaves no temporary beside it', () => {
    const root = tempFolder('daftaryar-durable-');
    const file = path.join(root, 'inner', 'settings.json');
    writeFileDurably(file, 'first');
    writeFileDurably(file, new TextEncoder().encode('second'));
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.dirname(file))).toEqual(['settings.json']);
  });

  it('(without blocking) replaces the file whole and leaves no temporary', async () => {
    const root = tempFolder('daftaryar-durable-');
    const file = path.join(root, '0.page');
    await writeFileDurablyAsync(file, new Uint8Array([1, 2, 3]));
    await writeFileDurablyAsync(file, new Uint8Array([4]));
    expect([...readFileSync(file)]).toEqual([4]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(root)).toEqual(['0.page']);
  });

  it('makes a file once and never replaces it (a key)', () => {
    const root = tempFolder('daftaryar-durable-');
    const file = path.join(root, 'keys', 'spool.key');
    createFileDurably(file, new Uint8Array([7, 7]));
    expect(() => createFileDurably(file, new Uint8Array([8]))).toThrow(/EEXIST/);
    expect([...readFileSync(file)]).toEqual([7, 7]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
