/**
 * Provisional pages on the hub's own PC (processing.ts): the folder driver makes each page's thumbnail
 * and view in its own decode, the page is committed at once and processed afterwards; a hub killed
 * (kill -9) while pages are in process runs their steps at its next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as c from '../../db/capture';
import { smallPage, testCapturePorts } from '../../test/support/capture';
import { testHub } from '../../test/support/hub';
import { KEY_FILE, openWithKeyFile } from '../keys/keyFile';
import { DATABASE_FILE } from '../start';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const ch of children.splice(0)) ch.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('provisional pages on the hub', () => {
  it('a hub killed (kill -9) while its pages are in process runs their heavy steps at its next start: every page once, in order', { timeout: 90_000 }, async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'daftaryar-provisional-'));
    dirs.push(base);
    const dataDir = path.join(base, 'data');
    const scans = path.join(base, 'mfp');
    mkdirSync(dataDir, { mode: 0o700 });
    mkdirSync(scans);
    const originals = await Promise.all([1, 2, 3, 4].map((i) => smallPage(i, i)));
    originals.forEach((png, i) => writeFileSync(path.join(scans, `scan-00${i + 1}.png`), png));

    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/support/provisionalHub.ts'), dataDir, scans, String(originals.length)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    let line: RegExpExecArray | null = null;
    while (!(line = /provisional (\S+) (\d+)/.exec(out))) {
      if (Date.now() > deadline) throw new Error(`the hub did not commit its pages:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await exited;
    const requestId = line[1]!;

    const db = openWithKeyFile(path.join(dataDir, DATABASE_FILE), path.join(dataDir, KEY_FILE));
    // as the killed hub left them: committed in the folder's order, provisional, holding the originals
    const left = c.pages(db, requestId);
    expect(left.map((p) => [p.sha256, p.processing])).toEqual(originals.map((o) => [sha(o), 1]));
    const t = testHub({ db, capture: { dir: dataDir, ports: testCapturePorts(() => ({ pages: [] })) } });
    try {
      // nobody asks: the start itself resumes them
      for (const until = Date.now() + 30_000; c.pages(db, requestId).some((p) => p.processing); ) {
        if (Date.now() > until) throw new Error('the provisional pages were not resumed at start');
        await new Promise((r) => setTimeout(r, 50));
      }
      const after = c.pages(db, requestId);
      expect(after.map((p) => p.id)).toEqual(left.map((p) => p.id));
      expect(after.every((p) => p.processing === 0 && p.mime === 'image/jpeg')).toBe(true);
      expect(after.map((p) => p.sha256).some((s) => originals.map(sha).includes(s))).toBe(false);
      // the pipeline's figures: the page with the fewest marks has the least ink
      expect(after.map((p) => p.inkRatio)).toEqual([...after.map((p) => p.inkRatio)].sort((a, b) => a - b));
      // every page stored once, and its image readable
      expect(db.prepare('SELECT count(*) FROM capture_page WHERE request_id = ?').pluck().get(requestId)).toBe(originals.length);
      for (const p of after) expect((await t.hub.services.capture.image(p.id, 'view', null)).base64.length).toBeGreaterThan(100);
    } finally {
      await t.hub.close();
      db.close();
    }
  });
});
