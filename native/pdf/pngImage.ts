/**
 * A PNG's compressed pixels, ready to go into a PDF as they are. PNG's IDAT stream is a zlib stream
 * of filtered rows — exactly what a PDF FlateDecode stream with `/Predictor 15` decodes — so a
 * 1-bit scan of 60 KB stays 60 KB in the PDF. (pdf-lib's embedPng decodes every PNG to 8-bit RGB
 * and compresses that again: a 1-bit A4 page grows to megabytes.)
 *
 * Taken as is: grey, RGB and palette images, 1–16 bits, not interlaced, without transparency.
 * Anything else returns null and the caller falls back to pdf-lib.
 */
export interface PngPassthrough {
  readonly width: number;
  readonly height: number;
  readonly bitsPerComponent: number;
  /** 1 grey, 3 RGB; palette images are 1 (an index) with `palette` set */
  readonly colors: 1 | 3;
  /** RGB triples for an indexed image */
  readonly palette: Buffer | null;
  /** the concatenated IDAT data: a zlib stream */
  readonly data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngPassthrough(png: Buffer): PngPassthrough | null {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) return null;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = -1;
  let interlace = 0;
  let palette: Buffer | null = null;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (body.length !== length) return null; // truncated
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      bitDepth = body[8]!;
      colorType = body[9]!;
      interlace = body[12]!;
    } else if (type === 'PLTE') {
      palette = Buffer.from(body);
    } else if (type === 'tRNS') {
      return null;
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  if (width === 0 || height === 0 || interlace !== 0 || idat.length === 0) return null;
  const data = Buffer.concat(idat);
  // A stream without a zlib header would make a page no viewer can draw: refuse it here.
  if (data.length < 2 || (data[0]! & 0x0f) !== 8 || ((data[0]! << 8) | data[1]!) % 31 !== 0) return null;
  if (colorType === 0) return { width, height, bitsPerComponent: bitDepth, colors: 1, palette: null, data };
  if (colorType === 2) return { width, height, bitsPerComponent: bitDepth, colors: 3, palette: null, data };
  if (colorType === 3 && palette) return { width, height, bitsPerComponent: bitDepth, colors: 1, palette, data };
  return null; // grey+alpha, RGBA
}
