/**
 * Skew and paper finding on a small grey copy of the scan (about 75 dpi, one byte per pixel).
 *
 * Two ways, the first that works wins:
 * 1. Paper edges against a dark lid/backing (flatbeds with a black lid, ADFs with a black backing
 *    plate): each of the four sides is traced with sub-pixel edge positions and fitted as a line,
 *    outliers dropped. The paper's own edges give the angle (text-free backs included) and the crop.
 * 2. No dark border (a white lid): a projection profile of the ink, coarse-to-fine over ±10°.
 */

export interface SmallImage {
  readonly width: number;
  readonly height: number;
  readonly px: Uint8Array;
}

/** A side of the paper as a line in the small image: x = a + b·y for left/right, y = a + b·x for top/bottom. */
export interface EdgeLine {
  readonly a: number;
  readonly b: number;
  /** points kept by the robust fit */
  readonly inliers: number;
}

export interface PaperEdges {
  readonly left: EdgeLine | null;
  readonly right: EdgeLine | null;
  readonly top: EdgeLine | null;
  readonly bottom: EdgeLine | null;
  /** grey level between lid and paper */
  readonly threshold: number;
}

export const MAX_SKEW_DEG = 10;

/** Otsu's threshold over a histogram of 256 bins. */
export function otsu(hist: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i]!;
    sum += i * hist[i]!;
  }
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/**
 * Whether the scan has a dark border all around the paper (the lid shows): most of the outermost
 * ring of pixels is darker than the lid/paper threshold, on at least two opposite sides.
 */
function darkBorder(img: SmallImage, threshold: number): boolean {
  const { width, height, px } = img;
  const darkShare = (xs: number, ys: number, dx: number, dy: number, n: number) => {
    let dark = 0;
    for (let k = 0; k < n; k++) if (px[(ys + dy * k) * width + xs + dx * k]! < threshold) dark++;
    return dark / n;
  };
  const top = darkShare(0, 1, 1, 0, width);
  const bottom = darkShare(0, height - 2, 1, 0, width);
  const left = darkShare(1, 0, 0, 1, height);
  const right = darkShare(width - 2, 0, 0, 1, height);
  return (top > 0.6 && bottom > 0.6) || (left > 0.6 && right > 0.6);
}

/** Robust straight-line fit v = a + b·u: least squares, then twice again without points off by more than `tol`. */
function fitLine(us: number[], vs: number[], tol: number): EdgeLine | null {
  let keep = us.map(() => true);
  let a = 0;
  let b = 0;
  let n = 0;
  for (let round = 0; round < 4; round++) {
    let su = 0;
    let sv = 0;
    let suu = 0;
    let suv = 0;
    n = 0;
    for (let i = 0; i < us.length; i++) {
      if (!keep[i]) continue;
      const u = us[i]!;
      const v = vs[i]!;
      su += u;
      sv += v;
      suu += u * u;
      suv += u * v;
      n++;
    }
    if (n < 20) return null;
    const den = n * suu - su * su;
    if (den === 0) return null;
    b = (n * suv - su * sv) / den;
    a = (sv - b * su) / n;
    // Widest residual band first, then tighter: a hole, a torn corner or a staple is dropped.
    const limit = round === 0 ? tol * 4 : round === 1 ? tol * 2 : tol;
    keep = us.map((u, i) => Math.abs(vs[i]! - (a + b * u)) <= limit);
  }
  return { a, b, inliers: n };
}

/**
 * Traces one side: for each scan line in the middle half of the paper's extent, the first place,
 * coming from outside, where three pixels in a row are paper; interpolated to sub-pixel.
 */
function traceSide(img: SmallImage, threshold: number, side: 'left' | 'right' | 'top' | 'bottom', from: number, to: number): EdgeLine | null {
  const { width, height, px } = img;
  const horizontal = side === 'left' || side === 'right';
  const length = horizontal ? width : height;
  const forward = side === 'left' || side === 'top';
  const at = (line: number, k: number) => (horizontal ? px[line * width + k]! : px[k * width + line]!);
  const us: number[] = [];
  const vs: number[] = [];
  for (let line = from; line < to; line++) {
    if (at(line, forward ? 0 : length - 1) >= threshold) continue; // the paper reaches the scan's edge here
    for (let s = 1; s < length - 3; s++) {
      const k = forward ? s : length - 1 - s;
      const step = forward ? 1 : -1;
      if (at(line, k) >= threshold && at(line, k + step) >= threshold && at(line, k + 2 * step) >= threshold) {
        const outside = at(line, k - step);
        const inside = at(line, k);
        const frac = inside === outside ? 0 : (threshold - outside) / (inside - outside);
        // Pixel centres: the crossing lies between k - step and k.
        us.push(line + 0.5);
        vs.push(k - step + step * frac + 0.5);
        break;
      }
    }
  }
  return fitLine(us, vs, 1.0);
}

