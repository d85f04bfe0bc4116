import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Realistic scanned pages made on the fly, with the truth the pipeline must find: A4 paper at 300 dpi
 * grey with Persian content (Vazirmatn through Pango), rotated by a known angle and laid on a dark
 * scanner lid, as a flatbed or an ADF with a black backing delivers it. Blank backs carry what makes a
 * naive threshold call them non-blank (paper grain, dust, bleed-through, punched holes, an ADF streak);
 * near-blank pages that ARE content (one short line, a signature alone) make the other side of the
 * hard cases. Everything is deterministic from the seed. Used by the tests, `npm run bench -- capture`
 * and the eSCL simulator's demo pages.
 */

export const samplePageKinds = [
  'petition',
  'form',
  'idCard',
  'blankNoise',
  'blankBleed',
  'blankHoles',
  'blankStreak',
  'shortLine',
  'signature',
] as const;
export type SamplePageKind = (typeof samplePageKinds)[number];

const BLANK_KINDS: ReadonlySet<SamplePageKind> = new Set(['blankNoise', 'blankBleed', 'blankHoles', 'blankStreak']);

export interface SampleTruth {
  /** the paper's rotation in the scan, degrees, positive = clockwise */
  readonly angleDeg: number;
  /**
   * where the paper is once the scan is turned back by `angleDeg` about the scan's centre, keeping
   * the scan's own coordinates (the frame of ProcessedPage.crop), pixels
   */
  readonly paperBox: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
  readonly blank: boolean;
}

export interface SamplePage {
  readonly kind: SamplePageKind;
  readonly dpi: number;
  readonly width: number;
  readonly height: number;
  /** one byte per pixel, grey */
  readonly grey: Buffer;
  readonly truth: SampleTruth;
}

export interface SampleOptions {
  readonly seed: number;
  /** default: drawn from the seed in ±10° */
  readonly angleDeg?: number;
  /** default 300 */
  readonly dpi?: number;
  /** the scanner's lid or ADF backing behind the paper; default 'dark' (white: a flatbed with a white lid, no edge to find) */
  readonly lid?: 'dark' | 'white';
}

/** A small fast PRNG (mulberry32): the same seed gives the same page on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let fontDirectory: string | undefined;
function fontFile(weight: 'Regular' | 'Bold'): string {
  if (fontDirectory === undefined) {
    const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
    fontDirectory = path.join(path.dirname(createRequire(from).resolve('vazirmatn/package.json')), 'fonts', 'ttf');
  }
  return path.join(fontDirectory, `Vazirmatn-${weight}.ttf`);
}

/** A grey canvas: 0 = black, 255 = white. */
interface Canvas {
  readonly width: number;
  readonly height: number;
  readonly px: Uint8Array;
}

const PAPER = 236;
const INK = 38;
const LID = 34;
const WHITE_LID = 244;

function mm(dpi: number, millimetres: number): number {
  return Math.round((millimetres / 25.4) * dpi);
}

