import sharp, { type Sharp } from 'sharp';
import { ScannerError, type RawPage } from '../capture/types';
import { inkAnalysis, BLANK_INK_RATIO, INK_CONTRAST, type Box } from './blank';
import { decodePnm, type RawPixels } from './pnm';
import { THUMB_WIDTH, VIEW_HEIGHT } from './preview';
import { findPaperEdges, skewFromEdges, skewFromProjection, type EdgeLine, type PaperEdges, type SmallImage } from './skew';
import type { PipelineOptions, ProcessedPage, ProcessPage } from './types';

/**
 * One raw page → a stored page: decode once to raw pixels (grey straight away for grey/bw), find
 * skew, paper and blankness on a ~75 dpi copy, then one rotate + crop at full size, and the encodes
 * (stored image, view, thumb) from that one buffer. See README.md for the choices and the numbers.
 */

/** A4 at 600 dpi in colour is 35 MP; anything past 100 MP is a decompression bomb, not a page. */
export const DEFAULT_LIMIT_INPUT_PIXELS = 100_000_000;
/** analysis resolution */
const ANALYSIS_DPI = 75;
/** below this the page is left unrotated (at A4's 3508 px height, 0.03° is under 2 px across the page) */
const MIN_ROTATION_DEG = 0.03;
const JPEG_QUALITY = 75;
/**
 * Huffman-optimised JPEG: ~20 % smaller, but 4–6× the encode time on a grainy 300 dpi page
 * (measured ~250 ms vs ~50 ms single-threaded); README has the numbers.
 */
const OPTIMISE_JPEG = false;
/** where printed and written ink sits on any scanner's grey scale; levels keep it there */
const INK_LEVEL = 40;

export const processPage: ProcessPage = async (page, options) => {
  const limit = options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS;
  const grey = options.colorMode !== 'color';
  const input = await decode(page, grey, limit);
  const dpi = page.dpi > 0 ? page.dpi : 300;
  const { width, height, channels } = input;

  const f = Math.max(1, dpi / ANALYSIS_DPI);
  const sw = Math.max(1, Math.round(width / f));
  const sh = Math.max(1, Math.round(height / f));
  const smallBuf = await rawSharp(input)
    .resize(sw, sh, { fit: 'fill', kernel: 'linear' })
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  const small: SmallImage = { width: sw, height: sh, px: smallBuf };

  const edges = findPaperEdges(small);
  let skewDeg = 0;
  if (options.deskew !== false) {
    const fromEdges = edges ? skewFromEdges(edges) : null;
    skewDeg = fromEdges ?? skewFromProjection(small, medianOf(small.px) - INK_CONTRAST) ?? 0;
  }
  const whole: Box = { left: 0, top: 0, width, height };
  const paper = edges ? paperBox(edges, skewDeg, width, height, sw, sh) : whole;
  const ink = inkAnalysis(small, { width, height, dpi, skewDeg, paper });
  const cropBox = options.crop !== false && edges ? paper : null;

  // Full size: rotate only the part of the scan that holds the paper.
  const rotate = Math.abs(skewDeg) >= MIN_ROTATION_DEG;
  const target = cropBox ?? rotatedCanvas(width, height, skewDeg);
  const region = rotate ? sourceRegion(target, skewDeg, width, height) : intersect(target, whole);
  let deskewed = rawSharp(input).extract(region);
  if (rotate) deskewed = deskewed.rotate(-skewDeg, { background: { r: 255, g: 255, b: 255 } });
  if (channels === 1) deskewed = deskewed.toColourspace('b-w');
  const rot = await deskewed.raw().toBuffer({ resolveWithObject: true });
  const rotW = rot.info.width;
  const rotH = rot.info.height;
  // The deskewed frame and this buffer differ by a translation only.
  const off = rotate ? frameOffset(region, skewDeg, width, height, rotW, rotH) : { x: -region.left, y: -region.top };
  const extract = intersect(
    {
      left: Math.round(target.left + off.x),
      top: Math.round(target.top + off.y),
      width: Math.round(target.width),
      height: Math.round(target.height),
    },
    { left: 0, top: 0, width: rotW, height: rotH },
  );
  let final = sharp(rot.data, { raw: { width: rotW, height: rotH, channels: rot.info.channels } }).extract(extract);
  if (options.rotate) final = final.rotate(options.rotate);
  // bw: one threshold between paper and ink. Grey/colour: the paper's grain and tint go to white
  // (levels: paper − 14 → 255, ink kept) — what a scanner driver's auto-levels does; the stored JPEG
  // is half the size and the encode faster, with nothing of the writing lost.
  if (options.colorMode === 'bw') final = final.threshold(bwThreshold(ink.paperLevel));
  else if (ink.paperLevel > INK_LEVEL + 60) {
    const gain = (255 - INK_LEVEL) / (ink.paperLevel - 14 - INK_LEVEL);
    final = final.linear(gain, INK_LEVEL - INK_LEVEL * gain);
  }
  if (rot.info.channels === 1) final = final.toColourspace('b-w');
  const out = await final.raw().toBuffer({ resolveWithObject: true });
  const outRaw = () => sharp(out.data, { raw: { width: out.info.width, height: out.info.height, channels: out.info.channels } });

  // One after the other: in parallel they would hold three libvips pipelines' buffers at once
  // (measured: +200 MB peak with two workers), for no gain with one libvips thread per worker.
  const image =
    options.colorMode === 'bw'
      ? await outRaw().toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1, xres: dpi / 25.4, yres: dpi / 25.4, resolutionUnit: 'inch' }).toBuffer()
      : await (out.info.channels === 1 ? outRaw().toColourspace('b-w') : outRaw()).withDensity(dpi).jpeg({ quality: JPEG_QUALITY, optimiseCoding: OPTIMISE_JPEG }).toBuffer();
  const viewRaw = await outRaw().resize({ height: Math.min(VIEW_HEIGHT, out.info.height) }).raw().toBuffer({ resolveWithObject: true });
  const viewSharp = () => sharp(viewRaw.data, { raw: { width: viewRaw.info.width, height: viewRaw.info.height, channels: viewRaw.info.channels } });
  const view = await viewSharp().jpeg({ quality: 80 }).toBuffer();
  // the thumbnail from the view: a tenth of the pixels to shrink
  const thumb = await viewSharp().resize({ width: Math.min(THUMB_WIDTH, viewRaw.info.width) }).jpeg({ quality: 70 }).toBuffer();

  return {
    image,
    mime: options.colorMode === 'bw' ? 'image/tiff' : 'image/jpeg',
    widthPx: out.info.width,
    heightPx: out.info.height,
    dpi,
    deskewDeg: Math.round(skewDeg * 1000) / 1000,
    crop: cropBox ? { left: Math.round(cropBox.left), top: Math.round(cropBox.top), width: Math.round(cropBox.width), height: Math.round(cropBox.height) } : null,
    blank: ink.ratio < BLANK_INK_RATIO,
    inkRatio: ink.ratio,
    thumb,
    view,
  };
};

