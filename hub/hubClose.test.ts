import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testHub } from '../test/support/hub';
import { startHub } from './start';
import { silentLogger } from './log';

/** The pids of this process's children whose command is Chromium's. */
function chromiumChildren(): number[] {
  const out = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'pid=,comm='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, comm]) => comm !== undefined && /chrom/i.test(comm))
    .map(([pid]) => Number(pid));
}

describe('Hub.close', () => {
  it('settles only once the receipt printer’s own browser has closed', async () => {
    const t = testHub();
    const before = chromiumChildren();
    const pdf = await t.hub.services.pdfPrinter().pdf('<!doctype html><p>رسید</p>');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(chromiumChildren().length).toBeGreaterThan(before.length);
    await t.hub.close();
    // no later test, hub or browser of this process meets it still closing
    expect(chromiumChildren()).toEqual(before);
    t.db.close();
  }, 60_000);

  it('a started hub (web mode, the desktop app) closes the same way: its close settles after the browser has gone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-hubclose-'));
    try {
      const running = startHub({ dataDir: dir, version: 'test', log: silentLogger });
      const before = chromiumChildren();
      await running.hub.services.pdfPrinter().pdf('<!doctype html><p>رسید</p>');
      expect(chromiumChildren().length).toBeGreaterThan(before.length);
      await running.close();
      expect(chromiumChildren()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
