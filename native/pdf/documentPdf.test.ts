import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrPool } from '../ocr/ocrPool';
import { renderSamplePage, SAMPLE_LINES, type SamplePage } from '../../test/support/ocrSamplePage';
import type { OcrLine, OcrPage } from '../ocr/types';
import { buildDocumentPdf } from './documentPdf';
import { pngPassthrough } from './pngImage';
import type { DocumentPdfInput, PdfPageInput } from './types';
import { resolveLine } from './visualRuns';
import bidiFactory from 'bidi-js';

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'document-pdf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function save(pdf: Uint8Array): string {
  const file = path.join(dir, `d${++fileNo}.pdf`);
  writeFileSync(file, pdf);
  return file;
}
const tool = async (cmd: string, ...args: string[]) => (await run(cmd, args, { maxBuffer: 64 << 20 })).stdout;
/** pdftotext wraps runs in LRE/RLE…PDF: strip them, as a search index would */
const pdftotext = async (file: string) => (await tool('pdftotext', file, '-')).replace(/[\u202A-\u202C]/g, '');
const noSpace = (s: string) => s.replace(/\s+/g, '');

const meta: DocumentPdfInput['meta'] = {
  title: 'پرونده ۱۴۰۵/۱۲۳ — دادخواست',
  subject: 'درخواست 1405-0000123',
  author: 'دفتر خدمات الکترونیک قضایی کد ۱۲۳۴',
  created: new Date('2026-05-27T08:30:00Z'),
  keywords: ['دادخواست', 'AB-12345'],
};

const bidi = bidiFactory();

/**
 * An OcrPage for known text without running OCR: each line's words laid out as a renderer would
 * (bidi visual order, right-aligned), fixed-width boxes per character. The PDF tests must not
 * depend on what tesseract happens to misread.
 */
function layoutOcr(lines: readonly string[], widthPx: number, heightPx: number): OcrPage {
  const charPx = 22;
  const linePx = 60;
  const out: OcrLine[] = lines.map((text, row) => {
    const resolved = resolveLine(text);
    const order = bidi.getReorderedIndices(text, resolved.levels);
    const visualPos = new Map(order.map((logical, visual) => [logical, visual]));
    const right = widthPx - 100;
    const left = right - text.length * charPx;
    const y0 = 100 + row * (linePx + 40);
    let at = 0;
    const words = text.split(' ').map((word) => {
      const start = text.indexOf(word, at);
      at = start + word.length;
      const positions = [...Array(word.length).keys()].map((k) => visualPos.get(start + k)!);
      const x0 = left + Math.min(...positions) * charPx;
      const x1 = left + (Math.max(...positions) + 1) * charPx;
      return { text: word, bbox: { x0, y0, x1, y1: y0 + linePx }, confidence: 95 };
    });
    return { text, bbox: { x0: left, y0, x1: right, y1: y0 + linePx }, words };
  });
  return { text: lines.join('\n'), lines: out, confidence: 95, widthPx, heightPx };
}

const MIXED_LINES = [
  'کد رهگیری AB-12345 را نگه دارید.',
  'مبلغ ۷۷۰٬۰۰۰ ریال در تاریخ ۱۴۰۵/۰۳/۰۶ پرداخت شد.',
  'شماره پرونده 9809982110400567 نزد شعبه ۲۴ دادگاه است.',
  'هزینه (نقدی) پرداخت شد.',
  'Invoice 42 برای دفتر',
];

async function whitePage(widthPx: number, heightPx: number, dpi: number): Promise<PdfPageInput> {
  const image = await sharp({ create: { width: widthPx, height: heightPx, channels: 3, background: '#f4f4f4' } }).jpeg({ quality: 80 }).toBuffer();
  return { image, mime: 'image/jpeg', widthPx, heightPx, dpi };
}

