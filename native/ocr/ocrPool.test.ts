import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charErrorRate } from './charErrorRate';
import { createOcrPool, OcrCancelledError, OcrTimeoutError, type OcrPool } from './ocrPool';
import { renderSamplePage, SAMPLE_LINES, type SamplePage } from '../../test/support/ocrSamplePage';
import type { OcrPage } from './types';

const run = promisify(execFile);

/** Measured on the sample page (Vazirmatn 12 pt, 300 dpi): ≈ 3–4 %; see README. */
const MAX_CER = 0.05;

let pool: OcrPool;
let sample: SamplePage;
let page: OcrPage;

beforeAll(async () => {
  pool = createOcrPool();
  sample = await renderSamplePage();
  page = await pool.recognize(sample.png, sample);
}, 60_000);

afterAll(() => pool.close());

describe('OCR pool (tesseract.js, fas+eng from npm)', () => {
  it('reads a Persian page with Persian and Latin digits and a Latin run, under 5 % character errors', () => {
    const cer = charErrorRate(page.text, SAMPLE_LINES.join('\n'));
    console.log(`OCR CER on the sample page: ${(cer * 100).toFixed(2)} %`);
    expect(cer).toBeLessThan(MAX_CER);
    expect(page.lines).toHaveLength(SAMPLE_LINES.length);
    expect(page.text).toContain('AB-12345');
    expect(page.text).toContain('۱۴۰۵/۰۳/۰۶');
    expect(page.text).toContain('9809982110400567');
    expect(page.text).not.toMatch(/[\u200E\u200F]/);
    expect(page.confidence).toBeGreaterThan(70);
  });

  it('gives line text in logical order, words right to left in a Persian line', () => {
    const line = page.lines[1]!;
    expect(line.text.startsWith('کد رهگیری')).toBe(true);
    expect(line.text).toBe(line.words.map((w) => w.text).join(' '));
    const persian = line.words.filter((w) => /[\u0600-\u06FF]/.test(w.text));
    for (let i = 1; i < persian.length; i++) expect(persian[i]!.bbox.x1).toBeLessThanOrEqual(persian[i - 1]!.bbox.x0 + 2);
    // lines top to bottom
    for (let i = 1; i < page.lines.length; i++) expect(page.lines[i]!.bbox.y0).toBeGreaterThan(page.lines[i - 1]!.bbox.y1);
  });

  it('puts every box inside the image, each word inside its line', () => {
    expect(page.widthPx).toBe(sample.widthPx);
    expect(page.heightPx).toBe(sample.heightPx);
    for (const line of page.lines) {
      for (const { bbox } of [line, ...line.words]) {
        expect(bbox.x0).toBeGreaterThanOrEqual(0);
        expect(bbox.y0).toBeGreaterThanOrEqual(0);
        expect(bbox.x1).toBeLessThanOrEqual(sample.widthPx);
        expect(bbox.y1).toBeLessThanOrEqual(sample.heightPx);
        expect(bbox.x1).toBeGreaterThan(bbox.x0);
        expect(bbox.y1).toBeGreaterThan(bbox.y0);
      }
      for (const w of line.words) {
        expect(w.bbox.x0).toBeGreaterThanOrEqual(line.bbox.x0);
        expect(w.bbox.x1).toBeLessThanOrEqual(line.bbox.x1);
      }
    }
  });

  it.runIf(process.platform === 'linux')('runs tesseract in a thread at nice 19 while the main thread stays at its priority', () => {
    const nice = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const tasks = readdirSync('/proc/self/task');
    expect(nice(String(process.pid))).toBeLessThan(19);
    expect(tasks.some((t) => nice(t) === 19)).toBe(true);
  });

  it('queues jobs in order; a cancelled queued job rejects and the others still finish', async () => {
    const small = await renderSamplePage(SAMPLE_LINES.slice(1, 2), { dpi: 200 });
    const abort = new AbortController();
    const first = pool.recognize(small.png, small);
    const second = pool.recognize(small.png, small, abort.signal);
    const third = pool.recognize(small.png, small);
    expect(pool.queued).toBeGreaterThanOrEqual(2);
    abort.abort();
    await expect(second).rejects.toBeInstanceOf(OcrCancelledError);
    const [a, c] = await Promise.all([first, third]);
    expect(a.text).toContain('AB-12345');
    expect(c.text).toBe(a.text);
  }, 30_000);

  it('cancels a running job by replacing its worker; the pool keeps working', async () => {
    const abort = new AbortController();
    const running = pool.recognize(sample.png, sample, abort.signal);
    await new Promise((r) => setTimeout(r, 150));
    abort.abort();
    await expect(running).rejects.toBeInstanceOf(OcrCancelledError);
    const again = await pool.recognize(sample.png, sample);
    expect(again.text).toBe(page.text);
  }, 60_000);

  it('fails for a language not installed instead of downloading it', async () => {
    const other = createOcrPool({ languages: 'deu' });
    try {
      await expect(other.recognize(sample.png, sample)).rejects.toThrow(/OCR language "deu" is not installed/);
    } finally {
      await other.close();
    }
  }, 30_000);

  it('fails a job that runs too long and replaces its worker', async () => {
    const impatient = createOcrPool({ jobTimeoutMs: 300 });
    try {
      const t0 = performance.now();
      await expect(impatient.recognize(sample.png, sample)).rejects.toBeInstanceOf(OcrTimeoutError);
      expect(performance.now() - t0).toBeLessThan(5_000);
      await expect(impatient.recognize(sample.png, sample)).rejects.toMatchObject({ code: 'OCR_TIMEOUT' });
    } finally {
      await impatient.close();
    }
  }, 30_000);

  it('rejects new jobs after close', async () => {
    const other = createOcrPool();
    await other.close();
    await expect(other.recognize(sample.png, sample)).rejects.toBeInstanceOf(OcrCancelledError);
  });
});

describe('offline', () => {
  const unshare = async () => run('unshare', ['-rn', 'true']).then(() => true, () => false);

  it('recognises with no network at all (a fresh process in an empty network namespace)', async (ctx) => {
    if (process.platform !== 'linux' || !(await unshare())) ctx.skip();
    const dir = mkdtempSync(path.join(tmpdir(), 'ocr-offline-'));
    try {
      const script = path.join(dir, 'offline.mts');
      const root = process.cwd();
      writeFileSync(
        script,
        `import { createOcrPool } from ${JSON.stringify(path.join(root, 'native/ocr/ocrPool.ts'))};
import { renderSamplePage } from ${JSON.stringify(path.join(root, 'test/support/ocrSamplePage.ts'))};
const online = await fetch('https://cdn.jsdelivr.net/').then(() => 'reachable', () => 'unreachable');
const page = await renderSamplePage(['کد رهگیری AB-12345 را نگه دارید.'], { dpi: 200 });
const pool = createOcrPool();
const ocr = await pool.recognize(page.png, page);
await pool.close();
console.log(JSON.stringify({ online, text: ocr.text }));
`,
      );
      const { stdout } = await run('unshare', ['-rn', path.join(root, 'node_modules/.bin/tsx'), script], { cwd: root, timeout: 60_000 });
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as { online: string; text: string };
      expect(result.online).toBe('unreachable');
      expect(result.text).toContain('AB-12345');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
