import type { Raster } from './raster';

/*
 * The ESC/POS commands a ticket needs, as the Epson "ESC/POS Command Reference" defines them.
 * Only raster images are printed: Persian text is drawn before it gets here (see persianText.ts).
 */

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const EOT = 0x04;
const ENQ = 0x05;
const DC4 = 0x14;

/** LF — print the buffer and feed one line. */
export const LF = 0x0a;
/** ESC @ — initialise: clear the print buffer, reset every mode to its power-on default. */
export const ESC_INIT = Uint8Array.of(ESC, 0x40);
/**
 * GS v 0 m xL xH yL yH d1…dk — print a raster bit image. m = 0: normal size; x = bytes per row,
 * y = rows; each bit is a dot, MSB leftmost, 1 = print.
 */
export const GS_RASTER = Uint8Array.of(GS, 0x76, 0x30);
/** ESC d n — print the buffer and feed n lines. */
export const ESC_FEED_LINES = Uint8Array.of(ESC, 0x64);
/** GS V 1 — partial cut (one point left uncut), function A: cuts where the paper is now. */
export const GS_PARTIAL_CUT = Uint8Array.of(GS, 0x56, 0x01);
/**
 * DLE EOT n — real-time status request; the printer answers one byte at once, even while
 * busy or offline. n = 1 printer status, 2 offline cause, 3 error cause, 4 roll paper sensor.
 */
export const DLE_EOT = Uint8Array.of(DLE, EOT);
export const STATUS_PRINTER = 1;
export const STATUS_OFFLINE_CAUSE = 2;
export const STATUS_ERROR_CAUSE = 3;
export const STATUS_PAPER_SENSOR = 4;

/** Rows per `GS v 0` command: a printer with a small receive buffer still takes a whole band. */
export const DEFAULT_BAND_ROWS = 256;
/** Lines fed after the image so its end clears the cutter (≈ 4 × 4.2 mm on an 80 mm printer). */
export const DEFAULT_FEED_LINES = 4;

export interface EncodeOptions {
  /** rows per `GS v 0` band, 1–2047; default {@link DEFAULT_BAND_ROWS} */
  bandRows?: number;
  /** lines fed after the image, 0–255; default {@link DEFAULT_FEED_LINES} */
  feedLines?: number;
  /** partial cut after feeding; default true */
  cut?: boolean;
}

/**
 * One print job: initialise, the raster in horizontal bands, feed, partial cut.
 * The raster is sent as is; {@link clearRealtimeCommandPatterns} should have run on it.
 */
export function encodeTicket(raster: Raster, options: EncodeOptions = {}): Uint8Array {
  const bandRows = options.bandRows ?? DEFAULT_BAND_ROWS;
  const feedLines = options.feedLines ?? DEFAULT_FEED_LINES;
  if (!Number.isInteger(bandRows) || bandRows < 1 || bandRows > 2047) throw new RangeError(`bandRows out of range: ${bandRows}`);
  if (!Number.isInteger(feedLines) || feedLines < 0 || feedLines > 255) throw new RangeError(`feedLines out of range: ${feedLines}`);
  const bytesPerRow = raster.width / 8;
  if (!Number.isInteger(bytesPerRow) || bytesPerRow < 1 || bytesPerRow > 0xffff) throw new RangeError(`raster width must be a positive multiple of 8: ${raster.width}`);
  if (raster.data.length !== bytesPerRow * raster.height) throw new RangeError('raster data does not match its size');

  const bands = Math.ceil(raster.height / bandRows);
  const out = new Uint8Array(ESC_INIT.length + bands * 8 + raster.data.length + 3 + 3);
  let at = 0;
  const put = (bytes: ArrayLike<number>) => {
    out.set(bytes, at);
    at += bytes.length;
  };
  put(ESC_INIT);
  for (let top = 0; top < raster.height; top += bandRows) {
    const rows = Math.min(bandRows, raster.height - top);
    put(GS_RASTER);
    put([0, bytesPerRow & 0xff, bytesPerRow >> 8, rows & 0xff, rows >> 8]);
    put(raster.data.subarray(top * bytesPerRow, (top + rows) * bytesPerRow));
  }
  if (feedLines > 0) put([...ESC_FEED_LINES, feedLines]);
  if (options.cut ?? true) put(GS_PARTIAL_CUT);
  return out.subarray(0, at);
}

/** The request bytes for DLE EOT n. */
export function statusRequest(n: number): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/**
 * Many printers act on real-time commands (DLE EOT, DLE ENQ, DLE DC4) the moment the bytes
 * arrive, even inside image data — Epson's reference warns about it. Dots that happen to spell
 * `DLE EOT` would make the printer answer a status nobody asked for (read as the answer to ours),
 * and `DLE ENQ 2` would clear its buffer mid-ticket. Clearing the single dot of each `0x10` byte
 * that starts such a pair (an isolated dot, invisible at 8 dots/mm) removes the sequence.
 * Works in place; returns how many dots were cleared.
 */
