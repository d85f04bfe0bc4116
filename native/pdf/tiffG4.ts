/**
 * The strips of a CCITT Group 4 TIFF, for a PDF `CCITTFaxDecode` image without decoding anything.
 * G4 codes each strip on its own (every strip starts from an imaginary white line), so strips
 * cannot be glued into one stream: each becomes its own image, stacked. Only the first image of the
 * file is read (the pipeline stores one page per file). pdf-lib has no TIFF support at all.
 */
export interface TiffG4 {
  readonly width: number;
  readonly height: number;
  /** true when the file says 0 is black (Photometric BlackIsZero): the fax "white" runs are ink */
  readonly blackIs1: boolean;
  readonly strips: readonly { readonly rows: number; readonly data: Buffer }[];
}

const TAG = { width: 256, height: 257, compression: 259, photometric: 262, fillOrder: 266, stripOffsets: 273, rowsPerStrip: 278, stripByteCounts: 279 } as const;

export function tiffG4Strips(tiff: Buffer): TiffG4 {
  const fail = (why: string): never => {
    throw new Error(`TIFF page: ${why}`);
  };
  if (tiff.length < 8) fail('too short');
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') fail('not a TIFF');
  const le = order === 'II';
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (u16(2) !== 42) fail('BigTIFF or not a TIFF');
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) fail('bad IFD offset');
  const tags = new Map<number, number[]>();
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) fail('truncated IFD');
    const tag = u16(entry);
    const type = u16(entry + 2);
    const n = u32(entry + 4);
    const size = type === 3 ? 2 : type === 4 ? 4 : 0;
    if (size === 0) continue; // not a SHORT/LONG tag: none we need
    const at = n * size <= 4 ? entry + 8 : u32(entry + 8);
    if (at + n * size > tiff.length) fail(`tag ${tag} out of the file`);
    tags.set(tag, Array.from({ length: n }, (_, k) => (size === 2 ? u16(at + k * 2) : u32(at + k * 4))));
  }
  const one = (tag: number, fallback?: number): number => tags.get(tag)?.[0] ?? fallback ?? fail(`tag ${tag} missing`);
  const width = one(TAG.width);
  const height = one(TAG.height);
  if (one(TAG.compression) !== 4) fail('only CCITT Group 4 TIFF is embedded as is');
  if (one(TAG.fillOrder, 1) !== 1) fail('FillOrder 2 (bit-reversed) is not supported');
  const offsets = tags.get(TAG.stripOffsets) ?? fail('no strips');
  const counts = tags.get(TAG.stripByteCounts) ?? fail('no strip byte counts');
  if (offsets.length !== counts.length) fail('strip tables differ in length');
  const rowsPerStrip = Math.min(one(TAG.rowsPerStrip, height), height);
  const strips = offsets.map((offset, i) => {
    const end = offset + counts[i]!;
    if (end > tiff.length) fail('strip out of the file');
    return { rows: Math.min(rowsPerStrip, height - i * rowsPerStrip), data: tiff.subarray(offset, end) };
  });
  if (strips.some((s) => s.rows <= 0)) fail('more strips than rows');
  return { width, height, blackIs1: one(TAG.photometric, 0) === 1, strips };
}
