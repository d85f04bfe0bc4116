/**
 * An image's format and size read from its header bytes alone, in this thread: what the hub checks of
 * every page and thumbnail a workstation sends before taking it (hub/agent/agentService.ts). It reads no
 * pixels, as a decoder's header read does not either, but it needs no trip through the thread pool,
 * which is busy with the pages before it while a batch arrives. The pixels are decoded later by the
 * page's own steps, which refuse what does not decode.
 */

export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG: the signature, then IHDR as the first chunk (13 bytes: width, height, bit depth, colour type, …). */
function pngHeader(b: Buffer): ImageHeader | null {
  if (b.length < 33 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  if (b.readUInt32BE(8) !== 13 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const bitDepth = b[24]!;
  const colourType = b[25]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return null;
  if (![1, 2, 4, 8, 16].includes(bitDepth) || ![0, 2, 3, 4, 6].includes(colourType)) return null;
  return { format: 'png', width, height };
}

/** the start-of-frame markers that carry the frame's size (C4 DHT, C8 JPG and CC DAC are not frames) */
const isFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** JPEG: SOI, then the segments up to the first start-of-frame, which holds the height and width. */
function jpegHeader(b: Buffer): ImageHeader | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    let marker = b[at + 1]!;
    // fill bytes before a marker
    while (marker === 0xff && at + 2 < b.length) marker = b[++at + 1]!;
    at += 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return null; // the image ends or its data begins before any frame
    if (at + 2 > b.length) return null;
    const length = b.readUInt16BE(at);
    if (length < 2 || at + length > b.length) return null;
    if (isFrame(marker)) {
      if (length < 8) return null;
      const height = b.readUInt16BE(at + 3);
      const width = b.readUInt16BE(at + 5);
      // a height of 0 is allowed by the standard (given later by a DNL segment): not in a page we take
      return width === 0 || height === 0 ? null : { format: 'jpeg', width, height };
    }
    at += length;
  }
  return null;
}

/** The format and size of a PNG or JPEG from its header; null for anything else, or a header that is damaged. */
export function imageHeader(bytes: Buffer): ImageHeader | null {
  if (bytes[0] === 0x89) return pngHeader(bytes);
  if (bytes[0] === 0xff) return jpegHeader(bytes);
  return null;
}