describe('buildDocumentPdf', () => {
  let mixedFile: string;
  let a4: PdfPageInput;

  beforeAll(async () => {
    a4 = await whitePage(2480, 3508, 300);
    mixedFile = save(await buildDocumentPdf({ pages: [{ ...a4, ocr: layoutOcr(MIXED_LINES, 2480, 3508) }], meta }));
  });

  it('passes qpdf --check and embeds the text font (a Vazirmatn subset)', async () => {
    const check = await tool('qpdf', '--check', mixedFile);
    expect(check).toContain('No syntax or stream encoding errors found');
    const fonts = (await tool('pdffonts', mixedFile)).split('\n').slice(2).filter(Boolean);
    expect(fonts).toHaveLength(1);
    expect(fonts[0]).toMatch(/^Vazirmatn\S*\s+CID TrueType\s+Identity-H\s+yes\s+\S+\s+yes/);
  });

  it('gives pdftotext the lines in logical order: Persian, Persian and Latin digits, a Latin run', async () => {
    const text = await pdftotext(mixedFile);
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(MIXED_LINES.length);
    for (const [i, expected] of MIXED_LINES.entries()) {
      // poppler moves the space at a direction change into the embedding («رهگیری  AB-12345را»):
      // characters and their order are what is compared.
      expect(noSpace(lines[i]!)).toBe(noSpace(expected));
    }
    expect(text).toContain('AB-12345');
    expect(text).toContain('۱۴۰۵/۰۳/۰۶');
    expect(text).toContain('۷۷۰٬۰۰۰');
    expect(text).toContain('9809982110400567');
    expect(text).toContain('(نقدی)');
    expect(text).toContain('نگه دارید.');
  });

  it('draws the text invisibly, word by word, squeezed to each box (Tr 3, Tz, one Tm per word)', async () => {
    const qdf = path.join(dir, 'qdf.pdf');
    await run('qpdf', ['--qdf', '--object-streams=disable', mixedFile, qdf]);
    const content = readFileSync(qdf, 'latin1');
    expect(content).toMatch(/\b3 Tr\b/);
    const words = MIXED_LINES.join(' ').split(' ').length;
    expect(content.match(/ Tm\b/g)).toHaveLength(words);
    expect(content.match(/ Tz\b/g)).toHaveLength(words);
  });

  it('sizes each page from its pixels and dpi, and pdftoppm renders the image at the same size', async () => {
    const a5at200 = await whitePage(1165, 1654, 200);
    const file = save(await buildDocumentPdf({ pages: [a4, a5at200], meta }));
    const info = await tool('pdfinfo', '-f', '1', '-l', '2', file);
    expect(info).toMatch(/Page +1 size: +595\.2 x 841\.92 pts/);
    expect(info).toMatch(/Page +2 size: +419\.4 x 595\.44 pts/);
    await run('pdftoppm', ['-r', '200', '-f', '2', '-l', '2', '-png', file, path.join(dir, 'size')]);
    const rendered = readdirSync(dir).find((f) => f.startsWith('size') && f.endsWith('.png'))!;
    const m = await sharp(path.join(dir, rendered)).metadata();
    expect([m.width, m.height]).toEqual([1165, 1654]);
  });

  it('embeds a JPEG byte for byte', async () => {
    const page = await renderSamplePage(SAMPLE_LINES.slice(0, 2), { dpi: 200 });
    const jpeg = await sharp(page.png).jpeg({ quality: 85 }).toBuffer();
    const file = save(await buildDocumentPdf({ pages: [{ image: jpeg, mime: 'image/jpeg', widthPx: page.widthPx, heightPx: page.heightPx, dpi: 200 }], meta }));
    await run('pdfimages', ['-j', file, path.join(dir, 'jpg')]);
    expect(readFileSync(path.join(dir, 'jpg-000.jpg')).equals(jpeg)).toBe(true);
  });

  it('makes a page without OCR: the image alone, no font, no text', async () => {
    const file = save(await buildDocumentPdf({ pages: [a4], meta }));
    expect((await tool('pdffonts', file)).split('\n').slice(2).filter(Boolean)).toHaveLength(0);
    expect((await pdftotext(file)).trim()).toBe('');
    expect(await tool('qpdf', '--check', file)).toContain('No syntax or stream encoding errors found');
  });

  it('keeps a 1-bit PNG 1-bit and its compressed bytes unchanged; the page renders as the scan', async () => {
    const page = await renderSamplePage(SAMPLE_LINES, { dpi: 300, heightMm: 100 });
    const bw = await sharp(page.png).threshold(128).png({ palette: true, colours: 2, compressionLevel: 9 }).toBuffer();
    const parsed = pngPassthrough(bw)!;
    expect(parsed.bitsPerComponent).toBe(1);
    const file = save(
      await buildDocumentPdf({ pages: [{ image: bw, mime: 'image/png', widthPx: page.widthPx, heightPx: page.heightPx, dpi: 300, ocr: layoutOcr(page.lines, page.widthPx, page.heightPx) }], meta }),
    );
    const list = (await tool('pdfimages', '-list', file)).split('\n')[2]!.trim().split(/\s+/);
    expect(list[3]).toBe(String(page.widthPx));
    expect(list[4]).toBe(String(page.heightPx));
    expect(list[7]).toBe('1'); // bpc
    const pdfBytes = readFileSync(file);
    expect(pdfBytes.includes(parsed.data)).toBe(true);
    expect(pdfBytes.length).toBeLessThan(bw.length + 40_000); // the image plus the font subset and text
    await expectRenderedLike(file, bw, page.widthPx, page.heightPx, 300, 'bw');
  });

  it('embeds a CCITT G4 TIFF strip by strip without decoding, black on white', async () => {
    const page = await renderSamplePage(SAMPLE_LINES.slice(0, 3), { dpi: 300 });
    const g4 = await sharp(page.png).threshold(128).extractChannel(0).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer();
    const file = save(await buildDocumentPdf({ pages: [{ image: g4, mime: 'image/tiff', widthPx: page.widthPx, heightPx: page.heightPx, dpi: 300 }], meta }));
    expect(await tool('qpdf', '--check', file)).toContain('No syntax or stream encoding errors found');
    expect(readFileSync(file).length).toBeLessThan(g4.length + 8_000);
    await expectRenderedLike(file, g4, page.widthPx, page.heightPx, 300, 'g4');
  });

  it('writes Info and XMP metadata that pdfinfo reads back', async () => {
    const info = await tool('pdfinfo', mixedFile);
    expect(info).toMatch(/Title: +پرونده ۱۴۰۵\/۱۲۳ — دادخواست/);
    expect(info).toMatch(/Author: +دفتر خدمات الکترونیک قضایی کد ۱۲۳۴/);
    expect(info).toMatch(/Subject: +درخواست 1405-0000123/);
    expect(info).toMatch(/Keywords: +دادخواست/);
    expect(info).toMatch(/Producer: +Daftaryar/);
    expect(info).toMatch(/CreationDate: +Wed May 27 08:30:00 2026 UTC/);
    expect(info).toMatch(/Metadata Stream: +yes/);
    const xmp = await tool('pdfinfo', '-meta', mixedFile);
    expect(xmp).toContain('<rdf:li xml:lang="x-default">پرونده ۱۴۰۵/۱۲۳ — دادخواست</rdf:li>');
    expect(xmp).toContain('<xmp:CreateDate>2026-05-27T08:30:00Z</xmp:CreateDate>');
    expect(xmp).not.toContain('pdfaid'); // not PDF/A: no claim (README)
  });

  it('builds 50 pages quickly, about the size of the images', async () => {
    const page = await renderSamplePage(SAMPLE_LINES, { dpi: 300, heightMm: 297 });
    const bw = await sharp(page.png).threshold(128).png({ palette: true, colours: 2, compressionLevel: 9 }).toBuffer();
    const ocr = layoutOcr(page.lines, page.widthPx, page.heightPx);
    const pages = Array.from({ length: 50 }, () => ({ image: bw, mime: 'image/png' as const, widthPx: page.widthPx, heightPx: page.heightPx, dpi: 300, ocr }));
    const t0 = performance.now();
    const pdf = await buildDocumentPdf({ pages, meta });
    const ms = performance.now() - t0;
    const images = bw.length * 50;
    console.log(`50 pages: ${ms.toFixed(0)} ms, PDF ${pdf.length} B for ${images} B of images (${((pdf.length / images - 1) * 100).toFixed(1)} % over)`);
    expect(ms).toBeLessThan(8_000); // ≈ 1.5 s here on an idle machine; generous for a shared one
    expect(pdf.length).toBeLessThan(images * 1.1 + 60_000);
    const file = save(pdf);
    expect(await tool('qpdf', '--check', file)).toContain('No syntax or stream encoding errors found');
    expect(await tool('pdfinfo', file)).toMatch(/Pages: +50/);
  });

  it('is deterministic: the same document gives the same bytes, with a file ID from its content', async () => {
    const input = { pages: [{ ...a4, ocr: layoutOcr(MIXED_LINES, 2480, 3508) }], meta };
    const [one, two] = [Buffer.from(await buildDocumentPdf(input)), Buffer.from(await buildDocumentPdf(input))];
    expect(one.equals(two)).toBe(true);
    const other = Buffer.from(await buildDocumentPdf({ ...input, meta: { ...meta, title: 'دیگر' } }));
    const id = (b: Buffer) => /\/ID \[ ?<([0-9a-f]{32})> ?<([0-9a-f]{32})> ?\]/.exec(b.toString('latin1'))?.[1];
    expect(id(one)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(other)).not.toBe(id(one));
  });

  it('rejects a document without pages and a page without a resolution', async () => {
    await expect(buildDocumentPdf({ pages: [], meta })).rejects.toThrow(/at least one page/);
    await expect(buildDocumentPdf({ pages: [{ ...a4, dpi: 0 }], meta })).rejects.toThrow(/page 1/);
  });
});

