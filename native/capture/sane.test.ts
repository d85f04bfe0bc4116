import { mkdtemp, copyFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaneDriver, type SaneDriverOptions } from './sane';
import { parseSaneOptions, saneCapabilities } from './saneOptions';
import { ScannerError, type RawPage, type ScanSettings } from './types';
import { collect } from '../../test/support/capturePages';

// SANE's `test` backend is a real virtual device, enabled through a private SANE_CONFIG_DIR.
let configDir = '';
let tmpDir = '';
beforeAll(async () => {
  configDir = await mkdtemp(path.join(os.tmpdir(), 'sane-cfg-'));
  tmpDir = await mkdtemp(path.join(os.tmpdir(), 'sane-tmp-'));
  await writeFile(path.join(configDir, 'dll.conf'), 'test\n');
  await copyFile('/etc/sane.d/test.conf', path.join(configDir, 'test.conf'));
});
afterAll(async () => {
  await rm(configDir, { recursive: true, force: true });
  await rm(tmpDir, { recursive: true, force: true });
});

function driver(extra: Partial<SaneDriverOptions> = {}): SaneDriver {
  return new SaneDriver({ env: { ...process.env, SANE_CONFIG_DIR: configDir }, tmpDir, ...extra });
}

const adf: ScanSettings = { source: 'adf', dpi: 75, colorMode: 'grey' };
const flatbed: ScanSettings = { source: 'flatbed', dpi: 100, colorMode: 'color' };


function codeOf(error: unknown): string | null {
  return error instanceof ScannerError ? error.code : null;
}

