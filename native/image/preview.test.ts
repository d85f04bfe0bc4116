import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { collect } from '../../test/support/capturePages';
import { importBuffer } from '../capture/importFile';
import { ScannerError } from '../capture/types';
import { previewOfPage } from './preview';

/** An A4 page at 150 dpi with a dark band across its top, grey PNG. */
async function page(): Promise<Buffer> {
  const w = 1240;
  const h = 1754;
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/><rect width="100%" height="200" fill="#000"/></svg>`))
    .greyscale()
    .png()
    .toBuffer();
}

describe('a page’s thumbnail and view from the driver’s own decode', () => {
  it('a scanner’s folder page comes with them (the truncation check’s decode); a clerk’s import does not', async () => {
    const png = await page();
    const [scanned] = (await collect(importBuffer(png, 'scan-001.png', { preview: true }))).pages;
    const p = scanned!.preview!;
    expect([p.widthPx, p.heightPx]).toEqual([1240, 1754]);
    const thumb = await sharp(p.thumb).metadata();
    const view = await sharp(p.view).metadata();
    expect([thumb.format, thumb.width, view.format, view.height]).toEqual(['jpeg', 160, 'jpeg', 1400]);
    // the page itself, not a blank: its dark band is at the thumbnail's top
    const { data, info } = await sharp(p.thumb).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(data[info.width * 3]).toBeLessThan(60);
    expect(data[info.width * (info.height - 3)]).toBeGreaterThan(200);
    const [imported] = (await collect(importBuffer(png, 'upload.png'))).pages;
    expect(imported!.preview).toBeUndefined();
  });

  it('made by the agent for a page that came without (SANE, eSCL); a truncated page is BAD_DATA', async () => {
    const png = await page();
    const p = await previewOfPage({ index: 0, data: png, mime: 'image/png', dpi: 150 }, 1e8);
    expect((await sharp(p.thumb).metadata()).width).toBe(160);
    const err = await previewOfPage({ index: 3, data: png.subarray(0, png.length - 200), mime: 'image/png', dpi: 150 }, 1e8).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScannerError);
    expect((err as ScannerError).code).toBe('BAD_DATA');
    await expect(importBuffer(png.subarray(0, png.length - 200), 'scan-002.png', { preview: true }).next()).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
