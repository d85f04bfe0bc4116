import type { SmallImage } from './skew';

/**
 * Is the page blank? Decided on the small grey copy (about 75 dpi) in the scan's own frame, so the
 * full-size image is never walked in JavaScript.
 *
 * - Only the interior counts: the paper box less margins, where punched holes, staples, the shadow of
 *   the paper's edge and the lid are.
 * - Ink is "much darker than this page's paper" (paper level = median of the interior), so grain,
 *   yellowed paper and faint bleed-through from the back (20–30 levels darker) are not ink.
 * - Specks (dust, a hair's end, a toner dot) are not ink: only connected marks of MIN_MARK_MM2 or more count.
 * - A scanner streak — dust on an ADF's glass draws a line down the whole scan, in the scanner's
 *   frame — is not ink: columns dark over (nearly) the whole paper height, margins included, are
 *   dropped. A form's vertical rules stop at the margins and are kept.
 */

/** Darker than the paper by this much = ink. Printed text and pen are 150+ darker; bleed-through 20–40. */
export const INK_CONTRAST = 70;
/**
 * Ink share of the interior under which a page is blank. Measured on the fixtures: blank backs
 * (grain, dust, bleed-through, holes, streaks) stay under 0.00002; one short line «صفحه ۲ از ۲» is
 * about 0.0004 and a lone signature about 0.0006. The threshold sits between, nearer the blanks.
 */
export const BLANK_INK_RATIO = 0.0001;

/** A box in the deskewed frame (the scan turned back by the skew about its centre), full-size pixels. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface InkGeometry {
  /** full-size scan dimensions */
  readonly width: number;
  readonly height: number;
  /** the scan's resolution */
  readonly dpi: number;
  /** the skew, degrees clockwise */
  readonly skewDeg: number;
  /** the paper in the deskewed frame (the whole scan when there is no border) */
  readonly paper: Box;
}

/** the smallest mark that counts, square millimetres (a Persian dot is ~0.15, a digit ~1.5) */
export const MIN_MARK_MM2 = 0.6;

/** Interior margins as shares of the paper: sides wider (punched holes sit 12 mm in on A4's 210 mm). */
const MARGIN_X = 0.085;
const MARGIN_Y = 0.06;

export interface InkAnalysis {
  /** share of ink pixels in the interior, 0..1 */
  readonly ratio: number;
  /** the paper's grey level (median of the interior) */
  readonly paperLevel: number;
}

export function inkAnalysis(img: SmallImage, geo: InkGeometry): InkAnalysis {
  const { width: sw, height: sh, px } = img;
  const fx = geo.width / sw;
  const fy = geo.height / sh;
  const t = (-geo.skewDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = geo.width / 2;
  const cy = geo.height / 2;
  const p = geo.paper;
  const ix0 = p.left + p.width * MARGIN_X;
  const ix1 = p.left + p.width * (1 - MARGIN_X);
  const iy0 = p.top + p.height * MARGIN_Y;
  const iy1 = p.top + p.height * (1 - MARGIN_Y);
  // 0 = outside the paper, 1 = paper margin, 2 = interior
  const region = new Uint8Array(sw * sh);
  const hist = new Float64Array(256);
  for (let y = 0; y < sh; y++) {
    const dy = (y + 0.5) * fy - cy;
    for (let x = 0; x < sw; x++) {
      const dx = (x + 0.5) * fx - cx;
      const u = cx + dx * cos - dy * sin;
      const v = cy + dx * sin + dy * cos;
      if (u < p.left + fx || u > p.left + p.width - fx || v < p.top + fy || v > p.top + p.height - fy) continue;
      const i = y * sw + x;
      if (u >= ix0 && u <= ix1 && v >= iy0 && v <= iy1) {
        region[i] = 2;
        hist[px[i]!]!++;
      } else region[i] = 1;
    }
  }
  let interior = 0;
  for (let i = 0; i < 256; i++) interior += hist[i]!;
  if (interior === 0) return { ratio: 0, paperLevel: 255 };
  let acc = 0;
  let paperLevel = 255;
  for (let i = 0; i < 256; i++) {
    acc += hist[i]!;
    if (acc >= interior / 2) {
      paperLevel = i;
      break;
    }
  }
  const below = paperLevel - INK_CONTRAST;
  const ink = new Uint8Array(sw * sh);
  for (let i = 0; i < ink.length; i++) if (region[i] !== 0 && px[i]! < below) ink[i] = 1;

  // Streaks: a column dark over ≥ 90 % of the paper it crosses, margins included.
  for (let x = 0; x < sw; x++) {
    let onPaper = 0;
    let dark = 0;
    for (let y = 0; y < sh; y++) {
      const i = y * sw + x;
      if (region[i] === 0) continue;
      onPaper++;
      // a streak pixel may be a little lighter where it crosses grain: count a neighbour column too
      if (ink[i] || (x > 0 && ink[i - 1]) || (x + 1 < sw && ink[i + 1])) dark++;
    }
    if (onPaper > sh * 0.3 && dark >= onPaper * 0.9) for (let y = 0; y < sh; y++) ink[y * sw + x] = 2;
  }

  // Marks, not specks: count ink in 8-connected pieces of at least MIN_MARK_MM2 (dust, a hair's
  // end, a toner dot are smaller; a word, a digit, a pen stroke are not).
  const minPixels = Math.max(2, Math.round(MIN_MARK_MM2 / ((fx * 25.4) / geo.dpi) / ((fy * 25.4) / geo.dpi)));
  let count = 0;
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (ink[start] !== 1 || region[start] !== 2) continue;
    let size = 0;
    ink[start] = 3;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      size++;
      const x = i % sw;
      for (let yy = -sw; yy <= sw; yy += sw) {
        for (let xx = -1; xx <= 1; xx++) {
          if ((x === 0 && xx < 0) || (x === sw - 1 && xx > 0)) continue;
          const j = i + yy + xx;
          if (j < 0 || j >= ink.length || ink[j] !== 1 || region[j] !== 2) continue;
          ink[j] = 3;
          stack.push(j);
        }
      }
    }
    if (size >= minPixels) count += size;
  }
  return { ratio: count / interior, paperLevel };
}
