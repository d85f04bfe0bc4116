import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { patternPage } from '../../test/support/capturePages';
import { SaneDriver } from '../../native/capture/sane';
import { startEsclSimulator, type EsclServedPage, type EsclSimulator } from './esclSimulator';

// The simulator checked by an independent eSCL client: Debian's sane-airscan through scanimage.
const run = promisify(execFile);

/** mean absolute difference per sample between two raw images of the same size and channels */
function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

async function expectSamePixels(file: Buffer, served: EsclServedPage): Promise<void> {
  const decoded = served.channels === 1 ? sharp(file).toColourspace('b-w') : sharp(file).removeAlpha();
  const { data, info } = await decoded.raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([served.width, served.height, served.channels]);
  // JPEG at q90 differs a little; a padded, shifted or blank image differs by tens
  expect(meanAbsDiff(data, served.pixels)).toBeLessThan(4);
}

let dir = '';
let sim: EsclSimulator | null = null;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'escl-airscan-'));
});
afterEach(async () => {
  await sim?.close();
  sim = null;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function airscanConfig(s: EsclSimulator): Promise<NodeJS.ProcessEnv> {
  await writeFile(path.join(dir, 'dll.conf'), 'airscan\n');
  await writeFile(path.join(dir, 'airscan.conf'), `[devices]\n"Sim" = ${s.url}, eSCL\n\n[options]\ndiscovery = disable\n`);
  return { ...process.env, SANE_CONFIG_DIR: dir };
}

describe('eSCL simulator, read by sane-airscan', () => {
  it('serves a flatbed JPEG page that airscan turns into the same pixels (colour, 75 dpi)', async () => {
    const pages = [await patternPage(600, 840)];
    sim = await startEsclSimulator({ pages, maxWidth: 1200, maxHeight: 1680, formats: ['image/jpeg'] });
    const env = await airscanConfig(sim);
    const out = path.join(dir, 'flatbed.png');
    await run('scanimage', ['-d', 'airscan:e0:Sim', '--format=png', '--resolution=75', '--mode=Color', '-o', out], { env, timeout: 15_000 });
    expect(sim.served).toHaveLength(1);
    const served = sim.served[0]!;
    expect(served.format).toBe('image/jpeg');
    // 1200/300 inch × 75 dpi = 300 px wide, 1680/300 × 75 = 420 px high
    expect([served.width, served.height]).toEqual([300, 420]);
    await expectSamePixels(await readFile(out), served);
    // the protocol as airscan walked it
    const paths = sim.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, 'J')} ${r.status}`);
    expect(paths).toContain('GET /eSCL/ScannerCapabilities 200');
    expect(paths).toContain('POST /eSCL/ScanJobs 201');
    expect(paths).toContain('GET /eSCL/ScanJobs/J/NextDocument 200');
    expect(sim.postedSettings[0]).toContain('<pwg:InputSource>Platen</pwg:InputSource>');
  });

  it('serves an ADF batch of 3 grey pages that airscan reads page by page, retrying 503s', async () => {
    const pages = await Promise.all([0, 1, 2].map((seed) => patternPage(400, 560, seed)));
    sim = await startEsclSimulator({ pages, maxWidth: 1200, maxHeight: 1680, faults: { notReadyCount: 1 } });
    const env = await airscanConfig(sim);
    const batch = path.join(dir, 'adf');
    await rm(batch, { recursive: true, force: true });
    await run('mkdir', [batch]);
    await run(
      'scanimage',
      ['-d', 'airscan:e0:Sim', '--source=ADF', '--mode=Gray', '--resolution=100', '--format=png', `--batch=${batch}/p%d.png`],
      { env, timeout: 30_000 },
    );
    expect((await readdir(batch)).sort()).toEqual(['p1.png', 'p2.png', 'p3.png']);
    expect(sim.served).toHaveLength(3);
    expect(sim.served[0]!.format).toBe('image/png'); // airscan prefers PNG when offered
    expect(sim.requests.some((r) => r.status === 503)).toBe(true);
    for (const [i, name] of ['p1.png', 'p2.png', 'p3.png'].entries()) {
      await expectSamePixels(await readFile(path.join(batch, name)), sim.served[i]!);
    }
    // pages are different sheets, in order: page 1 and 2 must not look alike
    expect(meanAbsDiff(sim.served[0]!.pixels, sim.served[1]!.pixels)).toBeGreaterThan(10);
    expect(sim.postedSettings.some((x) => x.includes('<pwg:InputSource>Feeder</pwg:InputSource>'))).toBe(true);
  });

  it('is scanned by our SaneDriver through airscan too: 3 ADF pages, same pixels, then the feeder is empty', async () => {
    const pages = await Promise.all([0, 1, 2].map((seed) => patternPage(300, 420, seed)));
    sim = await startEsclSimulator({ pages, maxWidth: 1200, maxHeight: 1680 });
    const sane = new SaneDriver({ env: await airscanConfig(sim) });
    expect((await sane.capabilities('airscan:e0:Sim')).sources).toEqual(['flatbed', 'adf']);
    const got = [];
    for await (const page of sane.scan('airscan:e0:Sim', { source: 'adf', dpi: 75, colorMode: 'grey' })) got.push(page);
    expect(got).toHaveLength(3);
    for (const [i, page] of got.entries()) await expectSamePixels(page.data, sim.served[i]!);
  });
});
