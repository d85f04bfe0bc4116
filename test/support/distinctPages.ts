/**
 * Pages for a watched scan folder (the multi-host tests' 30-page batches): each one different (bars
 * placed by its number and a seed, and the two written on it), A4 at 100 dpi grey PNG, named so their
 * order is the name order. Returns their SHA-256 digests in that order, to check order and duplicates
 * on the bytes.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export async function distinctPages(folder: string, count: number, seed: number): Promise<string[]> {
  const digests: string[] = [];
  for (let i = 0; i < count; i++) {
    const bars = Array.from({ length: 12 }, (_, k) => `<rect x="${40 + ((k * 53 + i * 17 + seed) % 500)}" y="${60 + k * 90}" width="${200 + ((i * 31 + k * 7 + seed) % 300)}" height="24" fill="#222"/>`).join('');
    const png = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="827" height="1169"><rect width="100%" height="100%" fill="#fff"/>${bars}<text x="60" y="1100" font-size="60">${seed}-${i}</text></svg>`))
      .greyscale()
      .png()
      .withMetadata({ density: 100 })
      .toBuffer();
    writeFileSync(path.join(folder, `page-${String(i).padStart(3, '0')}.png`), png);
    digests.push(createHash('sha256').update(png).digest('hex'));
  }
  return digests;
}
