import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScannerError, type RawPage } from '../capture/types';
import { processPage } from './pipeline';
import { samplePage, samplePgm, samplePng, type SamplePage, type SamplePageKind } from '../../test/support/samplePages';
import type { ProcessedPage } from './types';

/** The Compression tag (259) of a little-endian TIFF's first IFD. */
function tiffCompression(tiff: Buffer): number | undefined {
  if (tiff.toString('latin1', 0, 2) !== 'II') return undefined;
  const ifd = tiff.readUInt32LE(4);
  const entries = tiff.readUInt16LE(ifd);
  for (let i = 0; i < entries; i++) {
    const e = ifd + 2 + i * 12;
    if (tiff.readUInt16LE(e) === 259) return tiff.readUInt16LE(e + 8);
  }
  return undefined;
}

const asPgm = (p: SamplePage, index = 0): RawPage => ({ index, data: samplePgm(p), mime: 'image/x-portable-anymap', dpi: p.dpi });

describe('deskew and crop on scanned A4 pages at 300 dpi', () => {
  const angles = [-9.6, -6.25, -2.1, -0.4, 0, 0.8, 3.33, 7.05, 9.9];
  const results: { page: SamplePage; out: ProcessedPage }[] = [];
  beforeAll(async () => {
    for (const [i, angleDeg] of angles.entries()) {
      const kind: SamplePageKind = (['petition', 'form', 'idCard', 'blankNoise'] as const)[i % 4]!;
      const page = await samplePage(kind, { seed: 100 + i, angleDeg });
      results.push({ page, out: await processPage(asPgm(page), { colorMode: 'grey' }) });
    }
  }, 240_000);

  it('finds the skew within 0.2° on every page, 0.1° on average', () => {
    const errors = results.map(({ page, out }) => Math.abs(out.deskewDeg - page.truth.angleDeg));
    for (const e of errors) expect(e).toBeLessThanOrEqual(0.2);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThanOrEqual(0.1);
  });

  it('crops to the paper: every side within 6 px (0.5 mm) of the truth, A4 size out', () => {
    for (const { page, out } of results) {
      const t = page.truth.paperBox;
      const c = out.crop!;
      expect(c).not.toBeNull();
      expect(Math.abs(c.left - t.left)).toBeLessThanOrEqual(6);
      expect(Math.abs(c.top - t.top)).toBeLessThanOrEqual(6);
      expect(Math.abs(c.left + c.width - (t.left + t.width))).toBeLessThanOrEqual(6);
      expect(Math.abs(c.top + c.height - (t.top + t.height))).toBeLessThanOrEqual(6);
      expect(Math.abs(out.widthPx - 2480)).toBeLessThanOrEqual(6);
      expect(Math.abs(out.heightPx - 3508)).toBeLessThanOrEqual(6);
    }
  });

  it('leaves no dark lid in the stored page: its outermost rows and columns are paper', async () => {
    for (const { out } of results) {
      const { data, info } = await sharp(out.image).greyscale().raw().toBuffer({ resolveWithObject: true });
      const edgeMean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const w = info.width;
      const h = info.height;
      const top = Array.from({ length: w }, (_, x) => data[2 * w + x]!);
      const left = Array.from({ length: h }, (_, y) => data[y * w + 2]!);
      const right = Array.from({ length: h }, (_, y) => data[y * w + w - 3]!);
      const bottom = Array.from({ length: w }, (_, x) => data[(h - 3) * w + x]!);
      for (const side of [top, left, right, bottom]) expect(edgeMean(side)).toBeGreaterThan(200);
    }
  });

  it('deskews by the text when there is no dark border (a white lid), and does not crop', async () => {
    const page = await samplePage('petition', { seed: 7, angleDeg: -3.7, lid: 'white' });
    const out = await processPage(asPgm(page), { colorMode: 'grey' });
    expect(Math.abs(out.deskewDeg - -3.7)).toBeLessThanOrEqual(0.2);
    expect(out.crop).toBeNull();
  }, 60_000);

  it('does nothing to the geometry with deskew and crop off', async () => {
    const { page } = results[1]!;
    const out = await processPage(asPgm(page), { colorMode: 'grey', deskew: false, crop: false });
    expect(out.deskewDeg).toBe(0);
    expect(out.crop).toBeNull();
    expect([out.widthPx, out.heightPx]).toEqual([page.width, page.height]);
  }, 60_000);
});

