/**
 * `npm run bench -- capture`: the image pipeline against unpaper on the same scanned pages.
 *
 *   Pages: 50 sample pages (scripts/demo/samplePages.ts: A4, 300 dpi, grey, ±10° on a dark lid, with
 *   hard blank/near-blank cases), written once as PNG (ours) and PGM (unpaper's input) to a temp
 *   dir, reused by later runs with the same seed.
 *   pipeline_pages_per_s        ImagePool (one worker per core) over the PNGs, read from disk as it goes
 *   unpaper_pages_per_s         unpaper 7 on the same pages as PGM, deskew on (range widened to ±10°),
 *                               two processes at a time: both sides get both cores
 *   deskew_mean_abs_error_deg   ours vs the truth; unpaper's from its -v "rotate" line
 *   blank_detection_f1          blank = positive class
 *   peak_rss_mb_500_pages       a child process streams 500 pages from disk through the pool; the
 *                               kernel's high-water mark (VmHWM) of its RSS, workers included
 *
 * Env: BENCH_CAPTURE_PAGES (default 50), BENCH_UNPAPER_PAGES (default all of them),
 * BENCH_RSS_PAGES (default 500), BENCH_CAPTURE_SEED (default 1).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RawPage } from '../../native/capture/types';
import { ImagePool } from '../../native/image/pool';
import { samplePage, samplePageKinds, samplePgm, samplePng, type SampleTruth } from '../../test/support/samplePages';
import type { ProcessedPage } from '../../native/image/types';
import { childBuild } from '../buildNodeOptions.mjs';
import { withBoundedArenas } from '../../workstation/agentProcess';

const run = promisify(execFile);

interface Fixture {
  readonly png: string;
  readonly pgm: string;
  readonly truth: SampleTruth;
}

/** Makes (or finds from an earlier run) the sample pages on disk. */
export async function captureFixtures(count: number, seed: number): Promise<Fixture[]> {
  const dir = path.join(tmpdir(), `daftaryar-capture-fixtures-v1-s${seed}-n${count}`);
  const manifest = path.join(dir, 'manifest.json');
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as Fixture[];
  mkdirSync(dir, { recursive: true });
  const fixtures: Fixture[] = [];
  for (let i = 0; i < count; i++) {
    const page = await samplePage(samplePageKinds[i % samplePageKinds.length]!, { seed: seed * 1000 + i });
    const base = path.join(dir, `page-${String(i).padStart(3, '0')}-${page.kind}`);
    writeFileSync(`${base}.png`, await samplePng(page));
    writeFileSync(`${base}.pgm`, samplePgm(page));
    fixtures.push({ png: `${base}.png`, pgm: `${base}.pgm`, truth: page.truth });
  }
  writeFileSync(manifest, JSON.stringify(fixtures));
  return fixtures;
}

/** Pages read from disk one at a time, as a scanner driver would hand them over. */
export async function* pagesFromDisk(files: readonly string[], total: number): AsyncGenerator<RawPage> {
  for (let i = 0; i < total; i++) {
    yield { index: i, data: await readFile(files[i % files.length]!), mime: 'image/png', dpi: 300 };
  }
}