export function findPaperEdges(img: SmallImage): PaperEdges | null {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.px.length; i++) hist[img.px[i]!]!++;
  const threshold = otsu(hist);
  if (!darkBorder(img, threshold)) return null;
  // The paper's extent: rows / columns with a fair share of paper pixels.
  const rowHas = (y: number) => {
    let n = 0;
    for (let x = 0; x < img.width; x++) if (img.px[y * img.width + x]! >= threshold) n++;
    return n > img.width * 0.1;
  };
  const colHas = (x: number) => {
    let n = 0;
    for (let y = 0; y < img.height; y++) if (img.px[y * img.width + x]! >= threshold) n++;
    return n > img.height * 0.1;
  };
  let y0 = 0;
  while (y0 < img.height && !rowHas(y0)) y0++;
  let y1 = img.height - 1;
  while (y1 > y0 && !rowHas(y1)) y1--;
  let x0 = 0;
  while (x0 < img.width && !colHas(x0)) x0++;
  let x1 = img.width - 1;
  while (x1 > x0 && !colHas(x1)) x1--;
  if (y1 - y0 < 40 || x1 - x0 < 40) return null;
  // Middle half: at ±10° the other sides never reach in there.
  const ry = [Math.round(y0 + (y1 - y0) * 0.25), Math.round(y0 + (y1 - y0) * 0.75)] as const;
  const rx = [Math.round(x0 + (x1 - x0) * 0.25), Math.round(x0 + (x1 - x0) * 0.75)] as const;
  return {
    left: traceSide(img, threshold, 'left', ...ry),
    right: traceSide(img, threshold, 'right', ...ry),
    top: traceSide(img, threshold, 'top', ...rx),
    bottom: traceSide(img, threshold, 'bottom', ...rx),
    threshold,
  };
}

/** The paper's skew from its edges, degrees clockwise; null when no side was traced. */
export function skewFromEdges(edges: PaperEdges): number | null {
  const estimates: { deg: number; weight: number }[] = [];
  const rad2deg = 180 / Math.PI;
  // A vertical side turned clockwise leans left going down (x falls as y grows); a horizontal side falls to the right.
  if (edges.left) estimates.push({ deg: -Math.atan(edges.left.b) * rad2deg, weight: edges.left.inliers });
  if (edges.right) estimates.push({ deg: -Math.atan(edges.right.b) * rad2deg, weight: edges.right.inliers });
  if (edges.top) estimates.push({ deg: Math.atan(edges.top.b) * rad2deg, weight: edges.top.inliers });
  if (edges.bottom) estimates.push({ deg: Math.atan(edges.bottom.b) * rad2deg, weight: edges.bottom.inliers });
  if (estimates.length === 0) return null;
  // Sides that disagree with the median (a folded corner, a tear along a side) are left out.
  const sorted = estimates.map((e) => e.deg).sort((p, q) => p - q);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const agreeing = estimates.filter((e) => Math.abs(e.deg - median) <= 0.3);
  const weight = agreeing.reduce((s, e) => s + e.weight, 0);
  const deg = agreeing.reduce((s, e) => s + e.deg * e.weight, 0) / weight;
  return Math.abs(deg) <= MAX_SKEW_DEG + 0.5 ? deg : null;
}

/**
 * Skew of the text by projection profile: ink pixels projected onto the normal of a trial angle;
 * the sum of squared row counts peaks when text lines fall into few rows. Coarse 0.5° steps over
 * ±10°, then 0.05° and 0.01° around the best. Returns degrees clockwise, or null with too little ink.
 */
export function skewFromProjection(img: SmallImage, inkBelow: number): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  const { width, height, px } = img;
  const step = Math.max(1, Math.round(Math.sqrt((width * height) / 400_000)));
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x++) {
      if (px[y * width + x]! < inkBelow) {
        xs.push(x - width / 2);
        ys.push(y - height / 2);
      }
    }
  }
  if (xs.length < 200) return null;
  const diag = Math.ceil(Math.hypot(width, height));
  const bins = new Float64Array(2 * diag + 2);
  const score = (deg: number) => {
    const t = (deg * Math.PI) / 180;
    const c = Math.cos(t);
    const s = Math.sin(t);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! * c - xs[i]! * s) + diag]!++;
    let sum = 0;
    for (let i = 0; i < bins.length; i++) sum += bins[i]! * bins[i]!;
    return sum;
  };
  let best = 0;
  for (const [span, stepDeg] of [
    [MAX_SKEW_DEG, 0.5],
    [0.5, 0.05],
    [0.05, 0.01],
  ] as const) {
    let bestScore = -1;
    let bestDeg = best;
    const centre = best;
    for (let d = centre - span; d <= centre + span + 1e-9; d += stepDeg) {
      const sc = score(d);
      if (sc > bestScore) {
        bestScore = sc;
        bestDeg = d;
      }
    }
    best = bestDeg;
  }
  return best;
}
