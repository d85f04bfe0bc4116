/** Test pages for the capture drivers: images with structure, so padding, shifts or blanks show. */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { RawPage } from '../../native/capture/types';

/** A page with structure (a gradient, a dark block, a mark in one corner) so a misplaced or padded image shows. */
export async function patternPage(width: number, height: number, seed = 0): Promise<Buffer> {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const block = x > width * 0.2 && x < width * 0.6 && y > height * 0.3 && y < height * 0.5;
      const mark = x < width * 0.15 && y < height * 0.1;
      px[i] = block ? 20 : mark ? 250 : Math.round(((seed % 2 === 1 ? width - x : x) / width) * 255);
      px[i + 1] = block ? 20 : mark ? 10 : Math.round(((seed === 2 ? height - y : y) / height) * 255);
      px[i + 2] = block ? 20 : 120;
    }
  }
  return sharp(px, { raw: { width, height, channels: 3 } }).png().toBuffer();
}


/** Every page a driver yields, and the error it ended with (null when it ended normally). */
export async function collect(pages: AsyncIterable<RawPage>): Promise<{ pages: RawPage[]; error: unknown }> {
  const got: RawPage[] = [];
  try {
    for await (const page of pages) got.push(page);
    return { pages: got, error: null };
  } catch (error) {
    return { pages: got, error };
  }
}

/** A PNG that is only a header: IHDR says 30000 × 30000, one tiny IDAT. What a decompression bomb looks like up front. */
export function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
