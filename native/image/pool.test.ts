import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RawPage } from '../capture/types';
import { ImagePool, ImagePoolClosedError } from './pool';
import { samplePage, samplePgm, type SamplePage } from '../../test/support/samplePages';

// Small pages (A4 at 100 dpi) keep these tests quick; the pipeline's own tests use 300 dpi.
let petition: SamplePage;
let blank: SamplePage;
const rawPage = (p: SamplePage, index: number): RawPage => ({ index, data: samplePgm(p), mime: 'image/x-portable-anymap', dpi: p.dpi });

beforeAll(async () => {
  petition = await samplePage('petition', { seed: 31, dpi: 100, angleDeg: 4 });
  blank = await samplePage('blankBleed', { seed: 32, dpi: 100, angleDeg: -3 });
}, 60_000);

const pools: ImagePool[] = [];
const newPool = (...args: ConstructorParameters<typeof ImagePool>) => {
  const pool = new ImagePool(...args);
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('ImagePool', () => {
  it('processes pages on worker threads, as many at once as it has workers, and keeps the event loop free', async () => {
    const pool = newPool({ size: 2 });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let maxRunning = 0;
    const watch = setInterval(() => (maxRunning = Math.max(maxRunning, pool.running)), 5);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.process(rawPage(i % 2 ? blank : petition, i), { colorMode: 'grey' })));
    clearInterval(watch);
    delay.disable();
    expect(maxRunning).toBe(2);
    expect(results.map((r) => r.blank)).toEqual([false, true, false, true, false, true]);
    for (const r of results) {
      expect(Buffer.isBuffer(r.image)).toBe(true);
      expect(r.image.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8])); // JPEG
    }
    expect(Math.abs(results[0]!.deskewDeg - 4)).toBeLessThanOrEqual(0.2);
    // the pipeline's work (hundreds of ms a page) never runs on this thread
    expect(delay.max / 1e6).toBeLessThan(250);
  }, 60_000);

  it('pulls pages from the scan only while fewer than maxInFlight are unfinished (back-pressure), in order', async () => {
    const pool = newPool({ size: 2, maxInFlight: 3 });
    let pulled = 0;
    let yielded = 0;
    let maxAhead = 0;
    async function* scan(): AsyncGenerator<RawPage> {
      for (let i = 0; i < 12; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - yielded);
        yield rawPage(i % 3 === 2 ? blank : petition, i);
      }
    }
    const indexes: number[] = [];
    for await (const page of pool.processAll(scan(), { colorMode: 'grey' })) {
      yielded++;
      indexes.push(page.blank ? -1 : 1);
      await new Promise((r) => setTimeout(r, 30)); // a slow consumer (writing to disk)
    }
    expect(yielded).toBe(12);
    expect(maxAhead).toBeLessThanOrEqual(3);
    expect(indexes).toEqual(Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? -1 : 1)));
  }, 90_000);

  it('fails a bad page with the pipeline’s ScannerError and goes on', async () => {
    const pool = newPool({ size: 1 });
    const bad = pool.process({ index: 1, data: Buffer.from('garbage'), mime: 'image/png', dpi: 300 }, { colorMode: 'grey' });
    await expect(bad).rejects.toMatchObject({ name: 'ScannerError', code: 'BAD_DATA' });
    await expect(bad).rejects.toThrow(/^BAD_DATA: page 1/);
    expect((await pool.process(rawPage(petition, 2), { colorMode: 'grey' })).blank).toBe(false);
  }, 60_000);

  it('replaces a worker that crashes: its page fails with an error, the other pages are processed', async () => {
    const pool = newPool({ size: 2, workerFile: path.resolve('test/support/crashingImageWorker.ts') });
    const jobs = [0, 666, 2, 3, 4].map((i) => pool.process(rawPage(petition, i), { colorMode: 'grey' }));
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/died while processing page 666.*exited with code 70/);
    expect(pool.workersStarted).toBe(3);
    // and the replacement works
    expect((await pool.process(rawPage(blank, 5), { colorMode: 'grey' })).blank).toBe(true);
  }, 90_000);

  it('close() ends the workers; pages still waiting fail with ImagePoolClosedError, later ones too', async () => {
    const pool = newPool({ size: 1 });
    const jobs = [0, 1, 2].map((i) => pool.process(rawPage(petition, i), { colorMode: 'grey' }));
    for (const j of jobs) j.catch(() => undefined);
    await pool.close();
    for (const j of jobs) await expect(j).rejects.toBeInstanceOf(ImagePoolClosedError);
    await expect(pool.process(rawPage(petition, 3), { colorMode: 'grey' })).rejects.toBeInstanceOf(ImagePoolClosedError);
  }, 30_000);
});