/** Paper with grain (per-pixel noise) and a gentle illumination gradient. */
function paper(width: number, height: number, rnd: () => number): Canvas {
  const px = new Uint8Array(width * height);
  const noise = new Int8Array(65536);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.round((rnd() + rnd() + rnd() - 1.5) * 6);
  const tilt = (rnd() - 0.5) * 8;
  let n = Math.floor(rnd() * 65536);
  for (let y = 0; y < height; y++) {
    const base = PAPER + (tilt * y) / height;
    for (let x = 0; x < width; x++) {
      px[y * width + x] = clamp(base + noise[n++ & 0xffff]!);
    }
    n += 7919;
  }
  return { width, height, px };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** Pango-rendered Persian text as coverage (0..255), right-aligned in `width` pixels. */
async function textCoverage(text: string, opts: { dpi: number; pt: number; width: number; weight?: 'Regular' | 'Bold'; align?: 'left' | 'centre' | 'right'; spacing?: number }): Promise<Canvas> {
  const weight = opts.weight ?? 'Regular';
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const { data, info } = await sharp({
    text: {
      text: escaped,
      font: `Vazirmatn ${weight === 'Bold' ? 'Bold ' : ''}${opts.pt}`,
      fontfile: fontFile(weight),
      dpi: opts.dpi,
      width: Math.max(1, Math.round(opts.width)),
      wrap: 'word',
      align: opts.align ?? 'right',
      ...(opts.spacing ? { spacing: opts.spacing } : {}),
    },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const px = new Uint8Array(info.width * info.height);
  for (let i = 0, j = 0; i < px.length; i++, j += info.channels) px[i] = data[j]!;
  return { width: info.width, height: info.height, px };
}

/** Darkens `dst` towards `ink` by the coverage in `cov`, with cov's top-left at (x, y). */
function stamp(dst: Canvas, cov: Canvas, x: number, y: number, ink = INK, strength = 1): void {
  for (let r = 0; r < cov.height; r++) {
    const dy = y + r;
    if (dy < 0 || dy >= dst.height) continue;
    for (let c = 0; c < cov.width; c++) {
      const a = cov.px[r * cov.width + c]!;
      if (a === 0) continue;
      const dx = x + c;
      if (dx < 0 || dx >= dst.width) continue;
      const i = dy * dst.width + dx;
      const p = dst.px[i]!;
      dst.px[i] = clamp(p - ((p - ink) * a * strength) / 255);
    }
  }
}

function fillRect(dst: Canvas, x: number, y: number, w: number, h: number, value: number): void {
  for (let r = Math.max(0, y); r < Math.min(dst.height, y + h); r++) dst.px.fill(value, r * dst.width + Math.max(0, x), r * dst.width + Math.min(dst.width, x + w));
}

function strokeRect(dst: Canvas, x: number, y: number, w: number, h: number, t: number): void {
  fillRect(dst, x, y, w, t, INK);
  fillRect(dst, x, y + h - t, w, t, INK);
  fillRect(dst, x, y, t, h, INK);
  fillRect(dst, x + w - t, y, t, h, INK);
}

function disc(dst: Canvas, cx: number, cy: number, radius: number, value: number): void {
  for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
    for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
      if (x < 0 || y < 0 || x >= dst.width || y >= dst.height) continue;
      const d = Math.hypot(x - cx, y - cy);
      if (d <= radius) dst.px[y * dst.width + x] = value;
      else if (d < radius + 1) {
        const i = y * dst.width + x;
        dst.px[i] = clamp(dst.px[i]! + (value - dst.px[i]!) * (radius + 1 - d));
      }
    }
  }
}

/** A few dust specks and hairs: dark, tiny, what makes `min(pixel) < 128` call a back "not blank". */
function dust(dst: Canvas, rnd: () => number, dpi: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const x = rnd() * dst.width;
    const y = rnd() * dst.height;
    disc(dst, x, y, 0.5 + rnd() * (dpi / 300) * 1.2, 40 + rnd() * 60);
  }
}

const PETITION_LINES = [
  'ریاست محترم شعبه ۱۲ دادگاه عمومی حقوقی تهران',
  'با سلام و احترام، اینجانب محمد رضایی فرزند علی به شماره ملی ۰۰۱۲۳۴۵۶۷۸ ساکن تهران، خیابان آزادی، پلاک ۴۵ به استحضار می‌رساند که در پرونده کلاسه AB-12345 مورخ ۱۴۰۵/۰۹/۰۷ دادنامه‌ای صادر شده است که نسبت به آن اعتراض دارم.',
  'نظر به اینکه خوانده در جلسه رسیدگی حاضر نبوده و لایحه‌ای نیز تقدیم نکرده است، و با توجه به مدارک پیوست شامل رونوشت مصدق قرارداد اجاره به شماره ۹۸۷۶۵ و گواهی بانک ملی، تقاضای رسیدگی مجدد و صدور حکم شایسته را دارم.',
  'ضمناً هزینه دادرسی به مبلغ ۲٬۵۰۰٬۰۰۰ ریال طی فیش شماره ۱۴۰۵۱۲۳۴۵۶ پرداخت شده و اصل آن ضمیمه است. خواهشمند است دستور فرمایید وقت رسیدگی از طریق سامانه ثنا ابلاغ شود.',
  'شماره تماس: ۰۹۱۲۳۴۵۶۷۸۹ — کد رهگیری: ۱۴۰۵۰۹۰۷۰۰۱۲۳',
];

