import sharp from 'sharp';

/**
 * A 1-bit image as a thermal printer takes it: rows packed MSB-first (the leftmost dot is the
 * high bit), 1 = black dot, each row padded to a whole byte. This is exactly the data layout of
 * ESC/POS `GS v 0`, so encoding is a copy.
 */
export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * An image being composed: one byte per dot (0 white, 1 black). Composition works on whole
 * dots (no bit shifting); packing to a {@link Raster} happens once at the end.
 */
export interface Bitmap {
  width: number;
  height: number;
  dots: Uint8Array;
}

export function blankBitmap(width: number, height: number): Bitmap {
  return { width, height, dots: new Uint8Array(width * height) };
}

/**
 * Draws the black dots of `src` into `dst` with its top-left corner at (x, y), clipped to `dst`.
 * `ink` 0 draws them white instead (text knocked out of a black box).
 */
export function drawBitmap(dst: Bitmap, src: Bitmap, x: number, y: number, ink: 0 | 1 = 1): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(dst.width, x + src.width);
  const y0 = Math.max(0, y);
  const y1 = Math.min(dst.height, y + src.height);
  for (let row = y0; row < y1; row++) {
    const s = (row - y) * src.width - x;
    const d = row * dst.width;
    for (let col = x0; col < x1; col++) if (src.dots[s + col]) dst.dots[d + col] = ink;
  }
}

/** Sets (value 1) or clears (0) a rectangle of dots, clipped to the bitmap. */
export function fillRect(dst: Bitmap, x: number, y: number, width: number, height: number, value: 0 | 1 = 1): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(dst.width, x + width);
  for (let row = Math.max(0, y); row < Math.min(dst.height, y + height); row++) {
    dst.dots.fill(value, row * dst.width + x0, row * dst.width + x1);
  }
}

/** Packs a bitmap into a raster; the width is padded up to a multiple of 8 with white dots. */
export function packBitmap(bitmap: Bitmap): Raster {
  const bytesPerRow = Math.ceil(bitmap.width / 8);
  const data = new Uint8Array(bytesPerRow * bitmap.height);
  for (let row = 0; row < bitmap.height; row++) {
    const s = row * bitmap.width;
    const d = row * bytesPerRow;
    for (let col = 0; col < bitmap.width; col++) {
      if (bitmap.dots[s + col]) data[d + (col >> 3)]! |= 0x80 >> (col & 7);
    }
  }
  return { width: bytesPerRow * 8, height: bitmap.height, data };
}

/** The inverse of {@link packBitmap}. */
export function unpackRaster(raster: Raster): Bitmap {
  const bytesPerRow = raster.width / 8;
  const bitmap = blankBitmap(raster.width, raster.height);
  for (let row = 0; row < raster.height; row++) {
    for (let col = 0; col < raster.width; col++) {
      if (raster.data[row * bytesPerRow + (col >> 3)]! & (0x80 >> (col & 7))) bitmap.dots[row * raster.width + col] = 1;
    }
  }
  return bitmap;
}

/** Whether the dot at (x, y) is black. */
export function dotAt(raster: Raster, x: number, y: number): boolean {
  return (raster.data[y * (raster.width / 8) + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
}

/** A greyscale PNG of the raster (black dots on white), for looking at and for OCR. */
export async function rasterToPng(raster: Raster): Promise<Buffer> {
  const { dots } = unpackRaster(raster);
  const grey = Buffer.alloc(dots.length);
  for (let i = 0; i < dots.length; i++) grey[i] = dots[i] ? 0 : 255;
  return sharp(grey, { raw: { width: raster.width, height: raster.height, channels: 1 } })
    .png({ palette: false, compressionLevel: 6 })
    .toBuffer();
}

/** A piece of a printed page: a bitmap and the white space above it. */
export interface Block {
  bitmap: Bitmap;
  spaceBefore: number;
}

/** Stacks blocks top to bottom, each centred horizontally, on a page `width` dots wide. */
export function stackCentred(blocks: readonly Block[], width: number, bottomMargin: number): Bitmap {
  const height = blocks.reduce((h, b) => h + b.spaceBefore + b.bitmap.height, 0) + bottomMargin;
  const page = blankBitmap(width, height);
  let y = 0;
  for (const { bitmap, spaceBefore } of blocks) {
    y += spaceBefore;
    drawBitmap(page, bitmap, Math.floor((width - bitmap.width) / 2), y);
    y += bitmap.height;
  }
  return page;
}

/** A dashed horizontal rule, the way receipts separate sections. */
export function dashedRule(width: number, thickness: number, dash = 12, gap = 6): Bitmap {
  const rule = blankBitmap(width, thickness);
  for (let x = 0; x < width; x += dash + gap) fillRect(rule, x, 0, Math.min(dash, width - x), thickness);
  return rule;
}
