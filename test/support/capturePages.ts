/** Test pages for the capture drivers: images with structure, so padding, shifts or blanks show. */
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
