/**
 * Binary PNM (what `scanimage --format=pnm` writes): P5 grey, P6 RGB, P4 bitmap, maxval ≤ 255.
 * libvips as sharp ships it has no PNM loader, so the header is read here and the pixels handed to
 * sharp as raw. Anything else (ASCII P1–P3, 16-bit) is refused, never guessed.
 */
export interface RawPixels {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

/** Throws RangeError when the header announces more than `maxPixels`, before reading any pixel. */
export function decodePnm(buf: Buffer, maxPixels = Infinity): RawPixels {
  const magic = buf.subarray(0, 2).toString('latin1');
  if (magic !== 'P4' && magic !== 'P5' && magic !== 'P6') throw new Error(`not a binary PNM (magic ${JSON.stringify(magic)})`);
  const fields: number[] = [];
  const wanted = magic === 'P4' ? 2 : 3;
  let i = 2;
  while (fields.length < wanted) {
    if (i >= buf.length) throw new Error('PNM header is truncated');
    const c = buf[i]!;
    if (c === 0x23) {
      while (i < buf.length && buf[i] !== 0x0a) i++; // a comment runs to the end of the line
    } else if (c >= 0x30 && c <= 0x39) {
      let n = 0;
      while (i < buf.length && buf[i]! >= 0x30 && buf[i]! <= 0x39) n = n * 10 + (buf[i++]! - 0x30);
      fields.push(n);
      continue;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
      throw new Error('PNM header has a bad character');
    }
    i++;
  }
  i++; // the single whitespace byte before the pixels
  const [width, height, maxval = 1] = fields as [number, number, number?];
  if (width < 1 || height < 1) throw new Error('PNM has no pixels');
  if (maxval > 255) throw new Error('16-bit PNM is not supported');
  if (width * height > maxPixels) throw new RangeError(`${width}×${height} is over the ${maxPixels}-pixel limit`);
  if (magic === 'P4') {
    const rowBytes = Math.ceil(width / 8);
    if (buf.length - i < rowBytes * height) throw new Error('PNM pixel data is truncated');
    const data = Buffer.alloc(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) data[y * width + x] = buf[i + y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7)) ? 0 : 255;
    }
    return { data, width, height, channels: 1 };
  }
  const channels = magic === 'P5' ? 1 : 3;
  const size = width * height * channels;
  if (buf.length - i < size) throw new Error('PNM pixel data is truncated');
  let data = buf.subarray(i, i + size);
  if (maxval !== 255) {
    data = Buffer.from(data);
    for (let k = 0; k < data.length; k++) data[k] = Math.round((data[k]! * 255) / maxval);
  }
  return { data, width, height, channels };
}
