import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageHeader } from './header';

const base = (width: number, height: number, channels: 3 | 4) => sharp({ create: { width, height, channels, background: { r: 200, g: 120, b: 40, alpha: 1 } } });

describe('imageHeader', () => {
  it('reads the size sharp reads, for the PNGs and JPEGs a scanner or a driver makes', async () => {
    const images: Buffer[] = [
      await base(2480, 3508, 3).greyscale().png().toBuffer(),
      await base(1700, 2338, 3).png({ compressionLevel: 1 }).toBuffer(),
      await base(31, 17, 4).png().toBuffer(),
      await base(640, 480, 3).png({ palette: true }).toBuffer(),
      await base(300, 200, 3).toColourspace('rgb16').png().toBuffer(),
      await base(2480, 3508, 3).jpeg({ quality: 80 }).toBuffer(),
      await base(160, 226, 3).jpeg({ progressive: true }).toBuffer(),
      await base(99, 1400, 3).greyscale().jpeg({ mozjpeg: true }).toBuffer(),
      await base(800, 600, 3).withMetadata({ density: 300, orientation: 6 }).jpeg().toBuffer(),
      await base(65500, 2, 3).jpeg().toBuffer(),
    ];
    for (const image of images) {
      const meta = await sharp(image, { limitInputPixels: false }).metadata();
      expect(imageHeader(image)).toEqual({ format: meta.format, width: meta.width, height: meta.height });
    }
  });

  it('reads past fill bytes and marker-only segments before the frame', async () => {
    const jpeg = await base(120, 80, 3).jpeg().toBuffer();
    // SOI, a restart marker with no length, fill bytes, then the rest as it was
    const padded = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xd0, 0xff, 0xff, 0xff]), jpeg.subarray(3)]);
    expect(imageHeader(padded)).toEqual({ format: 'jpeg', width: 120, height: 80 });
  });

  it('refuses what is not a PNG or JPEG, or whose header is damaged or cut', async () => {
    const png = await base(64, 48, 3).png().toBuffer();
    const jpeg = await base(64, 48, 3).jpeg().toBuffer();
    const zeroWidth = Buffer.from(png);
    zeroWidth.writeUInt32BE(0, 16);
    const badDepth = Buffer.from(png);
    badDepth[24] = 7;
    const notIhdr = Buffer.from(png);
    notIhdr.write('IDAT', 12, 'latin1');
    const dataFirst = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xda, 0x00, 0x08]), Buffer.alloc(8)]);
    const longSegment = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe0, 0xff, 0xff]), Buffer.alloc(10)]);
    for (const bad of [Buffer.alloc(0), Buffer.from('P5\n2 2\n255\n'), Buffer.from('GIF89a'), png.subarray(0, 20), jpeg.subarray(0, 10), zeroWidth, badDepth, notIhdr, dataFirst, longSegment]) {
      expect(imageHeader(bad)).toBeNull();
    }
  });

  it('never throws and never loops on hostile bytes', () => {
    for (let i = 0; i < 5000; i++) {
      const junk = randomBytes(1 + (i % 200));
      junk[0] = i % 2 ? 0xff : 0x89;
      if (i % 4 === 0) junk[1] = 0xd8;
      const header = imageHeader(junk);
      if (header) expect(header.width * header.height).toBeGreaterThan(0);
    }
  });
});