async function petition(c: Canvas, rnd: () => number, dpi: number): Promise<void> {
  const margin = mm(dpi, 25);
  const width = c.width - 2 * margin;
  const title = await textCoverage('بسمه تعالی — دادخواست تجدیدنظر', { dpi, pt: 15, width, weight: 'Bold', align: 'centre' });
  stamp(c, title, Math.round((c.width - title.width) / 2), mm(dpi, 28));
  let y = mm(dpi, 28) + title.height + mm(dpi, 10);
  const paragraphs = 3 + Math.floor(rnd() * 2);
  for (let p = 0; p < paragraphs + 1 && p < PETITION_LINES.length; p++) {
    const block = await textCoverage(PETITION_LINES[p]!, { dpi, pt: 12, width });
    stamp(c, block, margin + width - block.width, y);
    y += block.height + mm(dpi, 6);
  }
  const sign = await textCoverage('با تشکر — امضا', { dpi, pt: 12, width: width / 2 });
  stamp(c, sign, c.width - margin - sign.width - mm(dpi, 20), y + mm(dpi, 10));
  signatureStroke(c, rnd, c.width - margin - mm(dpi, 60), y + mm(dpi, 25), mm(dpi, 50), mm(dpi, 15), dpi);
}

async function form(c: Canvas, rnd: () => number, dpi: number): Promise<void> {
  const margin = mm(dpi, 20);
  const width = c.width - 2 * margin;
  const title = await textCoverage('فرم درخواست خدمات قضایی', { dpi, pt: 16, width, weight: 'Bold', align: 'centre' });
  stamp(c, title, Math.round((c.width - title.width) / 2), mm(dpi, 22));
  const labels = ['نام و نام خانوادگی', 'کد ملی', 'شماره پرونده AB-12345', 'تاریخ ۱۴۰۵/۰۹/۰۷', 'نشانی', 'شماره تماس', 'نوع درخواست', 'امضای متقاضی'];
  const rows = 6 + Math.floor(rnd() * 3);
  const top = mm(dpi, 45);
  const rowH = mm(dpi, 24);
  const t = Math.max(2, Math.round(dpi / 100));
  for (let r = 0; r < rows; r++) {
    const y = top + r * rowH;
    strokeRect(c, margin, y, width / 2, rowH + t, t);
    strokeRect(c, margin + width / 2 - t, y, width / 2 + t, rowH + t, t);
    const label = await textCoverage(labels[r % labels.length]!, { dpi, pt: 11, width: width / 2 - mm(dpi, 8) });
    stamp(c, label, Math.round(margin + width - label.width - mm(dpi, 3)), y + mm(dpi, 4));
    if (rnd() < 0.6) {
      const value = await textCoverage(`${['علی', 'مریم', 'حسین', 'زهرا'][r % 4]} ${(r + 1) * 1234}`, { dpi, pt: 11, width: width / 2 - mm(dpi, 8) });
      stamp(c, value, Math.round(margin + width / 2 - value.width - mm(dpi, 4)), y + mm(dpi, 8), 60);
    }
  }
}

async function idCard(c: Canvas, rnd: () => number, dpi: number): Promise<void> {
  const margin = mm(dpi, 25);
  const width = c.width - 2 * margin;
  const heading = await textCoverage('رونوشت کارت ملی هوشمند متقاضی', { dpi, pt: 13, width, weight: 'Bold' });
  stamp(c, heading, margin + width - heading.width, mm(dpi, 30));
  // The card copied at 130 %: a tinted background, a photo with continuous tones, printed fields.
  const cw = mm(dpi, 85.6 * 1.3);
  const ch = mm(dpi, 54 * 1.3);
  const cx = Math.round((c.width - cw) / 2);
  const cy = mm(dpi, 50);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const i = (cy + y) * c.width + cx + x;
      c.px[i] = clamp(200 + 20 * Math.sin(x / 40) * Math.cos(y / 55) + (c.px[i]! - PAPER));
    }
  }
  strokeRect(c, cx, cy, cw, ch, 3);
  const pw = Math.round(cw * 0.3);
  const ph = Math.round(ch * 0.7);
  const px0 = cx + mm(dpi, 6);
  const py0 = cy + Math.round((ch - ph) / 2);
  const blobs = Array.from({ length: 6 }, () => ({ x: rnd() * pw, y: rnd() * ph, r: (0.15 + rnd() * 0.3) * pw, a: 20 + rnd() * 50 }));
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      let v = 190 - (50 * y) / ph;
      for (const b of blobs) v -= b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
      const i = (py0 + y) * c.width + px0 + x;
      c.px[i] = clamp(v + (c.px[i]! - PAPER) * 2);
    }
  }
  const fields = await textCoverage('نام: زهرا\nنام خانوادگی: احمدی\nشماره ملی: ۰۰۸۷۶۵۴۳۲۱\nتاریخ تولد: ۱۳۶۸/۰۴/۱۹', { dpi, pt: 11, width: cw - pw - mm(dpi, 16) });
  stamp(c, fields, cx + cw - fields.width - mm(dpi, 8), cy + mm(dpi, 10));
  const note = await textCoverage('برابر با اصل است. دفتر خدمات الکترونیک قضایی کد ۱۲۳۴ — AB-12345', { dpi, pt: 12, width });
  stamp(c, note, margin + width - note.width, cy + ch + mm(dpi, 15));
}

