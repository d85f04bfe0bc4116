import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRaster } from '../printing/escpos';
import { dotAt, rasterToPng, type Raster } from '../printing/raster';
import type { FilingReceiptData, Receipt, ReceiptData } from './model';
import { sampleFinalFilingReceipt, sampleProvisionalFilingReceipt, sampleReceipt } from '../../test/support/receiptSamples';
import { encodeReceipt, labelValueRow, RECEIPT_LAYOUTS, renderReceipt } from './thermal';

const SCREENSHOTS = path.resolve('test-results/screenshots');

/** Rows where at least `fraction` of the dots are black: only a knocked-out banner is that dark. */
function solidRows(r: Raster, fraction = 0.9): number[] {
  const rows: number[] = [];
  for (let y = 0; y < r.height; y++) {
    let ink = 0;
    for (let x = 0; x < r.width; x++) if (dotAt(r, x, y)) ink++;
    if (ink >= fraction * r.width) rows.push(y);
  }
  return rows;
}

const pay = (body: ReceiptData): Receipt => ({ for: 'payment', body });
const filing = (body: FilingReceiptData): Receipt => ({ for: 'filing', body });

const sameRaster = (a: Raster, b: Raster) => a.width === b.width && a.height === b.height && Buffer.from(a.data).equals(Buffer.from(b.data));

describe.each([
  ['80mm', 576],
  ['58mm', 384],
] as const)('renderReceipt of a payment receipt on %s paper', (paper, width) => {
  it(`is ${width} dots wide, receipt-long, and keeps clear of the edges`, async () => {
    const r = await renderReceipt(pay(sampleReceipt), paper);
    expect(r.width).toBe(width);
    expect(r.height).toBeGreaterThan(width * 1.8);
    const margin = RECEIPT_LAYOUTS[paper].margin;
    for (let y = 0; y < r.height; y++) {
      for (let x = 0; x < margin; x++) {
        expect(dotAt(r, x, y) || dotAt(r, width - 1 - x, y)).toBe(false);
      }
    }
  });

  it('prints the «المثنی» banner on a reprint only, at the top and at the bottom', async () => {
    const original = await renderReceipt(pay(sampleReceipt), paper);
    const reprint = await renderReceipt(pay({ ...sampleReceipt, duplicate: true }), paper);
    const contentShare = (width - 2 * RECEIPT_LAYOUTS[paper].margin) / width;
    expect(solidRows(original, contentShare * 0.9)).toEqual([]);
    const solid = solidRows(reprint, contentShare * 0.9);
    // a black bar holding the word, in the first and in the last few centimetres
    expect(solid.length).toBeGreaterThan(20);
    expect(solid[0]!).toBeLessThan(40);
    expect(solid.at(-1)!).toBeGreaterThan(reprint.height - 60);
    if (paper === '80mm') {
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(path.join(SCREENSHOTS, 'receipt-80mm.png'), await rasterToPng(original));
      writeFileSync(path.join(SCREENSHOTS, 'receipt-80mm-duplicate.png'), await rasterToPng(reprint));
    } else {
      writeFileSync(path.join(SCREENSHOTS, 'receipt-58mm.png'), await rasterToPng(original));
    }
  });

  it('encodes to ESC/POS that decodes back to the same raster', async () => {
    const raster = await renderReceipt(pay(sampleReceipt), paper);
    const bytes = await encodeReceipt(pay(sampleReceipt), paper);
    const images = decodeRaster(bytes);
    expect(images).toHaveLength(1);
    expect(sameRaster(images[0]!, raster)).toBe(true);
  });

  it('keeps long names and labels inside the paper (value under the label)', async () => {
    const long = {
      ...sampleReceipt,
      officeName: 'دفتر خدمات الکترونیک قضایی شمارهٔ ۱۲۳۴۵ — استان خراسان رضوی، شهرستان مشهد، بلوار وکیل‌آباد',
      applicant: { ...sampleReceipt.applicant, name: 'سیدمحمدحسین حسینی‌نژاد طباطبایی‌زاده اصفهانی' },
      lines: [
        { label: 'ثبت دادخواست تجدیدنظرخواهی از دادنامهٔ صادره از شعبهٔ دوم دادگاه عمومی حقوقی', amountRials: 1_450_000 },
        { label: 'ابلاغ', amountRials: 100_000 },
      ],
      discount: undefined,
      exemption: undefined,
      totalRials: 1_550_000,
    };
    const r = await renderReceipt(pay(long), paper);
    const short = await renderReceipt(pay(sampleReceipt), paper);
    expect(r.width).toBe(width);
    const margin = RECEIPT_LAYOUTS[paper].margin;
    for (let y = 0; y < r.height; y++) {
      for (let x = 0; x < margin; x++) expect(dotAt(r, x, y) || dotAt(r, width - 1 - x, y)).toBe(false);
    }
    expect(r.height).toBeGreaterThan(short.height - 200);
    if (paper === '58mm') writeFileSync(path.join(SCREENSHOTS, 'receipt-58mm-long.png'), await rasterToPng(r));
  });

  it('changes with the amounts and the verification code', async () => {
    const a = await renderReceipt(pay(sampleReceipt), paper);
    const b = await renderReceipt(pay({ ...sampleReceipt, verifyHash: 'ff'.repeat(32) }), paper);
    expect(sameRaster(a, b)).toBe(false);
  });
});

