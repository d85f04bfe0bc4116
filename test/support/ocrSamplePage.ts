import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';

/**
 * A page of Persian text as a scanner would deliver it (black on white, 300 dpi by default), drawn
 * with Vazirmatn through Pango/HarfBuzz — for OCR tests, the benchmark and the PDF tests. The
 * source text is known, so recognition can be scored against it.
 */

/** Lines a counter really sees: numbers in both digit sets, a Latin tracking code, Persian text. */
export const SAMPLE_LINES: readonly string[] = [
  'درخواست شماره ۱۴۰۵۲۳۷۸ در دفتر خدمات الکترونیک قضایی ثبت شد.',
  'کد رهگیری AB-12345 را برای پیگیری نگه دارید.',
  'مبلغ ۷۷۰٬۰۰۰ ریال در تاریخ ۱۴۰۵/۰۳/۰۶ پرداخت شد.',
  'شماره پرونده 9809982110400567 نزد شعبه ۲۴ دادگاه است.',
  'متقاضی باید اصل شناسنامه و کارت ملی را همراه داشته باشد.',
  'ابلاغ الکترونیک از طریق سامانه ثنا انجام می‌شود.',
];

export interface SamplePage {
  readonly png: Buffer;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly dpi: number;
  readonly lines: readonly string[];
}

function vazirmatn(weight: 'Regular' | 'Bold'): string {
  const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
  const pkg = createRequire(from).resolve('vazirmatn/package.json');
  return path.join(path.dirname(pkg), 'fonts', 'ttf', `Vazirmatn-${weight}.ttf`);
}

/**
 * Renders `lines` right-aligned on an A4-wide page (at `dpi`), one text line per entry, 12 pt.
 * The PNG is 8-bit grey.
 */
export async function renderSamplePage(
  lines: readonly string[] = SAMPLE_LINES,
  options: { dpi?: number; pointSize?: number; heightMm?: number } = {},
): Promise<SamplePage> {
  const dpi = options.dpi ?? 300;
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  const widthPx = px(210);
  const margin = px(20);
  const fontPx = Math.round(((options.pointSize ?? 12) / 72) * dpi);
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // Each line starts with an RLM: a line that begins with Latin digits stays a right-to-left paragraph.
  const markup = lines.map((l) => `\u200F${escape(l)}`).join('\n');
  const { data, info } = await sharp({
    text: {
      text: markup,
      font: `Vazirmatn ${fontPx}px`,
      fontfile: vazirmatn('Regular'),
      dpi: 72,
      // Pango mirrors alignment for right-to-left paragraphs: 'left' sets them flush right.
      align: 'left',
      width: widthPx - 2 * margin,
      wrap: 'word',
      spacing: Math.round(fontPx * 0.8),
    },
  })
    .extractChannel(0)
    .negate()
    .png()
    .toBuffer({ resolveWithObject: true });
  const heightPx = Math.max(options.heightMm ? px(options.heightMm) : 0, info.height + 2 * margin);
  const png = await sharp({ create: { width: widthPx, height: heightPx, channels: 3, background: '#ffffff' } })
    .composite([{ input: data, left: widthPx - margin - info.width, top: margin }])
    .greyscale()
    .withMetadata({ density: dpi })
    .png()
    .toBuffer();
  return { png, widthPx, heightPx, dpi, lines };
}
