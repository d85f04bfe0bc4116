import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRaster } from '../printing/escpos';
import { dotAt, rasterToPng, type Raster } from '../printing/raster';
import { encodeFilingReceipt, renderFilingReceipt } from './filingThermal';
import { sampleFinalFilingReceipt, sampleProvisionalFilingReceipt } from '../../test/support/receiptSamples';
import { labelValueRow, RECEIPT_LAYOUTS } from './thermal';

const SCREENSHOTS = path.resolve('test-results/screenshots');
const sameRaster = (a: Raster, b: Raster) => a.width === b.width && a.height === b.height && Buffer.from(a.data).equals(Buffer.from(b.data));

/** Rows where at least `fraction` of the dots are black: only a knocked-out banner is that dark. */
function solidRows(r: Raster, fraction: number): number[] {
  const rows: number[] = [];
  for (let y = 0; y < r.height; y++) {
    let ink = 0;
    for (let x = 0; x < r.width; x++) if (dotAt(r, x, y)) ink++;
    if (ink >= fraction * r.width) rows.push(y);
  }
  return rows;
}

describe.each([
  ['80mm', 576],
  ['58mm', 384],
] as const)('renderFilingReceipt on %s paper', (paper, width) => {
  const margin = RECEIPT_LAYOUTS[paper].margin;

  it.each([
    ['provisional', sampleProvisionalFilingReceipt],
    ['final', sampleFinalFilingReceipt],
  ] as const)(`draws the %s receipt ${width} dots wide, clear of the edges`, async (variant, data) => {
    const r = await renderFilingReceipt(data, paper);
    expect(r.width).toBe(width);
    expect(r.height).toBeGreaterThan(width);
    for (let y = 0; y < r.height; y++) {
      for (let x = 0; x < margin; x++) expect(dotAt(r, x, y) || dotAt(r, width - 1 - x, y)).toBe(false);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(path.join(SCREENSHOTS, `filing-receipt-${variant}-${paper}.png`), await rasterToPng(r));
  });

  it('draws the two variants differently, and the final one changes with its tracking code', async () => {
    const provisional = await renderFilingReceipt(sampleProvisionalFilingReceipt, paper);
    const final = await renderFilingReceipt(sampleFinalFilingReceipt, paper);
    const other = await renderFilingReceipt({ ...sampleFinalFilingReceipt, trackingCode: '1405091234567891' }, paper);
    expect(sameRaster(provisional, final)).toBe(false);
    expect(sameRaster(final, other)).toBe(false);
  });

  it('prints the «المثنی» bar on a reprint only, at the top and at the bottom', async () => {
    const contentShare = (width - 2 * margin) / width;
    const original = await renderFilingReceipt(sampleFinalFilingReceipt, paper);
    const reprint = await renderFilingReceipt({ ...sampleFinalFilingReceipt, duplicate: true }, paper);
    expect(solidRows(original, contentShare * 0.9)).toEqual([]);
    const solid = solidRows(reprint, contentShare * 0.9);
    expect(solid.length).toBeGreaterThan(20);
    expect(solid[0]!).toBeLessThan(40);
    expect(solid.at(-1)!).toBeGreaterThan(reprint.height - 60);
    if (paper === '58mm') writeFileSync(path.join(SCREENSHOTS, 'filing-receipt-final-58mm-duplicate.png'), await rasterToPng(reprint));
  });

  it('encodes to ESC/POS that decodes back to the same raster', async () => {
    const raster = await renderFilingReceipt(sampleProvisionalFilingReceipt, paper);
    const images = decodeRaster(await encodeFilingReceipt(sampleProvisionalFilingReceipt, paper));
    expect(images).toHaveLength(1);
    expect(sameRaster(images[0]!, raster)).toBe(true);
  });
});

describe('labelValueRow with a value that cannot wrap', () => {
  it('puts a uuid too wide for the room beside the label under it instead of over it', async () => {
    const L = RECEIPT_LAYOUTS['58mm'];
    const content = L.width - 2 * L.margin;
    const row = await labelValueRow('شناسه ارسال', '\u200E3f2b9c1e-8d4a-4e6f-9a0b-7c5d3e1f2a4b', L.row, L.small, content, L.columnGap);
    const b = row;
    // two lines of text with white between them: some row of the bitmap has no ink at all
    let blankInside = false;
    let seenInk = false;
    for (let y = 0; y < b.height; y++) {
      let ink = false;
      for (let x = 0; x < b.width && !ink; x++) ink = b.dots[y * b.width + x] === 1;
      if (ink) seenInk = true;
      else if (seenInk) blankInside = true;
    }
    expect(b.width).toBe(content);
    expect(blankInside).toBe(true);
    expect(b.height).toBeGreaterThan(2 * L.small.sizePx);
  });
});
