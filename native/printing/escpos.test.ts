import { describe, expect, it } from 'vitest';
import { clearRealtimeCommandPatterns, decodeRaster, encodeTicket, parseEscPos, statusRequest } from './escpos';
import type { Raster } from './raster';

/** A raster of pseudo-random dots (deterministic), free of real-time command patterns. */
function randomRaster(width: number, height: number, seed = 1): Raster {
  const data = new Uint8Array((width / 8) * height);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  const raster = { width, height, data };
  clearRealtimeCommandPatterns(raster);
  return raster;
}

const concat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

describe('encodeTicket', () => {
  it('starts with ESC @, then GS v 0 bands, and ends with a feed and a partial cut', () => {
    const bytes = encodeTicket(randomRaster(576, 40), { bandRows: 16 });
    expect(Array.from(bytes.subarray(0, 2))).toEqual([0x1b, 0x40]);
    expect(Array.from(bytes.subarray(2, 10))).toEqual([0x1d, 0x76, 0x30, 0, 72, 0, 16, 0]);
    expect(Array.from(bytes.subarray(-6))).toEqual([0x1b, 0x64, 4, 0x1d, 0x56, 0x01]);
    expect(parseEscPos(bytes).map((c) => c.kind)).toEqual(['init', 'raster', 'raster', 'raster', 'feed', 'cut']);
  });

  it('sends a tall image in bands of at most 256 rows by default', () => {
    const bands = parseEscPos(encodeTicket(randomRaster(384, 700))).filter((c) => c.kind === 'raster');
    expect(bands.map((b) => b.height)).toEqual([256, 256, 188]);
  });

  it('round-trips exactly: the decoded image is the encoded one, whatever the band size', () => {
    for (const [width, height, bandRows] of [
      [576, 1000, 256],
      [384, 333, 1],
      [384, 333, 7],
      [8, 1, 256],
      [576, 256, 256],
    ] as const) {
      const raster = randomRaster(width, height, width + height + bandRows);
      const images = decodeRaster(encodeTicket(raster, { bandRows }));
      expect(images).toHaveLength(1);
      expect(images[0]!.width).toBe(width);
      expect(images[0]!.height).toBe(height);
      expect(Buffer.from(images[0]!.data).equals(Buffer.from(raster.data))).toBe(true);
    }
  });

  it('can leave out the feed and the cut', () => {
    const kinds = parseEscPos(encodeTicket(randomRaster(8, 2), { feedLines: 0, cut: false })).map((c) => c.kind);
    expect(kinds).toEqual(['init', 'raster']);
  });

  it('rejects a width that is not a multiple of 8 and data of the wrong size', () => {
    expect(() => encodeTicket({ width: 10, height: 1, data: new Uint8Array(2) })).toThrow(RangeError);
    expect(() => encodeTicket({ width: 8, height: 2, data: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => encodeTicket(randomRaster(8, 1), { bandRows: 0 })).toThrow(RangeError);
  });
});

describe('decodeRaster', () => {
  it('reassembles bands into one image and skips status requests between them', () => {
    const raster = randomRaster(64, 30);
    const bytes = encodeTicket(raster, { bandRows: 10 });
    // Put a DLE EOT 1 between the first and second band, as a status check could land.
    const firstBandEnd = 2 + 8 + 8 * 10;
    const withStatus = concat(bytes.subarray(0, firstBandEnd), statusRequest(1), bytes.subarray(firstBandEnd));
    const images = decodeRaster(withStatus);
    expect(images).toHaveLength(1);
    expect(Buffer.from(images[0]!.data).equals(Buffer.from(raster.data))).toBe(true);
  });

  it('returns one image per ticket when a stream holds several', () => {
    const a = randomRaster(576, 50, 1);
    const b = randomRaster(576, 70, 2);
    const images = decodeRaster(concat(statusRequest(1), statusRequest(2), statusRequest(4), encodeTicket(a), encodeTicket(b)));
    expect(images.map((i) => [i.width, i.height])).toEqual([
      [576, 50],
      [576, 70],
    ]);
  });

  it('ends an image at a line feed or a change of width', () => {
    const a = randomRaster(16, 2, 3);
    const b = randomRaster(16, 2, 4);
    const c = randomRaster(24, 2, 5);
    const band = (r: Raster) => encodeTicket(r, { feedLines: 0, cut: false }).subarray(2);
    expect(decodeRaster(concat(band(a), [0x0a], band(b), band(c))).map((i) => i.width)).toEqual([16, 16, 24]);
  });

  it('refuses a truncated image and bytes it does not know', () => {
    const bytes = encodeTicket(randomRaster(64, 10));
    expect(() => decodeRaster(bytes.subarray(0, 30))).toThrow(/ends inside GS v 0 image data/);
    expect(() => decodeRaster(Uint8Array.of(0x1b, 0x40, 0x41))).toThrow(/unexpected ESC\/POS bytes at 2/);
  });
});

describe('clearRealtimeCommandPatterns', () => {
  it('breaks every DLE EOT / DLE ENQ / DLE DC4 pair in image data by clearing one dot', () => {
    const data = Uint8Array.of(0x10, 0x04, 0x01, 0xff, 0x10, 0x05, 0x02, 0x10, 0x14, 0x10, 0x10, 0x04, 0x10, 0x40);
    const raster = { width: data.length * 8, height: 1, data };
    expect(clearRealtimeCommandPatterns(raster)).toBe(4);
    expect(Array.from(data)).toEqual([0x00, 0x04, 0x01, 0xff, 0x00, 0x05, 0x02, 0x00, 0x14, 0x10, 0x00, 0x04, 0x10, 0x40]);
  });

  it('leaves a stream in which a printer finds no real-time command inside the image', () => {
    const raster = randomRaster(576, 2000, 99);
    const bytes = encodeTicket(raster);
    const statusRequests = parseEscPos(bytes).filter((c) => c.kind === 'status-request');
    expect(statusRequests).toHaveLength(0);
    for (let i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] === 0x10) expect([0x04, 0x05, 0x14]).not.toContain(bytes[i + 1]);
    }
  });
});
