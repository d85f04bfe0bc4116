/**
 * OCR speed: our pool (tesseract.js, one worker, fas+eng) against the native `tesseract` CLI on the
 * same pages, one thread each (OMP_THREAD_LIMIT=1). Both are measured warm: our worker recognises
 * one page before the clock starts; the CLI gets all pages in one run (a list file), so its models
 * load once. Ours returns the block/line/word tree as well; the CLI writes plain text.
 *
 *   tsx scripts/bench/ocr.ts [pages]     — renders `pages` (default 4) A4 sample pages and prints JSON
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { createOcrPool } from '../../native/ocr/ocrPool';
import { renderSamplePage, SAMPLE_LINES } from '../../test/support/ocrSamplePage';

const run = promisify(execFile);

export interface OcrBench {
  ocr_s_per_page: number;
  native_tesseract_s_per_page: number;
  /** ours ÷ native; the target is ≤ 1.5 */
  ocr_vs_native: number;
  /**
   * Native with *our* models (4.0.0_best_int from npm, via --tessdata-dir): Debian's
   * tesseract-ocr-fas/eng are the smaller, faster tessdata_fast models, so this is the engine-only
   * comparison.
   */
  native_same_models_s_per_page: number;
  /** native with our setting too (`-c tessedit_do_invert=0`, native/ocr/ocrPool.ts): the engine-only ratio */
  native_same_settings_s_per_page: number;
  ocr_vs_native_same_settings: number;
}

export async function benchOcr(pages: Buffer[]): Promise<OcrBench> {
  if (pages.length === 0) throw new Error('benchOcr needs at least one page');
  const sizes = await Promise.all(pages.map(async (p) => {
    const m = await sharp(p).metadata();
    return { widthPx: m.width ?? 0, heightPx: m.height ?? 0 };
  }));

  const pool = createOcrPool({ workers: 1 });
  let ours: number;
  try {
    await pool.recognize(pages[0]!, sizes[0]!); // worker start and model load are not per-page costs
    const t0 = performance.now();
    for (const [i, page] of pages.entries()) await pool.recognize(page, sizes[i]!);
    ours = (performance.now() - t0) / 1000 / pages.length;
  } finally {
    await pool.close();
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'bench-ocr-'));
  let native: number;
  let nativeSameModels: number;
  let nativeSameSettings: number;
  try {
    const files = pages.map((p, i) => {
      const file = path.join(dir, `page-${i}.png`);
      writeFileSync(file, p);
      return file;
    });
    const list = path.join(dir, 'pages.txt');
    writeFileSync(list, files.join('\n') + '\n');
    const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
    const models = path.join(dir, 'tessdata');
    mkdirSync(models);
    const scope = path.dirname(path.dirname(createRequire(import.meta.filename).resolve('@tesseract.js-data/fas/package.json')));
    for (const code of ['fas', 'eng']) {
      writeFileSync(path.join(models, `${code}.traineddata`), gunzipSync(readFileSync(path.join(scope, code, '4.0.0_best_int', `${code}.traineddata.gz`))));
    }
    const timeNative = async (extra: string[]) => {
      // warm the page cache and the binary the same way
      await run('tesseract', [...extra, files[0]!, path.join(dir, 'warm'), '-l', 'fas+eng'], { env });
      const t0 = performance.now();
      await run('tesseract', [...extra, list, path.join(dir, 'out'), '-l', 'fas+eng'], { env, maxBuffer: 64 << 20 });
      return (performance.now() - t0) / 1000 / pages.length;
    };
    native = await timeNative([]);
    nativeSameModels = await timeNative(['--tessdata-dir', models]);
    nativeSameSettings = await timeNative(['-c', 'tessedit_do_invert=0']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { ocr_s_per_page: round(ours), native_tesseract_s_per_page: round(native), ocr_vs_native: round(ours / native), native_same_models_s_per_page: round(nativeSameModels), native_same_settings_s_per_page: round(nativeSameSettings), ocr_vs_native_same_settings: round(ours / nativeSameSettings) };
}

/** A4 pages at 300 dpi, 24 lines of the sample text each. */
export async function benchPages(count: number): Promise<Buffer[]> {
  const lines = Array.from({ length: 24 }, (_, i) => SAMPLE_LINES[i % SAMPLE_LINES.length]!);
  const page = await renderSamplePage(lines, { dpi: 300, heightMm: 297 });
  return Array.from({ length: count }, () => page.png);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  const count = Number(process.argv[2] ?? 4);
  console.log(JSON.stringify({ bench: 'ocr', pages: count, ...(await benchOcr(await benchPages(count))) }));
}