describe('blank detection', () => {
  // Hard cases on both sides: backs with grain, dust, bleed-through, punched holes, an ADF streak;
  // content that is almost nothing (one short line, a signature alone).
  const cases: { kind: SamplePageKind; seed: number }[] = [
    ...(['blankNoise', 'blankBleed', 'blankHoles', 'blankStreak', 'shortLine', 'signature'] as const).flatMap((kind) => [
      { kind, seed: 11 },
      { kind, seed: 12 },
    ]),
    { kind: 'petition', seed: 13 },
    { kind: 'form', seed: 13 },
  ];
  const results: { page: SamplePage; out: ProcessedPage }[] = [];
  beforeAll(async () => {
    for (const { kind, seed } of cases) {
      const page = await samplePage(kind, { seed });
      results.push({ page, out: await processPage(asPgm(page), { colorMode: 'grey' }) });
    }
  }, 300_000);

  it('the blank backs are ones a naive threshold calls non-blank', () => {
    for (const { page } of results.filter((r) => r.page.truth.blank)) {
      // darker than mid-grey anywhere inside the paper (the lid excluded)
      const b = page.truth.paperBox;
      let dark = 0;
      for (let y = Math.ceil(b.top + 200); y < b.top + b.height - 200; y += 2) {
        for (let x = Math.ceil(b.left + 200); x < b.left + b.width - 200; x += 2) if (page.grey[y * page.width + x]! < 128) dark++;
      }
      expect(dark, page.kind).toBeGreaterThan(0);
    }
  });

  it('flags every blank back and no content page, whatever the skew', () => {
    for (const { page, out } of results) expect({ kind: page.kind, blank: out.blank }).toEqual({ kind: page.kind, blank: page.truth.blank });
  });

  it('keeps blank pages: flagged, still encoded with their view and thumbnail', () => {
    const blank = results.find((r) => r.out.blank)!.out;
    expect(blank.image.length).toBeGreaterThan(1000);
    expect(blank.view.length).toBeGreaterThan(100);
    expect(blank.thumb.length).toBeGreaterThan(100);
  });

  it('reports the ink ratio it decided on, with a margin on both sides of the threshold', () => {
    const blanks = results.filter((r) => r.page.truth.blank).map((r) => r.out.inkRatio);
    const content = results.filter((r) => !r.page.truth.blank).map((r) => r.out.inkRatio);
    expect(Math.max(...blanks)).toBeLessThan(Math.min(...content) / 3);
  });
});