/** A pen signature: a looping stroke about w × h, drawn with round dabs. */
function signatureStroke(c: Canvas, rnd: () => number, x0: number, y0: number, w: number, h: number, dpi: number): void {
  const radius = Math.max(1, dpi / 180);
  const loops = 3 + rnd() * 3;
  const phase = rnd() * 6;
  const steps = Math.round(w * 3);
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const x = x0 + t * w + Math.sin(t * loops * 2 * Math.PI + phase) * h * 0.25;
    const y = y0 + h / 2 + Math.cos(t * loops * 2 * Math.PI * 1.3) * h * 0.4 * (1 - t * 0.5);
    disc(c, x, y, radius, 55);
  }
}

async function bleedThrough(c: Canvas, dpi: number): Promise<void> {
  const margin = mm(dpi, 25);
  const text = PETITION_LINES.join('\n');
  const cov = await textCoverage(text, { dpi, pt: 12, width: c.width - 2 * margin });
  // Seen through the paper: mirrored, blurred, faint.
  const { data, info } = await sharp(Buffer.from(cov.px), { raw: { width: cov.width, height: cov.height, channels: 1 } })
    .flop()
    .blur(2.2)
    .raw()
    .toBuffer({ resolveWithObject: true });
  stamp(c, { width: info.width, height: info.height, px: data }, margin, mm(dpi, 45), INK, 0.11);
}

async function drawContent(kind: SamplePageKind, c: Canvas, rnd: () => number, dpi: number): Promise<void> {
  switch (kind) {
    case 'petition':
      return petition(c, rnd, dpi);
    case 'form':
      return form(c, rnd, dpi);
    case 'idCard':
      return idCard(c, rnd, dpi);
    case 'shortLine': {
      const line = await textCoverage('صفحه ۲ از ۲', { dpi, pt: 11, width: mm(dpi, 60) });
      stamp(c, line, Math.round(c.width / 2 - line.width / 2 + (rnd() - 0.5) * mm(dpi, 60)), Math.round(mm(dpi, 40) + rnd() * mm(dpi, 200)));
      return;
    }
    case 'signature':
      signatureStroke(c, rnd, Math.round(mm(dpi, 40) + rnd() * mm(dpi, 80)), Math.round(mm(dpi, 120) + rnd() * mm(dpi, 100)), mm(dpi, 45), mm(dpi, 14), dpi);
      return;
    case 'blankBleed':
      return bleedThrough(c, dpi);
    case 'blankHoles':
      for (const dy of [-40, 40]) disc(c, mm(dpi, 12), c.height / 2 + mm(dpi, dy), mm(dpi, 3), LID);
      return;
    case 'blankNoise':
    case 'blankStreak':
      return;
  }
}

/**
 * One scanned page: the paper drawn, rotated by the truth's angle, laid on a dark lid with uneven
 * margins; streaks (dust on an ADF's glass) run down the whole scan, in the scanner's frame.
 */
