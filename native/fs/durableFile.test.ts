import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileDurably, writeFileDurably, writeFileDurablyAsync } from './durableFile';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeFileDurably', () => {
  it('replaces the file whole, mode 0600, in a folder it makes 0700, and leaves no temporary beside it', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'daftaryar-durable-'));
    dirs.push(root);
    const file = path.join(root, 'inner', 'settings.json');
    writeFileDurably(file, 'first');
    writeFileDurably(file, new TextEncoder().encode('second'));
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.dirname(file))).toEqual(['settings.json']);
  });

  it('(without blocking) replaces the file whole and leaves no temporary', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'daftaryar-durable-'));
    dirs.push(root);
    const file = path.join(root, '0.page');
    await writeFileDurablyAsync(file, new Uint8Array([1, 2, 3]));
    await writeFileDurablyAsync(file, new Uint8Array([4]));
    expect([...readFileSync(file)]).toEqual([4]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(root)).toEqual(['0.page']);
  });

  it('makes a file once and never replaces it (a key)', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'daftaryar-durable-'));
    dirs.push(root);
    const file = path.join(root, 'keys', 'spool.key');
    createFileDurably(file, new Uint8Array([7, 7]));
    expect(() => createFileDurably(file, new Uint8Array([8]))).toThrow(/EEXIST/);
    expect([...readFileSync(file)]).toEqual([7, 7]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