describe('encoding and metadata', () => {
  let page: SamplePage;
  let png: Buffer;
  beforeAll(async () => {
    page = await samplePage('petition', { seed: 21, angleDeg: 2.5 });
    png = await samplePng(page);
  }, 60_000);

  it('grey: a JPEG with the page dpi in its metadata, a ~1400 px view and a ~160 px thumbnail', async () => {
    const out = await processPage({ index: 0, data: png, mime: 'image/png', dpi: 300 }, { colorMode: 'grey' });
    expect(out.mime).toBe('image/jpeg');
    const meta = await sharp(out.image).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.density).toBe(300);
    expect(meta.channels).toBe(1);
    expect([meta.width, meta.height]).toEqual([out.widthPx, out.heightPx]);
    expect((await sharp(out.view).metadata()).height).toBe(1400);
    expect((await sharp(out.thumb).metadata()).width).toBe(160);
    expect(out.image.length).toBeLessThan(800_000);
  }, 60_000);

  it('writes the dpi the device reported, not a fixed 300', async () => {
    const out = await processPage({ index: 0, data: png, mime: 'image/png', dpi: 200 }, { colorMode: 'grey' });
    expect(out.dpi).toBe(200);
    expect((await sharp(out.image).metadata()).density).toBe(200);
  }, 60_000);

  it('bw: a 1-bit CCITT G4 TIFF with the dpi', async () => {
    const out = await processPage(asPgm(page), { colorMode: 'bw' });
    expect(out.mime).toBe('image/tiff');
    const meta = await sharp(out.image).metadata();
    expect(meta.format).toBe('tiff');
    expect(tiffCompression(out.image)).toBe(4); // TIFF tag 259: 4 = CCITT T.6 (Group 4)
    expect(meta.bitsPerSample).toBe(1);
    expect(meta.density).toBe(300);
    // two levels only, and the text survived: some black, mostly white
    const { data } = await sharp(out.image).greyscale().raw().toBuffer({ resolveWithObject: true });
    let black = 0;
    let other = 0;
    for (const v of data) {
      if (v === 0) black++;
      else if (v !== 255) other++;
    }
    expect(other).toBe(0);
    expect(black / data.length).toBeGreaterThan(0.005);
    expect(black / data.length).toBeLessThan(0.2);
  }, 60_000);

  it('colour: a three-channel JPEG', async () => {
    const out = await processPage({ index: 0, data: png, mime: 'image/png', dpi: 300 }, { colorMode: 'color' });
    const meta = await sharp(out.image).metadata();
    expect(meta.channels).toBe(3);
    expect(Math.abs(out.deskewDeg - 2.5)).toBeLessThanOrEqual(0.2);
  }, 60_000);

  it('turns the page by the clerk’s rotation after deskew and crop', async () => {
    const upright = await processPage(asPgm(page), { colorMode: 'grey' });
    const turned = await processPage(asPgm(page), { colorMode: 'grey', rotate: 90 });
    expect([turned.widthPx, turned.heightPx]).toEqual([upright.heightPx, upright.widthPx]);
    expect(turned.crop).toEqual(upright.crop);
    // clockwise: the page's top (its title) is now on the right
    const { data, info } = await sharp(turned.view).greyscale().raw().toBuffer({ resolveWithObject: true });
    const inkIn = (x0: number, x1: number) => {
      let n = 0;
      for (let y = 0; y < info.height; y++) for (let x = x0; x < x1; x++) if (data[y * info.width + x]! < 128) n++;
      return n;
    };
    expect(inkIn(Math.floor(info.width * 0.75), info.width)).toBeGreaterThan(inkIn(0, Math.floor(info.width * 0.25)) * 3);
  }, 60_000);
});

describe('bad input', () => {
  const page = (data: Buffer, mime: RawPage['mime'] = 'image/png'): RawPage => ({ index: 3, data, mime, dpi: 300 });
  const expectCode = async (p: Promise<unknown>, code: string) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ScannerError);
    expect((err as ScannerError).code).toBe(code);
  };

  it('refuses bytes that are not an image, an empty page and a truncated PNG with BAD_DATA', async () => {
    await expectCode(processPage(page(Buffer.from('this is not an image at all')), { colorMode: 'grey' }), 'BAD_DATA');
    await expectCode(processPage(page(Buffer.alloc(0)), { colorMode: 'grey' }), 'BAD_DATA');
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#888' } }).png().toBuffer();
    await expectCode(processPage(page(png.subarray(0, png.length / 2)), { colorMode: 'grey' }), 'BAD_DATA');
    await expectCode(processPage(page(Buffer.from('P5\n100 100\n255\nshort'), 'image/x-portable-anymap'), { colorMode: 'grey' }), 'BAD_DATA');
  });

  it('refuses an image over the pixel limit with FILE_TOO_LARGE before decoding it', async () => {
    const png = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#fff' } }).png().toBuffer();
    await expectCode(processPage(page(png), { colorMode: 'grey', limitInputPixels: 1_000_000 }), 'FILE_TOO_LARGE');
    await expectCode(processPage(page(Buffer.from('P5\n3000 3000\n255\n'), 'image/x-portable-anymap'), { colorMode: 'grey', limitInputPixels: 1_000_000 }), 'FILE_TOO_LARGE');
  });
});