export function clearRealtimeCommandPatterns(raster: Raster): number {
  const d = raster.data;
  let cleared = 0;
  for (let i = 0; i + 1 < d.length; i++) {
    if (d[i] === DLE && (d[i + 1] === EOT || d[i + 1] === ENQ || d[i + 1] === DC4)) {
      d[i] = 0;
      cleared++;
    }
  }
  return cleared;
}

/** A command found in an ESC/POS stream, as {@link parseEscPos} reports it. */
export type EscPosCommand =
  | { kind: 'init' }
  | { kind: 'raster'; width: number; height: number; data: Uint8Array }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'status-request'; n: number };

/**
 * Parses the commands this module writes (and the status requests of tcpPrinter.ts). Anything
 * else is an error: the stream is ours, and a stray byte means a bug, not something to skip.
 */
export function parseEscPos(bytes: Uint8Array): EscPosCommand[] {
  const commands: EscPosCommand[] = [];
  let i = 0;
  const need = (n: number, what: string) => {
    if (i + n > bytes.length) throw new Error(`ESC/POS stream ends inside ${what} at byte ${i}`);
  };
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === LF) {
      commands.push({ kind: 'feed', lines: 1 });
      i += 1;
    } else if (b === ESC) {
      need(2, 'ESC');
      const c = bytes[i + 1]!;
      if (c === 0x40) {
        commands.push({ kind: 'init' });
        i += 2;
      } else if (c === 0x64) {
        need(3, 'ESC d');
        commands.push({ kind: 'feed', lines: bytes[i + 2]! });
        i += 3;
      } else throw unknown(bytes, i);
    } else if (b === GS) {
      need(2, 'GS');
      const c = bytes[i + 1]!;
      if (c === 0x76) {
        need(8, 'GS v 0 header');
        if (bytes[i + 2] !== 0x30 && bytes[i + 2] !== 0x00) throw unknown(bytes, i);
        const m = bytes[i + 3]!;
        if (m !== 0 && m !== 0x30) throw new Error(`GS v 0 with scaling mode ${m} at byte ${i} is not supported`);
        const bytesPerRow = bytes[i + 4]! | (bytes[i + 5]! << 8);
        const rows = bytes[i + 6]! | (bytes[i + 7]! << 8);
        const size = bytesPerRow * rows;
        i += 8;
        need(size, 'GS v 0 image data');
        commands.push({ kind: 'raster', width: bytesPerRow * 8, height: rows, data: bytes.slice(i, i + size) });
        i += size;
      } else if (c === 0x56) {
        need(3, 'GS V');
        const m = bytes[i + 2]!;
        if (m === 0 || m === 0x30 || m === 1 || m === 0x31) {
          commands.push({ kind: 'cut', partial: m === 1 || m === 0x31 });
          i += 3;
        } else if (m === 65 || m === 66) {
          // GS V 65/66 n: feed to the cutting position (+ n), then cut (65 full, 66 partial).
          need(4, 'GS V m n');
          commands.push({ kind: 'cut', partial: m === 66 });
          i += 4;
        } else throw unknown(bytes, i);
      } else throw unknown(bytes, i);
    } else if (b === DLE) {
      need(3, 'DLE EOT');
      if (bytes[i + 1] !== EOT) throw unknown(bytes, i);
      commands.push({ kind: 'status-request', n: bytes[i + 2]! });
      i += 3;
    } else throw unknown(bytes, i);
  }
  return commands;
}

function unknown(bytes: Uint8Array, i: number): Error {
  const hex = Array.from(bytes.subarray(i, i + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return new Error(`unexpected ESC/POS bytes at ${i}: ${hex}`);
}

/**
 * The images a stream prints. Consecutive `GS v 0` bands of the same width are one image (that
 * is how {@link encodeTicket} sends a tall one); a feed, a cut, an init or a change of width ends
 * it. Status requests print nothing and do not interrupt an image.
 */
export function decodeRaster(bytes: Uint8Array): Raster[] {
  const images: Raster[] = [];
  let bands: { width: number; height: number; data: Uint8Array }[] = [];
  const finish = () => {
    if (bands.length === 0) return;
    const height = bands.reduce((h, b) => h + b.height, 0);
    const data = new Uint8Array(bands.reduce((n, b) => n + b.data.length, 0));
    let at = 0;
    for (const b of bands) {
      data.set(b.data, at);
      at += b.data.length;
    }
    images.push({ width: bands[0]!.width, height, data });
    bands = [];
  };
  for (const command of parseEscPos(bytes)) {
    if (command.kind === 'raster') {
      if (bands.length > 0 && bands[0]!.width !== command.width) finish();
      bands.push(command);
    } else if (command.kind !== 'status-request') finish();
  }
  finish();
  return images;
}
