import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { Spool, SPOOL_KEY_FILE } from './spool';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'daftaryar-spool-'));
  dirs.push(d);
  return d;
}
const JOB = '11111111-2222-4333-8444-555555555555';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the agent’s page spool', () => {
  it('keeps every page it reported spooled through a kill -9 of the process writing them', async () => {
    const dir = dataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/support/spoolWriter.ts'), dir, JOB], { stdio: ['ignore', 'pipe', 'inherit'] });
    const reported = new Map<number, string>();
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /^spooled (\d+) ([0-9a-f]{64})$/.exec(line);
        if (!m) return;
        reported.set(Number(m[1]), m[2]!);
        // killed in the middle of writing the next page (it writes one after another, without pause)
        if (reported.size === 12) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const spool = Spool.open(dir);
    const held = await spool.pages(JOB);
    // every page reported is there and intact; at most the one being written when killed is beyond them, and whole or absent
    for (const [seq, digest] of reported) {
      expect(held).toContain(seq);
      expect(sha((await spool.readPage(JOB, seq)).data)).toBe(digest);
    }
    for (const seq of held.filter((s) => !reported.has(s))) await expect(spool.readPage(JOB, seq)).resolves.toBeTruthy();
    expect((await spool.jobs()).map((j) => j.job.jobId)).toEqual([JOB]);
  }, 60_000);

  it('seals pages at rest: no plain bytes on disk, a page moved to another number does not open, the key file is 0600', async () => {
    const dir = dataDir();
    const spool = Spool.open(dir);
    const data = Buffer.from('PLAINTEXT-PAGE-MARKER '.repeat(1000));
    await spool.putPage(JOB, 0, { data, mime: 'image/png', dpi: 300 });
    await spool.putPage(JOB, 1, { data: Buffer.from('second'), mime: 'image/jpeg', dpi: 300 });
    const file = path.join(dir, 'spool', JOB, '0.page');
    expect(readFileSync(file).includes(Buffer.from('PLAINTEXT-PAGE-MARKER'))).toBe(false);
    expect(statSync(path.join(dir, SPOOL_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(await spool.readPage(JOB, 0)).toEqual({ data, mime: 'image/png', dpi: 300 });
    renameSync(path.join(dir, 'spool', JOB, '1.page'), path.join(dir, 'spool', JOB, '7.page'));
    await expect(spool.readPage(JOB, 7)).rejects.toThrow(/does not open/);
    // the same folder with another key opens nothing
    rmSync(path.join(dir, SPOOL_KEY_FILE));
    await expect(Spool.open(dir).readPage(JOB, 0)).rejects.toThrow(/does not open/);
    await spool.dropJob(JOB);
    expect(readdirSync(path.join(dir, 'spool'))).toEqual([]);
  });

  it('lists and gives a page while it is written, removes it only once written, and keeps only the newest few in memory', async () => {
    const dir = dataDir();
    const spool = Spool.open(dir);
    const page = (n: number) => ({ data: Buffer.from(`page ${n} `.repeat(5000)), mime: 'image/png' as const, dpi: 300 });
    const writing = spool.putPage(JOB, 0, page(0));
    // before the write is on disk: listed, readable, and a drop waits for the write (no file left behind)
    expect(await spool.pages(JOB)).toEqual([0]);
    expect((await spool.readPage(JOB, 0)).data.equals(page(0).data)).toBe(true);
    await spool.dropPage(JOB, 0);
    await writing;
    expect(await spool.pages(JOB)).toEqual([]);
    expect(readdirSync(path.join(dir, 'spool', JOB))).toEqual([]);
    for (let n = 1; n <= 10; n++) await spool.putPage(JOB, n, page(n));
    expect(await spool.pages(JOB)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // the oldest are read from disk (a damaged file shows it), the newest from memory
    for (const n of [1, 10]) {
      const file = path.join(dir, 'spool', JOB, `${n}.page`);
      const bytes = readFileSync(file);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
      writeFileSync(file, bytes);
    }
    await expect(spool.readPage(JOB, 1)).rejects.toThrow(/does not open/);
    expect((await spool.readPage(JOB, 10)).data.equals(page(10).data)).toBe(true);
    // a new Spool on the same folder (the agent restarted) has only what is on disk
    await expect(Spool.open(dir).readPage(JOB, 10)).rejects.toThrow(/does not open/);
    await spool.dropJob(JOB);
    expect(await spool.pages(JOB)).toEqual([]);
  });

  it('a page whose write failed is not listed', async () => {
    const dir = dataDir();
    const spool = Spool.open(dir);
    // the job's folder cannot be made: a file stands where it would be
    writeFileSync(path.join(dir, 'spool', JOB), 'in the way');
    await expect(spool.putPage(JOB, 0, { data: Buffer.from('x'), mime: 'image/png', dpi: 300 })).rejects.toThrow();
    expect(await spool.pages(JOB)).toEqual([]);
  });
});