describe('scan → OCR → PDF', () => {
  let sample: SamplePage;
  let ocr: OcrPage;
  beforeAll(async () => {
    const pool = createOcrPool();
    sample = await renderSamplePage();
    try {
      ocr = await pool.recognize(sample.png, sample);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('gives back through pdftotext what OCR read, line by line, in logical order', async () => {
    const file = save(await buildDocumentPdf({ pages: [{ image: sample.png, mime: 'image/png', widthPx: sample.widthPx, heightPx: sample.heightPx, dpi: sample.dpi, ocr }], meta }));
    const lines = (await pdftotext(file)).split('\n').filter((l) => l.trim() !== '');
    // Vazirmatn draws ZWNJ with its space glyph, so «می‌شود» comes back «می شود» (README).
    expect(lines.map(noSpace)).toEqual(ocr.lines.map((l) => noSpace(l.text.replace(/\u200C/g, ' '))));
  });
});

/** pdftoppm at the page's dpi gives back the stored image: same size, (almost) the same pixels. */
async function expectRenderedLike(file: string, image: Buffer, widthPx: number, heightPx: number, dpi: number, name: string) {
  const prefix = path.join(dir, `render-${name}`);
  await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', file, prefix]);
  const rendered = path.join(dir, readdirSync(dir).find((f) => f.startsWith(`render-${name}`))!);
  const a = await sharp(rendered).greyscale().raw().toBuffer({ resolveWithObject: true });
  expect([a.info.width, a.info.height]).toEqual([widthPx, heightPx]);
  const b = await sharp(image).greyscale().raw().toBuffer();
  // poppler smooths the edges of a 1-bit image a little: compare ink against ink.
  let differ = 0;
  let ink = 0;
  let inkKept = 0;
  for (let i = 0; i < b.length; i++) {
    const inkA = a.data[i]! < 128;
    const inkB = b[i]! < 128;
    if (inkA !== inkB) differ++;
    if (inkB) ink++;
    if (inkA && inkB) inkKept++;
  }
  expect(ink).toBeGreaterThan(1000);
  expect(inkKept / ink).toBeGreaterThan(0.75); // an inverted or shifted image fails here (≈ 0)
  expect(differ / b.length).toBeLessThan(0.01);
}