function rawSharp(p: RawPixels): Sharp {
  return sharp(p.data, { raw: { width: p.width, height: p.height, channels: p.channels } });
}

async function decode(page: RawPage, grey: boolean, limit: number): Promise<RawPixels> {
  if (page.data.length === 0) throw new ScannerError('BAD_DATA', `page ${page.index}: no image data`);
  if (page.mime === 'image/x-portable-anymap') {
    let pnm: RawPixels;
    try {
      pnm = decodePnm(page.data, limit);
    } catch (err) {
      throw new ScannerError(err instanceof RangeError ? 'FILE_TOO_LARGE' : 'BAD_DATA', `page ${page.index}: ${(err as Error).message}`, { cause: err });
    }
    if (grey && pnm.channels === 3) return toRaw(rawSharp(pnm).greyscale(), page.index);
    if (!grey && pnm.channels === 1) return toRaw(rawSharp(pnm).toColourspace('srgb'), page.index);
    return pnm;
  }
  const input = sharp(page.data, { limitInputPixels: limit, failOn: 'error' }).autoOrient();
  return toRaw(grey ? input.greyscale() : input.removeAlpha().toColourspace('srgb'), page.index);
}

async function toRaw(s: Sharp, index: number): Promise<RawPixels> {
  try {
    const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 1 && info.channels !== 3) throw new Error(`unexpected ${info.channels} channels`);
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (err) {
    const message = (err as Error).message;
    if (/pixel limit/i.test(message)) throw new ScannerError('FILE_TOO_LARGE', `page ${index}: ${message}`, { cause: err });
    throw new ScannerError('BAD_DATA', `page ${index}: not a readable image (${message})`, { cause: err });
  }
}

function medianOf(px: Uint8Array): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < px.length; i++) hist[px[i]!]!++;
  let acc = 0;
  for (let i = 0; i < 256; i++) {
    acc += hist[i]!;
    if (acc >= px.length / 2) return i;
  }
  return 255;
}

/** Black and white: half-way between this page's paper and ink (ink sits near 30–60 on any scanner). */
function bwThreshold(paperLevel: number): number {
  return Math.max(64, Math.min(200, Math.round((paperLevel + INK_LEVEL) / 2)));
}