describe('renderReceipt validation', () => {
  it('refuses a receipt whose total does not add up', async () => {
    await expect(renderReceipt(pay({ ...sampleReceipt, totalRials: 780_000 }), '80mm')).rejects.toThrow(/totalRials|total/);
  });

  it('refuses a bank reference that is not digits', async () => {
    await expect(
      renderReceipt(pay({ ...sampleReceipt, payment: { ...sampleReceipt.payment, rrn: '12345<b>' } }), '80mm'),
    ).rejects.toThrow();
  });
});

describe.each([
  ['80mm', 576],
  ['58mm', 384],
] as const)('renderReceipt of a filing receipt on %s paper', (paper, width) => {
  const margin = RECEIPT_LAYOUTS[paper].margin;

  it.each([
    ['provisional', sampleProvisionalFilingReceipt],
    ['final', sampleFinalFilingReceipt],
    ['remedy', { ...sampleFinalFilingReceipt, serviceLabel: 'رفع نقص', remedyOf: { requestYear: 1405, requestNumber: 7, trackingCode: '1405091234567890' } }],
  ] as const)(`draws the %s receipt ${width} dots wide, clear of the edges`, async (variant, data) => {
    const r = await renderReceipt(filing(data), paper);
    expect(r.width).toBe(width);
    expect(r.height).toBeGreaterThan(width);
    for (let y = 0; y < r.height; y++) {
      for (let x = 0; x < margin; x++) expect(dotAt(r, x, y) || dotAt(r, width - 1 - x, y)).toBe(false);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(path.join(SCREENSHOTS, `filing-receipt-${variant}-${paper}.png`), await rasterToPng(r));
  });

  it('draws the two variants differently, and the final one changes with its tracking code', async () => {
    const provisional = await renderReceipt(filing(sampleProvisionalFilingReceipt), paper);
    const final = await renderReceipt(filing(sampleFinalFilingReceipt), paper);
    const other = await renderReceipt(filing({ ...sampleFinalFilingReceipt, trackingCode: '1405091234567891' }), paper);
    expect(sameRaster(provisional, final)).toBe(false);
    expect(sameRaster(final, other)).toBe(false);
  });

  it('prints the «المثنی» bar on a reprint only, at the top and at the bottom', async () => {
    const contentShare = (width - 2 * margin) / width;
    const original = await renderReceipt(filing(sampleFinalFilingReceipt), paper);
    const reprint = await renderReceipt(filing({ ...sampleFinalFilingReceipt, duplicate: true }), paper);
    expect(solidRows(original, contentShare * 0.9)).toEqual([]);
    const solid = solidRows(reprint, contentShare * 0.9);
    expect(solid.length).toBeGreaterThan(20);
    expect(solid[0]!).toBeLessThan(40);
    expect(solid.at(-1)!).toBeGreaterThan(reprint.height - 60);
    if (paper === '58mm') writeFileSync(path.join(SCREENSHOTS, 'filing-receipt-final-58mm-duplicate.png'), await rasterToPng(reprint));
  });

  it('encodes to ESC/POS that decodes back to the same raster', async () => {
    const raster = await renderReceipt(filing(sampleProvisionalFilingReceipt), paper);
    const images = decodeRaster(await encodeReceipt(filing(sampleProvisionalFilingReceipt), paper));
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