function f1(truth: boolean[], found: boolean[]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  truth.forEach((t, i) => {
    if (t && found[i]) tp++;
    else if (!t && found[i]) fp++;
    else if (t && !found[i]) fn++;
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** unpaper on each PGM, `parallel` processes at a time; returns wall seconds and the rotation each reported. */
async function runUnpaper(pgms: readonly string[], parallel: number, outDir: string): Promise<{ seconds: number; angles: (number | null)[] }> {
  mkdirSync(outDir, { recursive: true });
  const angles: (number | null)[] = new Array(pgms.length).fill(null);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (;;) {
        const i = next++;
        if (i >= pgms.length) return;
        const out = path.join(outDir, `out-${i}.pgm`);
        // Defaults (its filters, mask detection, deskew, border) with the deskew range widened from ±5° to ±10°.
        const { stdout, stderr } = await run('unpaper', ['-v', '--overwrite', '--deskew-scan-range', '10', pgms[i]!, out], { maxBuffer: 16 << 20 });
        const m = /rotate \([^)]*\): (-?[\d.]+)/.exec(stdout + stderr);
        angles[i] = m ? Number(m[1]) : null;
        await rm(out, { force: true });
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, angles };
}

/**
 * Peak RSS of a child process streaming `pages` pages from disk through the pool
 * (scripts/bench/captureRss.ts). The child and the worker are bundled with esbuild the way
 * scripts/build-node.mjs bundles the app, and run by plain node: the number is the shipped code's,
 * without tsx's compiler loaded into every thread.
 */
async function peakRssMb(files: readonly string[], pages: number): Promise<{ peakMb: number; seconds: number }> {
  const outdir = path.resolve('dist/bench-capture');
  const { build } = await import('esbuild');
  await build(childBuild({ captureRss: 'scripts/bench/captureRss.ts', imageWorker: 'native/image/worker.ts' }, outdir));
  return new Promise((resolve, reject) => {
    // with the malloc arenas a Linux hub runs with (README: MALLOC_ARENA_MAX=2 in its service unit)
    const env = withBoundedArenas(process.env);
    const child = spawn(process.execPath, [path.join(outdir, 'captureRss.js'), String(pages), ...files], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`captureRss exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as { peakMb: number; seconds: number });
    });
  });
}

export async function benchCapture(): Promise<Record<string, number | string>> {
  const count = Number(process.env.BENCH_CAPTURE_PAGES ?? 50);
  const seed = Number(process.env.BENCH_CAPTURE_SEED ?? 1);
  const unpaperPages = Math.min(count, Number(process.env.BENCH_UNPAPER_PAGES ?? count));
  const rssPages = Number(process.env.BENCH_RSS_PAGES ?? 500);
  const cores = availableParallelism();
  const fixtures = await captureFixtures(count, seed);

  // 1. ours: the pool over the PNGs, workers started (and warmed on one page) before the clock starts
  const pool = new ImagePool();
  await pool.process((await pagesFromDisk([fixtures[0]!.png], 1).next()).value as RawPage, { colorMode: 'grey' });
  const results: ProcessedPage[] = [];
  const t0 = performance.now();
  for await (const page of pool.processAll(pagesFromDisk(fixtures.map((f) => f.png), count), { colorMode: 'grey' })) results.push(page);
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  const deskewErrors = results.map((r, i) => Math.abs(r.deskewDeg - fixtures[i]!.truth.angleDeg));
  const blankF1 = f1(
    fixtures.map((f) => f.truth.blank),
    results.map((r) => r.blank),
  );
  const storedKb = mean(results.map((r) => r.image.length)) / 1024;

  // 2. unpaper: the same pages as PGM, as many processes as we have cores
  const unpaper = await runUnpaper(
    fixtures.slice(0, unpaperPages).map((f) => f.pgm),
    cores,
    path.join(tmpdir(), `daftaryar-unpaper-out-${process.pid}`),
  );
  await rm(path.join(tmpdir(), `daftaryar-unpaper-out-${process.pid}`), { recursive: true, force: true });
  const truthAngles = fixtures.slice(0, unpaperPages).map((f) => f.truth.angleDeg);
  // unpaper's sign convention is not documented for -v; take whichever sign fits better (its favour).
  const unpaperError = (sign: 1 | -1) => mean(unpaper.angles.map((a, i) => Math.abs((a ?? 0) * sign - truthAngles[i]!)));
  const unpaperDeskewError = Math.min(unpaperError(1), unpaperError(-1));

  // 3. memory: 500 pages streamed through the pool in a fresh process
  const rss = await peakRssMb(
    fixtures.map((f) => f.png),
    rssPages,
  );

  const pipelinePagesPerS = count / seconds;
  const unpaperPagesPerS = unpaperPages / unpaper.seconds;
  return {
    bench: 'capture',
    pages: count,
    page: 'A4 300dpi grey PNG, ±10° on a dark lid',
    cores,
    pipeline_workers: cores,
    pipeline_pages_per_s: round(pipelinePagesPerS, 2),
    unpaper_pages: unpaperPages,
    unpaper_parallel_processes: cores,
    unpaper_pages_per_s: round(unpaperPagesPerS, 3),
    ratio_vs_unpaper: round(pipelinePagesPerS / unpaperPagesPerS, 1),
    deskew_mean_abs_error_deg: round(mean(deskewErrors), 3),
    deskew_max_abs_error_deg: round(Math.max(...deskewErrors), 3),
    unpaper_deskew_mean_abs_error_deg: round(unpaperDeskewError, 3),
    unpaper_angles_reported: unpaper.angles.filter((a) => a !== null).length,
    blank_detection_f1: round(blankF1, 3),
    stored_jpeg_kb_mean: Math.round(storedKb),
    rss_pages: rssPages,
    peak_rss_mb_500_pages: Math.round(rss.peakMb),
    rss_run_pages_per_s: round(rssPages / rss.seconds, 2),
  };
}