export async function samplePage(kind: SamplePageKind, options: SampleOptions): Promise<SamplePage> {
  const rnd = seededRandom(options.seed * 7919 + samplePageKinds.indexOf(kind) * 104729 + 1);
  const dpi = options.dpi ?? 300;
  const angleDeg = options.angleDeg ?? Math.round((rnd() * 20 - 10) * 100) / 100;
  const pw = mm(dpi, 210);
  const ph = mm(dpi, 297);
  const sheet = paper(pw, ph, rnd);
  await drawContent(kind, sheet, rnd, dpi);
  dust(sheet, rnd, dpi, 25 + Math.floor(rnd() * 40));
  if (kind !== 'blankHoles' && rnd() < 0.25) for (const dy of [-40, 40]) disc(sheet, mm(dpi, 12), ph / 2 + mm(dpi, dy), mm(dpi, 3), LID);

  // grey + alpha, rotated clockwise by the angle: the alpha carries the anti-aliased paper edge.
  const ga = Buffer.alloc(pw * ph * 2, 255);
  for (let i = 0; i < sheet.px.length; i++) ga[i * 2] = sheet.px[i]!;
  const rotated = await sharp(ga, { raw: { width: pw, height: ph, channels: 2 } })
    .rotate(angleDeg, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rw = rotated.info.width;
  const rh = rotated.info.height;
  const ch = rotated.info.channels;
  const ml = mm(dpi, 2 + rnd() * 10);
  const mt = mm(dpi, 2 + rnd() * 10);
  const width = rw + ml + mm(dpi, 2 + rnd() * 10);
  const height = rh + mt + mm(dpi, 2 + rnd() * 10);
  const grey = Buffer.alloc(width * height);
  const lid = options.lid === 'white' ? WHITE_LID : LID;
  for (let i = 0; i < grey.length; i++) grey[i] = lid + Math.floor(rnd() * 9) - 4;
  for (let y = 0; y < rh; y++) {
    for (let x = 0; x < rw; x++) {
      const s = (y * rw + x) * ch;
      const a = rotated.data[s + ch - 1]!;
      if (a === 0) continue;
      const d = (y + mt) * width + x + ml;
      grey[d] = clamp(grey[d]! + ((rotated.data[s]! - grey[d]!) * a) / 255);
    }
  }
  if (kind === 'blankStreak' || rnd() < 0.15) {
    const sx = Math.round(ml + rw * (0.2 + rnd() * 0.6));
    const sw = Math.max(2, Math.round(dpi / 100));
    for (let y = 0; y < height; y++) for (let x = sx; x < sx + sw; x++) grey[y * width + x] = Math.min(grey[y * width + x]!, 70);
  }
  // The paper's centre sits at the rotated image's centre; turned back about the scan's centre it moves by R(-a).
  const pcx = ml + rw / 2;
  const pcy = mt + rh / 2;
  const a = (-angleDeg * Math.PI) / 180;
  const dx = pcx - width / 2;
  const dy = pcy - height / 2;
  const cx = width / 2 + dx * Math.cos(a) - dy * Math.sin(a);
  const cy = height / 2 + dx * Math.sin(a) + dy * Math.cos(a);
  return {
    kind,
    dpi,
    width,
    height,
    grey,
    truth: { angleDeg, paperBox: { left: cx - pw / 2, top: cy - ph / 2, width: pw, height: ph }, blank: BLANK_KINDS.has(kind) },
  };
}

/** A mixed batch, the way a counter's ADF delivers it: content pages with blank backs in between. */
export async function samplePages(count: number, seed: number): Promise<SamplePage[]> {
  const pages: SamplePage[] = [];
  for (let i = 0; i < count; i++) pages.push(await samplePage(samplePageKinds[i % samplePageKinds.length]!, { seed: seed + i }));
  return pages;
}

/** A sample as the scanner would send it: PNG (grey, with its dpi) — what RawPage.data holds. */
export function samplePng(page: SamplePage): Promise<Buffer> {
  return sharp(page.grey, { raw: { width: page.width, height: page.height, channels: 1 } })
    .withMetadata({ density: page.dpi })
    .png({ compressionLevel: 1, effort: 1 })
    .toBuffer();
}

/** A sample as binary PGM (P5), the input unpaper reads. */
export function samplePgm(page: SamplePage): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${page.width} ${page.height}\n255\n`, 'ascii'), page.grey]);
}