describe('SaneDriver against the SANE test backend', () => {
  it('lists the test backend devices', async () => {
    const devices = await driver().listDevices();
    expect(devices.map((d) => d.id)).toEqual(['test:0', 'test:1']);
    expect(devices[0]).toEqual({ driver: 'sane', id: 'test:0', label: 'frontend-tester' });
  });

  it('lists no devices (an empty list, not an error) when no backend is configured', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'sane-empty-'));
    await writeFile(path.join(empty, 'dll.conf'), '');
    try {
      expect(await new SaneDriver({ env: { ...process.env, SANE_CONFIG_DIR: empty } }).listDevices()).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('reads sources, modes, resolutions and the bed size from scanimage -A', async () => {
    const caps = await driver().capabilities('test:0');
    expect(caps.sources).toEqual(['flatbed', 'adf']);
    expect(caps.colorModes).toEqual(['grey', 'color']);
    expect(caps.resolutions).toContain(75);
    expect(caps.resolutions).toContain(1200);
    expect(caps.maxWidthMm).toBe(200);
    expect(caps.maxHeightMm).toBe(200);
  });

  it('scans one flatbed page as a PNG of the asked resolution and mode', async () => {
    const { pages, error } = await collect(driver().scan('test:0', flatbed));
    expect(error).toBeNull();
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.mime).toBe('image/png');
    const meta = await sharp(page.data).metadata();
    // the test backend's default area is 80 × 100 mm: at 100 dpi, 315 × 394 pixels
    expect(meta.width).toBe(Math.floor((80 / 25.4) * 100));
    expect(meta.height).toBe(Math.floor((100 / 25.4) * 100));
    expect(meta.channels).toBe(3);
  });

  it('streams an ADF batch until the feeder is empty (10 sheets in the test backend), leaving no temp files', async () => {
    const { pages, error } = await collect(driver().scan('test:0', adf));
    expect(error).toBeNull();
    expect(pages.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const meta = await sharp(pages[3]!.data).metadata();
    expect(meta.channels).toBe(1);
    expect(await readdir(tmpDir)).toEqual([]);
  });

  it('imported documents sit unencrypted on disk (finding 4): a batch\'s pages never sit in a file, in its folder or in os.tmpdir()', async () => {
    // scanimage writes each page into a FIFO the driver reads: a page is in memory or in the pipe, never on disk
    const own = await mkdtemp(path.join(tmpDir, 'own-'));
    const sysTmp = await mkdtemp(path.join(tmpDir, 'system-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = sysTmp;
    const onDisk = async (root: string): Promise<string[]> => {
      const out: string[] = [];
      for (const e of await readdir(root, { recursive: true, withFileTypes: true })) if (e.isFile()) out.push(path.join(e.parentPath, e.name));
      return out;
    };
    try {
      const pages: RawPage[] = [];
      const seen: string[] = [];
      for await (const page of driver({ tmpDir: own }).scan('test:0', adf)) {
        pages.push(page);
        // give scanimage time to run ahead of us: what it wrote meanwhile is on disk now
        if (pages.length === 1 || pages.length === 5) await new Promise((r) => setTimeout(r, 400));
        seen.push(...(await onDisk(own)), ...(await onDisk(sysTmp)));
      }
      expect(pages).toHaveLength(10);
      for (const p of pages) expect((await sharp(p.data).metadata()).format).toBe('png');
      expect(seen).toEqual([]);
      expect(await readdir(own)).toEqual([]);
      expect(await readdir(sysTmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('reports an empty feeder before the first page as FEEDER_EMPTY', async () => {
    const d = driver({ extraScanArgs: ['--read-return-value=SANE_STATUS_NO_DOCS'] });
    const { pages, error } = await collect(d.scan('test:0', adf));
    expect(pages).toHaveLength(0);
    expect(codeOf(error)).toBe('FEEDER_EMPTY');
  });

  // retry: once in CI (2026-11-28, machine under heavy load) this scan never ended and the test timed
  // out; 60 runs under load since never repeated it. The driver now stops a silent scan (TIMEOUT, below).
  it('reports a jam as PAPER_JAM and yields no half page', { retry: 1, timeout: 45_000 }, async () => {
    const d = driver({ extraScanArgs: ['--read-return-value=SANE_STATUS_JAMMED'] });
    const { pages, error } = await collect(d.scan('test:0', adf));
    expect(pages).toHaveLength(0);
    expect(codeOf(error)).toBe('PAPER_JAM');
  });

  it('stops a scan that delivers no page in time as TIMEOUT, and the child is gone', async () => {
    let pid = 0;
    const d = driver({
      pageTimeoutMs: 300,
      extraScanArgs: ['--read-delay=yes', '--read-delay-duration=1000000'],
      onSpawn: (p) => {
        pid = p;
      },
    });
    const { pages, error } = await collect(d.scan('test:0', adf));
    expect(pages).toHaveLength(0);
    expect(codeOf(error)).toBe('TIMEOUT');
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('maps busy and cover-open statuses', async () => {
    const busy = await collect(driver({ extraScanArgs: ['--read-return-value=SANE_STATUS_DEVICE_BUSY'] }).scan('test:0', flatbed));
    expect(codeOf(busy.error)).toBe('DEVICE_BUSY');
    const cover = await collect(driver({ extraScanArgs: ['--read-return-value=SANE_STATUS_COVER_OPEN'] }).scan('test:0', flatbed));
    expect(codeOf(cover.error)).toBe('COVER_OPEN');
  });

  it('cancels mid-batch through the AbortSignal: CANCELLED, earlier pages kept, child gone', async () => {
    let pid = 0;
    const d = driver({
      extraScanArgs: ['--read-delay=yes', '--read-delay-duration=100000'],
      onSpawn: (p) => {
        pid = p;
      },
    });
    const controller = new AbortController();
    const got: RawPage[] = [];
    let error: unknown = null;
    try {
      for await (const page of d.scan('test:0', adf, controller.signal)) {
        got.push(page);
        controller.abort();
      }
    } catch (e) {
      error = e;
    }
    expect(codeOf(error)).toBe('CANCELLED');
    expect(got).toHaveLength(1);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('reports a scanimage killed mid-batch as DEVICE_GONE, keeping the pages already yielded', async () => {
    let pid = 0;
    const d = driver({
      extraScanArgs: ['--read-delay=yes', '--read-delay-duration=100000'],
      onSpawn: (p) => {
        pid = p;
      },
    });
    const got: RawPage[] = [];
    let error: unknown = null;
    try {
      for await (const page of d.scan('test:0', adf)) {
        got.push(page);
        if (got.length === 2) process.kill(pid, 'SIGKILL');
      }
    } catch (e) {
      error = e;
    }
    expect(codeOf(error)).toBe('DEVICE_GONE');
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(got.length).toBeLessThan(10);
  });

  it('refuses to start with an already aborted signal: CANCELLED, no child', async () => {
    let spawned = false;
    const d = driver({ onSpawn: () => (spawned = true) });
    const { error } = await collect(d.scan('test:0', flatbed, AbortSignal.abort()));
    expect(codeOf(error)).toBe('CANCELLED');
    expect(spawned).toBe(false);
  });

  it('reports an unknown device as DEVICE_NOT_FOUND', async () => {
    const { error } = await collect(driver().scan('nosuch:0', flatbed));
    expect(codeOf(error)).toBe('DEVICE_NOT_FOUND');
    await expect(driver().capabilities('test:9')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });

  it('refuses a source the device lacks as UNSUPPORTED', async () => {
    const { error } = await collect(driver().scan('test:0', { ...adf, source: 'adfDuplex' }));
    expect(codeOf(error)).toBe('UNSUPPORTED');
  });

  it('reports a missing scanimage as DRIVER_MISSING', async () => {
    const d = driver({ scanimagePath: path.join(tmpDir, 'no-scanimage-here') });
    await expect(d.listDevices()).rejects.toMatchObject({ code: 'DRIVER_MISSING' });
    const { error } = await collect(d.scan('test:0', flatbed));
    expect(codeOf(error)).toBe('DRIVER_MISSING');
  });
});

describe('parseSaneOptions', () => {
  it('reads a resolution list, a duplex feeder and lineart from a typical HP/Brother help text', () => {
    const help = [
      '  Scan mode:',
      '    --mode Lineart|Gray|Color [Color]',
      '    --resolution 75|100|150|200|300|600dpi [75]',
      '    --source Flatbed|ADF|ADF Duplex [Flatbed]',
      '  Geometry:',
      '    -x 0..215.9mm [215.9]',
      '    -y 0..355.6mm [355.6]',
    ].join('\n');
    const parsed = parseSaneOptions(help);
    expect(SaneDriver.scanArgs('hp:1', { source: 'adfDuplex', dpi: 300, colorMode: 'bw' }, parsed, '/t/p%04d.png')).toEqual([
      '-d',
      'hp:1',
      '--batch=/t/p%04d.png',
      '--batch-print',
      '--format=png',
      '--source=ADF Duplex',
      '--mode=Lineart',
      '--resolution=300',
    ]);
    expect(() => SaneDriver.scanArgs('hp:1', { source: 'flatbed', dpi: 1200, colorMode: 'bw' }, parsed, '/t/p.png')).toThrow(/UNSUPPORTED/);
    const caps = saneCapabilities(parsed);
    expect(caps).toEqual({
      sources: ['flatbed', 'adf', 'adfDuplex'],
      colorModes: ['bw', 'grey', 'color'],
      resolutions: [75, 100, 150, 200, 300, 600],
      maxWidthMm: 215.9,
      maxHeightMm: 355.6,
    });
  });
});