interface Point {
  x: number;
  y: number;
}

/** Turns p by `deg` clockwise about (cx, cy). */
function turn(p: Point, deg: number, cx: number, cy: number): Point {
  const t = (deg * Math.PI) / 180;
  const dx = p.x - cx;
  const dy = p.y - cy;
  return { x: cx + dx * Math.cos(t) - dy * Math.sin(t), y: cy + dx * Math.sin(t) + dy * Math.cos(t) };
}

/**
 * The paper in the deskewed frame (the scan turned back by the skew about its centre, same
 * coordinates), full-size pixels. A side that was not traced (the paper reaches the scan's edge
 * there) is the scan's edge.
 */
function paperBox(edges: PaperEdges, skewDeg: number, width: number, height: number, sw: number, sh: number): Box {
  const fx = width / sw;
  const fy = height / sh;
  // Sides as full-size lines; a missing side is the scan's own edge.
  const vertical = (l: EdgeLine | null, fallback: number) => (l ? { a: l.a * fx, b: (l.b * fx) / fy } : { a: fallback, b: 0 });
  const horizontal = (l: EdgeLine | null, fallback: number) => (l ? { a: l.a * fy, b: (l.b * fy) / fx } : { a: fallback, b: 0 });
  const left = vertical(edges.left, 0);
  const right = vertical(edges.right, width);
  const top = horizontal(edges.top, 0);
  const bottom = horizontal(edges.bottom, height);
  // The paper's centre: where the mid-lines cross (iterate: x depends on y and y on x).
  let cx = width / 2;
  let cy = height / 2;
  for (let k = 0; k < 4; k++) {
    cx = (left.a + left.b * cy + right.a + right.b * cy) / 2;
    cy = (top.a + top.b * cx + bottom.a + bottom.b * cx) / 2;
  }
  const back = (p: Point) => turn(p, -skewDeg, width / 2, height / 2);
  const l = back({ x: left.a + left.b * cy, y: cy }).x;
  const r = back({ x: right.a + right.b * cy, y: cy }).x;
  const t = back({ x: cx, y: top.a + top.b * cx }).y;
  const b = back({ x: cx, y: bottom.a + bottom.b * cx }).y;
  return { left: l, top: t, width: r - l, height: b - t };
}

/** The whole scan in the deskewed frame: its bounding box once turned back. */
function rotatedCanvas(width: number, height: number, skewDeg: number): Box {
  const corners = [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: 0, y: height },
    { x: width, y: height },
  ].map((p) => turn(p, -skewDeg, width / 2, height / 2));
  return boundsOf(corners);
}

function boundsOf(points: Point[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}

/** The part of the scan a deskewed box comes from, clamped to the scan, whole pixels. */
function sourceRegion(box: Box, skewDeg: number, width: number, height: number): Box {
  const corners = [
    { x: box.left, y: box.top },
    { x: box.left + box.width, y: box.top },
    { x: box.left, y: box.top + box.height },
    { x: box.left + box.width, y: box.top + box.height },
  ].map((p) => turn(p, skewDeg, width / 2, height / 2));
  const b = boundsOf(corners);
  const left = Math.max(0, Math.floor(b.left) - 2);
  const top = Math.max(0, Math.floor(b.top) - 2);
  return { left, top, width: Math.min(width, Math.ceil(b.left + b.width) + 2) - left, height: Math.min(height, Math.ceil(b.top + b.height) + 2) - top };
}

/**
 * sharp turns the extracted region about its own centre and grows the canvas to fit; a point P of
 * the deskewed frame lands at P + offset in that buffer.
 */
function frameOffset(region: Box, skewDeg: number, width: number, height: number, rotW: number, rotH: number): Point {
  const c = { x: width / 2, y: height / 2 };
  const rc = { x: region.left + region.width / 2, y: region.top + region.height / 2 };
  const back = turn({ x: c.x - rc.x, y: c.y - rc.y }, -skewDeg, 0, 0);
  return { x: rotW / 2 - c.x + back.x, y: rotH / 2 - c.y + back.y };
}

function intersect(a: Box, b: Box): { left: number; top: number; width: number; height: number } {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.left + a.width, b.left + b.width);
  const bottom = Math.min(a.top + a.height, b.top + b.height);
  const l = Math.round(left);
  const t = Math.round(top);
  return { left: l, top: t, width: Math.max(1, Math.round(right) - l), height: Math.max(1, Math.round(bottom) - t) };
}

export type { PipelineOptions, ProcessedPage };
